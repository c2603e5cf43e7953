import Testing

@testable import Indexer

/// Name spans of function words are dropped and names do not end in one (`EntityNormalizer.trimFunctionWords`).
@Suite("Function words are no names")
struct EntityFunctionWordTests {
  typealias Span = EntityNormalizer.TokenSpan

  /// The spans (first token, token count, type) of `text` after trimming, as "surface/TYPE".
  static func trim(_ text: String, _ pieces: [(String, Int, EntityType)]) -> [String] {
    let t = NERTokenizer.tokenize(Array(text.utf8))
    var used = Set<Int>()
    let spans = pieces.map { (word, length, type) -> Span in
      let k = (0..<t.count).first { t.text($0) == word && !used.contains($0) }!
      used.insert(k)
      return Span(start: k, end: k + length, type: type)
    }
    return EntityNormalizer.trimFunctionWords(spans, t) { _ in }.map {
      EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue
    }
  }

  @Test("lone function words, sentence adverbs and punctuation are dropped")
  func loneFunctionWords() {
    let text =
      "However, the Archbishop of Canterbury spoke. Of the rest, } } came. Additionally & He left. Meanwhile it rained."
    #expect(
      EntityFunctionWordTests.trim(
        text,
        [
          ("However", 1, .person), ("Archbishop", 1, .person), ("of", 1, .org), ("Canterbury", 1, .loc),
          ("Of", 1, .org), ("}", 2, .person), ("Additionally", 1, .person), ("&", 1, .org), ("He", 1, .person),
          ("Meanwhile", 1, .person),
        ]) == ["Archbishop/PERSON", "Canterbury/LOC"])
  }

  @Test("names lose a trailing lower-case function word, and keep capitals and periods")
  func trailingWords() {
    #expect(
      EntityFunctionWordTests.trim(
        "Morgan Guaranty Trust Co of New York and Food and Drug", [("Morgan", 5, .org), ("Food", 2, .org)])
        == ["Morgan Guaranty Trust Co/ORG", "Food/ORG"])
    #expect(
      EntityFunctionWordTests.trim(
        "Serie A and Charles I met in Tampa, Fla. with US and IT staff",
        [("Serie", 2, .misc), ("Charles", 2, .person), ("Fla", 2, .loc), ("US", 1, .loc), ("IT", 1, .org)])
        == ["Serie A/MISC", "Charles I/PERSON", "Fla ./LOC", "US/LOC", "IT/ORG"])  // surfaces join tokens by spaces
  }

  @Test("other types pass untouched")
  func otherTypes() {
    #expect(EntityFunctionWordTests.trim("up 5 pct of it", [("of", 1, .percent)]) == ["of/PERCENT"])
  }
}
