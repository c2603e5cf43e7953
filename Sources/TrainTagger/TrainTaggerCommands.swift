import Foundation
import Indexer

/// The two modes of `train-tagger`: training and writing predictions.
enum TrainTaggerCommands {
  static let usage = """
    usage: train-tagger --train FILE --dev FILE --out MODEL [--epochs N] [--seed N] [--upper N] [--gazetteers DIR] [--clusters 0]
           train-tagger predict --model MODEL --input CONLL --out PRED [--normalized 1]
           train-tagger tag [--model MODEL] --input TEXTFILE
    Training prints dev F1 per epoch and keeps the best epoch. --upper N adds an all-caps copy of every N-th
    training document (default 6). --gazetteers names the reuters21578 folder (default: ../shared/data/reuters21578
    when present). predict writes "token gold pred" lines for nereval.py conll-f1; --normalized 1 predicts through the whole
    tagger (model, rules and the normalizer's document rules) instead of the model alone.
    """

  static func options(_ args: [String]) throws -> [String: String] {
    var out: [String: String] = [:]
    var i = 0
    while i < args.count {
      guard args[i].hasPrefix("--"), i + 1 < args.count else {
        throw SeekError(.invalidInput, "train-tagger: unexpected argument \(args[i]); see --help")
      }
      out[String(args[i].dropFirst(2))] = args[i + 1]
      i += 2
    }
    return out
  }

  static func require(_ o: [String: String], _ key: String) throws -> String {
    guard let v = o[key] else { throw SeekError(.invalidInput, "train-tagger: --\(key) is required; see --help") }
    return v
  }

  static func train(_ o: [String: String]) throws {
    let trainPath = try require(o, "train")
    let outPath = try require(o, "out")
    let epochs = Int(o["epochs"] ?? "12") ?? 12
    let seed = UInt64(o["seed"] ?? "1") ?? 1
    let upper = Int(o["upper"] ?? "6") ?? 6
    var gazetteer = Gazetteer.builtIn()
    let reuters =
      o["gazetteers"] ?? ["../shared/data/reuters21578", "../../shared/data/reuters21578"].first {
        FileManager.default.fileExists(atPath: $0)
      } ?? "../shared/data/reuters21578"
    let added = gazetteer.addReutersLists(directory: reuters)
    print("gazetteer: \(gazetteer.entries.count) entries (\(added) from \(reuters))")
    let train = NERTrainer.examples(try CoNLLCorpus(path: trainPath), uppercaseEvery: upper)
    let dev = try o["dev"].map { NERTrainer.examples(try CoNLLCorpus(path: $0)) } ?? []
    print("train: \(train.count) documents; dev: \(dev.count) documents")
    var clusters: WordClusters.Table = [:]
    if o["clusters"] != "0" {
      var texts = WordClusters.reutersTexts(directory: reuters)
      let sources = try CoNLLCorpus(path: trainPath)
      for doc in sources.documents { texts.append(NERTokenizedText.pretokenized(doc.sentences).bytes) }
      let t0 = Date()
      clusters = WordClusters.learn(texts, seed: seed)
      print(
        String(
          format: "word classes: %d words from %d texts (%.0f s)", clusters.count, texts.count,
          Date().timeIntervalSince(t0)))
    }
    var trainer = NERTrainer(gazetteer: gazetteer, clusters: clusters, seed: seed)
    let start = Date()
    let (model, f1) = trainer.train(train, dev: dev, epochs: epochs) { line in
      print(line + String(format: " (%.0f s)", Date().timeIntervalSince(start)))
      fflush(nil)
    }
    let bytes = model.fileBytes()
    guard FileManager.default.createFile(atPath: outPath, contents: Data(bytes)) else {
      throw SeekError(.io, "train-tagger: cannot write \(outPath); check the folder exists and is writable")
    }
    print(
      String(format: "wrote %@ (%d bytes, %d rows), best dev F1 %.2f", outPath, bytes.count, model.rowCount, f1 * 100))
  }

  /// Tags a raw text file and prints one span per line (inspection).
  static func tagFile(_ o: [String: String]) throws {
    let tagger = try o["model"].map { try EntityTagger(modelPath: $0) } ?? EntityTagger.load()
    let path = try require(o, "input")
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SeekError(.invalidInput, "train-tagger: cannot read \(path)")
    }
    for s in tagger.tag(String(decoding: data, as: UTF8.self)) {
      print("\(s.start)\t\(s.end)\t\(s.type.rawValue)\t\(s.text)\t\(s.normalized)\t\(s.subtype)")
    }
  }

  static func predict(_ o: [String: String]) throws {
    let model = try NERModel(path: try require(o, "model"))
    let corpus = try CoNLLCorpus(path: try require(o, "input"))
    let outPath = try require(o, "out")
    var out = ""
    let normalized = o["normalized"] == "1"
    let tagger = EntityTagger(model: model)
    let cache = NERScoreCache()
    for doc in corpus.documents {
      let text = NERTokenizedText.pretokenized(doc.sentences)
      var labels: [String] = []
      if normalized {
        labels = [String](repeating: "O", count: text.count)
        var k = 0
        for span in tagger.tag(pretokenized: text, cache: cache) {
          let c: String
          switch span.type {
          case .person: c = "PER"
          case .org: c = "ORG"
          case .loc: c = "LOC"
          case .misc: c = "MISC"
          default: continue
          }
          while k < text.count && Int(text.starts[k]) < span.start { k += 1 }
          var first = true
          while k < text.count && Int(text.ends[k]) <= span.end {
            labels[k] = (first ? "B-" : "I-") + c
            first = false
            k += 1
          }
        }
      } else {
        let info = NERTokenInfo(text, model: model)
        let tags = model.tag(text, info)
        for t in tags {
          var name = "O"
          if let c = NERTagSet.entityClass(t) {
            let p = NERTagSet.position(t)
            name = (p == 0 || p == 3 ? "B-" : "I-") + NERTagSet.conllNames[c]
          }
          labels.append(name)
        }
      }
      var k = 0
      for (s, sentence) in doc.sentences.enumerated() {
        for (j, token) in sentence.enumerated() {
          let name = labels[k]
          k += 1
          out += "\(token) \(doc.tags[s][j]) \(name)\n"
        }
        out += "\n"
      }
    }
    guard FileManager.default.createFile(atPath: outPath, contents: Data(out.utf8)) else {
      throw SeekError(.io, "train-tagger: cannot write \(outPath)")
    }
    print("wrote \(outPath)")
  }
}
