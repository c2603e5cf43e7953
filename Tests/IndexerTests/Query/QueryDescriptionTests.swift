import Indexer
import Testing

/// `BooleanQuery.description` of plain word lists (written directly) matches the general form: clauses joined by a
/// space, and parses back to the same query.
@Suite struct QueryDescriptionTests {
  @Test func plainWordListsPrintAsTheirWordsJoinedBySpaces() throws {
    let lists: [[String]] = [
      ["deepseek"], ["deepseek", "export", "controls"], ["", "a"], ["a", ""], ["ünïcödé", "日本"],
    ]
    for words in lists {
      let query = BooleanQuery(should: words.map { .term(TermQuery($0)) })
      #expect(query.description == words.joined(separator: " "))
    }
    #expect(BooleanQuery(should: []).description == "")
    let parsed = try QueryParser().parse("zero dimensional biomaterials")
    #expect(try QueryParser().parse(parsed.description) == parsed)
  }

  @Test func otherClausesKeepTheirOperators() {
    let mixed = BooleanQuery(should: [
      .term(TermQuery("a")), .term(TermQuery("b", field: .title)), .term(TermQuery("c", mode: .prefix)),
      .term(TermQuery("dddddd", mode: .fuzzy(maxEdits: 1))),
    ])
    #expect(mixed.description == "a title:b c* dddddd~1")
    let required = BooleanQuery(must: [.term(TermQuery("x"))], should: [.term(TermQuery("y"))])
    #expect(required.description == "+x y")
    let excluded = BooleanQuery(should: [.term(TermQuery("y"))], mustNot: [.term(TermQuery("z"))])
    #expect(excluded.description == "y -z")
  }
}
