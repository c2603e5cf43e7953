import Foundation
import Indexer
import TestSupport
import Testing

@Suite("Tagger model: training determinism, file format, loading, CoNLL accuracy")
struct TaggerModelTests {
  /// A small synthetic CoNLL corpus (IOB1, like CoNLL-2003).
  static func syntheticCorpus() -> String {
    let people = ["John Smith", "Maria Lopez", "Wei Zhang", "Anna Berg", "Peter Novak", "Lena Koch"]
    let orgs = ["Acme Corp", "Globex", "Initech", "Umbrella Group", "Stark Industries", "Wayne Enterprises"]
    let places = ["Paris", "Berlin", "Tokyo", "Lima", "Oslo", "Cairo"]
    var out = ""
    for d in 0..<4 {
      out += "-DOCSTART- -X- O O\n\n"
      for k in 0..<12 {
        let p = people[(d + k) % people.count].split(separator: " ")
        let o = orgs[(d * 2 + k) % orgs.count].split(separator: " ")
        let l = places[(d + 3 * k) % places.count]
        for w in p { out += "\(w) NNP I-NP I-PER\n" }
        out += "joined NN I-NP O\n"
        for w in o { out += "\(w) NNP I-NP I-ORG\n" }
        out += "in IN I-PP O\n\(l) NNP I-NP I-LOC\n. . O O\n\n"
      }
    }
    return out
  }

  static func train(seed: UInt64) -> NERModel {
    let corpus = CoNLLCorpus(text: syntheticCorpus())
    let examples = NERTrainer.examples(corpus, uppercaseEvery: 2)
    var trainer = NERTrainer(gazetteer: Gazetteer.builtIn(), seed: seed)
    return trainer.train(examples, dev: NERTrainer.examples(corpus), epochs: 3) { _ in }.0
  }

  @Test("same data and seed give a byte-identical model; the model learns the data")
  func determinism() throws {
    let a = TaggerModelTests.train(seed: 7).fileBytes()
    let b = TaggerModelTests.train(seed: 7).fileBytes()
    #expect(a == b)
    let model = try NERModel(bytes: a, path: "memory")
    let corpus = CoNLLCorpus(text: TaggerModelTests.syntheticCorpus())
    #expect(NERTrainer.evaluate(model, NERTrainer.examples(corpus)).f1 > 0.9)
  }

  @Test("a model survives a write and read; corruption is detected")
  func fileFormat() throws {
    let model = TaggerModelTests.train(seed: 3)
    let bytes = model.fileBytes()
    let dir = Fixtures.temporaryDirectory("tagger-model")
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/m.model"
    Fixtures.write(path, bytes)
    let tagger = try EntityTagger(modelPath: path)
    let again = try NERModel(path: path)
    #expect(again.fileBytes() == bytes)
    #expect(tagger.tag("Maria Lopez joined Globex in Oslo .").contains { $0.type == .person })
    var corrupt = bytes
    corrupt[corrupt.count / 2] ^= 0x5A
    Fixtures.write(path, corrupt)
    #expect(throws: SeekError.self) { try EntityTagger(modelPath: path) }
    Fixtures.write(path, Array(bytes.prefix(30)))
    #expect(throws: SeekError.self) { try EntityTagger(modelPath: path) }
    #expect(throws: SeekError.self) { try EntityTagger(modelPath: dir + "/missing.model") }
  }

  @Test("the bundled model loads quickly (generous bound; see seek-bench tag for the real figure)")
  func loadTime() throws {
    let path = try #require(EntityTagger.bundledModelPath)
    let clock = ContinuousClock()
    let elapsed = try clock.measure { _ = try EntityTagger(modelPath: path) }
    #expect(elapsed < .seconds(2), "loading took \(elapsed)")
  }

  @Test("micro F1 on CoNLL-2003 eng.testa is at least 90")
  func conllDev() throws {
    guard let shared = Fixtures.sharedData else {
      print("skipping: ../shared/data is absent (set SEEK_SHARED_DATA to run)")
      return
    }
    let path = shared + "/ner/conll2003/eng.testa"
    guard FileManager.default.fileExists(atPath: path) else {
      print("skipping: \(path) is absent")
      return
    }
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let f1 = NERTrainer.evaluate(model, NERTrainer.examples(try CoNLLCorpus(path: path))).f1
    print("eng.testa micro F1: \(f1)")
    #expect(f1 >= 0.90, "dev F1 \(f1)")
  }
}
