import Foundation
import TestSupport
import Testing

@testable import Indexer

/// `EntityRules.find` skips tokens that cannot start a span without calling `match`; the spans must be those of
/// trying `match` at every token.
@Suite("Entity rules: tokens that cannot start a span are skipped without changing the spans")
struct EntityRulesShortcutTests {
  /// The reference: `match` tried at every token.
  static func everyToken(_ text: NERTokenizedText, _ info: NERTokenInfo) -> [(Int, Int, EntityType)] {
    var out: [(Int, Int, EntityType)] = []
    let kinds = EntityRules.kinds(info)
    text.bytes.withUnsafeBufferPointer { p in
      for r in text.sentences {
        var i = r.lowerBound
        while i < r.upperBound {
          if let (end, type) = EntityRules.match(p, text, info, kinds, i, r) {
            out.append((i, end, type))
            i = end
          } else {
            i += 1
          }
        }
      }
    }
    return out
  }

  @Test("seed article, rule phrases and Reuters-21578 (first 300 documents, when present): same spans")
  func sameSpans() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let article = try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8)
    let phrases = [
      "US$3.5m and HK$10, \u{20AC}5, \u{00A3}3 and \u{00A5}1 on 2024-12-09; mid-January, late-2024, the 1990s.",
      "It rose 7 percent to $70 billion in December 2024, 78% of 5 million yuan, 10 U.S. dollars since 2030.",
      "the past decade, last week, this year, 9 December 2024, December 9, 2024, first quarter 1987, Monday",
    ]
    var spans = 0
    for body in [article] + phrases + ReutersSample.bodies(file: "reut2-000.sgm", limit: 300) {
      let text = NERTokenizer.tokenize(Array(body.utf8))
      let info = NERTokenInfo(text, model: model)
      let fast = EntityRules.find(text, info)
      let reference = EntityRulesShortcutTests.everyToken(text, info)
      #expect(fast.map { [$0.0, $0.1] } == reference.map { [$0.0, $0.1] }, "\(body.prefix(60))")
      #expect(fast.map(\.2) == reference.map(\.2))
      spans += fast.count
    }
    #expect(spans >= 20)
  }
}
