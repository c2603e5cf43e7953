import Indexer
import Testing

@Suite("Entity rules: DATE, MONEY, PERCENT")
struct EntityRulesTests {
  static let tagger: EntityTagger? = try? EntityTagger.load()

  /// The spans of `type` in `text`, as surface strings.
  func spans(_ text: String, _ type: EntityType) throws -> [String] {
    let tagger = try #require(EntityRulesTests.tagger)
    return tagger.tag(text).filter { $0.type == type }.map(\.text)
  }

  @Test(
    "dates",
    arguments: [
      ("It was introduced in December 2024, officials said.", "December 2024"),
      ("The report was published on December 9, 2024, in Brussels.", "December 9, 2024"),
      ("The report was published on 9 December 2024 in Brussels.", "9 December 2024"),
      ("The index hit a low in mid-January, traders said.", "mid-January"),
      ("Over the past decade, restrictions have grown.", "the past decade"),
      ("The goal is to reach the target by 2030.", "2030"),
      ("Shares fell on Monday after the report.", "Monday"),
      ("Sales rose sharply last year in Asia.", "last year"),
      ("Profits rose in the first quarter of the year.", "first quarter"),
    ])
  func dates(_ text: String, _ expected: String) throws {
    #expect(try spans(text, .date).contains(expected))
  }

  @Test(
    "money",
    arguments: [
      ("The industry is worth over $70 billion in China.", "$70 billion"),
      ("The startup raised US$3.5m from investors.", "US$3.5m"),
      ("The plan costs 70 billion dollars over ten years.", "70 billion dollars"),
      ("The fund received €5 million from the bank.", "€5 million"),
      ("Japan approved a ¥1 trillion package.", "¥1 trillion"),
      ("The deal is worth 10 billion yuan, the company said.", "10 billion yuan"),
    ])
  func money(_ text: String, _ expected: String) throws {
    #expect(try spans(text, .money).contains(expected))
  }

  @Test(
    "percentages",
    arguments: [
      ("Models are priced 7 percent below rivals.", "7 percent"),
      ("Some 78% of firms named uncertainty as the main challenge.", "78%"),
      ("Prices rose 7 per cent in March.", "7 per cent"),
    ])
  func percentages(_ text: String, _ expected: String) throws {
    #expect(try spans(text, .percent).contains(expected))
  }

  @Test("no rule spans in plain words or ordinary numbers")
  func negatives() throws {
    let tagger = try #require(EntityRulesTests.tagger)
    let text = "He may march with 12 friends and 3 dogs to the park."
    let found = tagger.tag(text).filter { $0.type == .date || $0.type == .money || $0.type == .percent }
    #expect(found.isEmpty, "unexpected: \(found.map(\.text))")
  }
}
