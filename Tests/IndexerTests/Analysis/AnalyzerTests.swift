import Foundation
import Indexer
import Testing

@Suite("Analyzer")
struct AnalyzerTests {
  let english = Analyzer()

  /// Whether the query's terms occur in the document's tokens at consecutive positions.
  func containsPhrase(_ document: [Token], _ query: [String]) -> Bool {
    guard let first = query.first else { return false }
    let byPosition = Dictionary(uniqueKeysWithValues: document.map { ($0.position, $0.term) })
    return document.contains { token in
      token.term == first && query.indices.allSatisfy { byPosition[token.position + $0] == query[$0] }
    }
  }

  @Test func englishStemmingByDefault() {
    let tokens = english.analyze("Running runners ran easily")
    #expect(tokens.map(\.term) == ["run", "runner", "ran", "easili"])
    #expect(tokens.map(\.exact) == ["running", "runners", "ran", "easily"])
    #expect(english.stemmerAlgorithm == "english")
    #expect(Analyzer(language: "").stemmerAlgorithm == "english")
  }

  @Test func signaturesTellComparableAnalyses() {
    #expect(Analyzer().signature == Analyzer(language: "en-GB").signature)
    #expect(Analyzer().signature != Analyzer(language: "de").signature)
    #expect(Analyzer().signature != Analyzer(stemming: false).signature)
    #expect(Analyzer(language: "fr").signature.hasSuffix("french elisions"))
  }

  @Test func stemmingCanBeTurnedOff() {
    let plain = Analyzer(stemming: false)
    #expect(plain.terms("Running runners") == ["running", "runners"])
    #expect(plain.stemmerAlgorithm == nil)
  }

  @Test func otherSnowballLanguages() {
    #expect(Analyzer(language: "de").terms("Häuser") == Analyzer(language: "de").terms("Haus"))
    #expect(Analyzer(language: "de-CH").stemmerAlgorithm == "german")
    #expect(Analyzer(language: "fr").terms("nationales") == Analyzer(language: "fr").terms("nationale"))
    #expect(Analyzer(language: "es").stemmerAlgorithm == "spanish")
    #expect(Analyzer(language: "ru").terms("книги") == Analyzer(language: "ru").terms("книга"))
    #expect(Analyzer(language: "ru").terms("красный красные") == ["красн", "красн"])
    #expect(Analyzer(language: "pt_BR").stemmerAlgorithm == "portuguese")
    #expect(Analyzer(language: "swedish").stemmerAlgorithm == "swedish")
    // English stemming does not apply to German text analyzed as German.
    #expect(Analyzer(language: "de").terms("running") != english.terms("running"))
  }

  @Test func noStemmingForCJKAndUnknownLanguages() {
    #expect(Analyzer(language: "zh-CN").stemmerAlgorithm == nil)
    #expect(Analyzer(language: "ja").stemmerAlgorithm == nil)
    #expect(Analyzer(language: "xx").stemmerAlgorithm == nil)
    #expect(Analyzer(language: "xx").terms("Running") == ["running"])
    // CJK bigrams pass through an English analyzer unstemmed.
    #expect(english.terms("出口管制") == ["出口", "口管", "管制"])
  }

  @Test func positionsAreConsecutive() {
    let tokens = english.analyze("New export-control rules, 美国")
    #expect(tokens.map(\.position) == Array(0..<tokens.count))
    #expect(tokens.map(\.exact) == ["new", "export", "control", "rules", "美国"])
  }

  @Test func hyphenatedWordIsFoundAsPartsAndPhrase() {
    let document = english.analyze("The new export-control regime")
    #expect(containsPhrase(document, english.terms("export-control")))
    #expect(containsPhrase(document, english.terms("export control")))
    #expect(containsPhrase(document, english.terms("control")))
    #expect(containsPhrase(document, english.terms("export")))
  }

  @Test func queriesMatchTheirDocumentForms() {
    let document = english.analyze(
      "China’s R&D spending in the U.S. on 5G and H20 chips rose 3.5 percent at Café Zürich, $1,000 each")
    for query in [
      "China's", "china", "R&D", "U.S.", "US", "5G", "H20", "3.5", "cafe", "CAFÉ", "zurich", "chip", "1,000", "1000",
    ] {
      #expect(containsPhrase(document, english.terms(query)), "query \(query)")
    }
    #expect(!containsPhrase(document, english.terms("R D")))
  }

  @Test func chineseQueriesMatchAtConsecutivePositions() {
    let analyzer = Analyzer(language: "zh-CN")
    let document = analyzer.analyze("美国对华为实施出口管制")
    #expect(containsPhrase(document, analyzer.terms("华为")))
    #expect(containsPhrase(document, analyzer.terms("出口管制")))
    #expect(analyzer.terms("出口管制").count == 3)
    #expect(!containsPhrase(document, analyzer.terms("管制出口")))
    // An English analyzer produces the same CJK terms.
    #expect(containsPhrase(english.analyze("美国对华为实施出口管制"), english.terms("出口管制")))
  }

  @Test func byteRangesGiveSurfaceForms() {
    let text = "Ärger 👍Café🎉 O’Brien's export-control 美国对华为 U.S."
    let bytes = Array(text.utf8)
    let surfaces = english.analyze(text).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    #expect(surfaces == ["Ärger", "Café", "O’Brien's", "export", "control", "美国", "国对", "对华", "华为", "U.S"])
  }

  @Test func bufferAndStringAnalysisAgree() {
    let text = "Le président a visité l'usine de Huawei à Shenzhen."
    let analyzer = Analyzer(language: "fr")
    var fromBytes: [Token] = []
    Array(text.utf8).withUnsafeBufferPointer { buffer in analyzer.analyze(buffer) { fromBytes.append($0) } }
    #expect(fromBytes == analyzer.analyze(text))
    #expect(fromBytes.contains { $0.exact == "president" })
    // A closure that ignores its argument still picks the Token overload unambiguously.
    var count = 0
    Array(text.utf8).withUnsafeBufferPointer { buffer in analyzer.analyze(buffer) { _ in count += 1 } }
    #expect(count == fromBytes.count)
    // French analysis drops the elided article: `l'usine` is found by `usine`.
    #expect(containsPhrase(fromBytes, analyzer.terms("usines")))
    #expect(Analyzer(language: "en").terms("l'usine") == ["lusin"])
  }

  @Test func invalidBytesDoNotCrash() {
    var bytes = Array("Zürich".utf8)
    bytes.insert(0xFF, at: 2)
    bytes += [0xE4, 0xB8]  // truncated 3-byte sequence
    var tokens: [Token] = []
    bytes.withUnsafeBufferPointer { buffer in english.analyze(buffer) { tokens.append($0) } }
    #expect(tokens.map(\.exact) == ["z", "rich"])
  }

  @Test func usableFromSeveralThreads() async {
    let analyzer = Analyzer(language: "en")
    let text = String(repeating: "Running runners nationalities organizations ", count: 200)
    let expected = analyzer.terms(text)
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<8 {
        group.addTask { (0..<5).allSatisfy { _ in analyzer.terms(text) == expected } }
      }
      var all: [Bool] = []
      for await ok in group { all.append(ok) }
      return all
    }
    #expect(results.count == 8 && results.allSatisfy { $0 })
  }
}

@Suite("Analyzer byte path")
struct AnalyzerBytesTests {
  @Test func bytePathMatchesTokenPath() {
    let text =
      "Nationalities of running runners: "
      + String(repeating: "x", count: 70) + "ing " + String(repeating: "Supercalifragilistic", count: 5)
      + " 华为 Zürich's R&D"
    for language in ["en", "de", "zh", "xx"] {
      let analyzer = Analyzer(language: language)
      var fromBytes: [Token] = []
      Array(text.utf8).withUnsafeBufferPointer { buffer in
        analyzer.analyzeBytes(buffer) { fromBytes.append($0.token) }
      }
      #expect(fromBytes == analyzer.analyze(text), "language \(language)")
      #expect(fromBytes.count > 8)
    }
  }

  @Test func cacheGivesStableResultsOverManyDistinctWords() {
    // More distinct words than the term cache holds, twice: results must not depend on cache state.
    let analyzer = Analyzer()
    let words = (0..<20_000).map { "word\($0)ing" }
    let text = words.joined(separator: " ")
    let first = analyzer.terms(text)
    let second = analyzer.terms(text)
    #expect(first == second)
    #expect(first.count == words.count)
    #expect(first[12_345] == "word12345")
  }
}
