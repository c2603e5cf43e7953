import Foundation
import Indexer
import TestSupport
import Testing

/// Re-analyzing a token's surface form (`text[start..<end]`) alone must give the same term: byte ranges are exact.
@Suite("Analysis surface forms")
struct SurfaceFormTests {
  func checkSurfaces(_ text: String, analyzer: Analyzer, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    let bytes = Array(text.utf8)
    var checked = 0
    var failures = 0
    for token in analyzer.analyze(text) {
      let surface = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
      let again = analyzer.analyze(surface)
      if again.first?.term != token.term || (again.count != 1 && again.first?.exact.utf8.count ?? 0 < 128) {
        failures += 1
        if failures <= 5 {
          Issue.record(
            "surface \(surface) -> \(again.map(\.term)), expected [\(token.term)]", sourceLocation: sourceLocation)
        }
      }
      checked += 1
    }
    return checked
  }

  @Test func multilingualText() {
    let text = """
      The U.S. Commerce Department’s export-control rules hit Huawei's 5G and H20 chips; R&D rose 3.5% to $1,000,000.
      Zürich, Café, naïve, Łódź, ﬁnance, ＡＢＣ. 美国对华为实施出口管制。カタカナ、한국어 말. ภาษาไทย 👍Emoji🎉end
      l'usine d’Airbus, O'Brien don't e.g. bob@example.com
      """
    #expect(checkSurfaces(text, analyzer: Analyzer()) > 40)
    #expect(checkSurfaces(text, analyzer: Analyzer(language: "fr")) > 40)
  }

  @Test func sharedCorpusSample() throws {
    guard let data = Fixtures.sharedData else {
      print("SurfaceFormTests: ../shared/data absent, skipping")
      return
    }
    let path = data + "/ir/scifact/docs.jsonl"
    guard let file = FileHandle(forReadingAtPath: path) else {
      print("SurfaceFormTests: \(path) absent, skipping")
      return
    }
    let head = file.readData(ofLength: 200_000)
    let lines = String(decoding: head, as: UTF8.self).split(separator: "\n").dropLast().prefix(60)
    var checked = 0
    for line in lines {
      let record = try JSONValue.parse(String(line))
      if let text = record["text"]?.stringValue { checked += checkSurfaces(text, analyzer: Analyzer()) }
    }
    #expect(checked > 1000)
  }
}
