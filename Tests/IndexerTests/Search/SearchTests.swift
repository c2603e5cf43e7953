import Indexer
import TestSupport
import Testing

@Suite struct SearchTests {
  /// A small corpus with known answers.
  static func corpus() throws -> IndexedFolder {
    let t = IndexedFolder()
    t.write("a.md", "# Export controls on chips\n\nThe United States tightened export controls on Huawei.\n")
    t.write("b.md", "# Weather report\n\nRain in Beijing. Controls of the weather are not possible.\n")
    t.write("c.txt", "TikTok and Tencent\nTikTok faced a ban while Tencent was listed by the Pentagon.\n")
    t.write("d.md", "# DeepSeek\n\nDeepSeek released open-weight models despite export-control rules.\n")
    t.write("sub/e.txt", "Huawei Huawei Huawei phones and Harmony OS.\n")
    try t.update()
    return t
  }

  @Test func plainWordsRankDocumentsMatchingMoreWordsFirst() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let ids = try t.ids("export controls huawei")
    #expect(ids.first?.hasSuffix("/a.md") == true)
    #expect(Set(ids.map { $0.split(separator: "/").last! }) == ["a.md", "b.md", "d.md", "e.txt"])
  }

  @Test func phrasesNeedAdjacentWords() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    #expect(
      try t.ids("\"export controls\"").map { String($0.split(separator: "/").last!) }.sorted() == ["a.md", "d.md"])
    #expect(try t.ids("\"controls export\"").isEmpty)
    #expect(try t.ids("\"controls export\"~2").count == 2)
  }

  @Test func requiredExcludedAndBooleanOperators() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let names = { (q: String) in try t.ids(q).map { String($0.split(separator: "/").last!) }.sorted() }
    #expect(try names("huawei -phones") == ["a.md"])
    #expect(try names("+tiktok tencent") == ["c.txt"])
    #expect(try names("deepseek OR tiktok") == ["c.txt", "d.md"])
    #expect(try names("export AND huawei") == ["a.md"])
    #expect(try names("-huawei").count == 3)
  }

  @Test func prefixAndFuzzyWordsExpandThroughTheDictionary() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    #expect(try t.ids("tenc*").count == 1)
    #expect(try t.ids("huawai~").count == 2)
    #expect(try t.ids("huawai").isEmpty)
  }

  @Test func fieldsAndFilters() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    #expect(try t.ids("title:deepseek").count == 1)
    #expect(try t.ids("type:text").count == 2)
    #expect(try t.ids("huawei path:**/sub/*").map { $0.hasSuffix("/sub/e.txt") } == [true])
    #expect(try t.ids("huawei type:markdown").count == 1)
  }

  @Test func resultsPageWithOffsetAndReportTotal() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let searcher = try t.searcher()
    let all = try searcher.search(SearchRequest(query: "export controls huawei", limit: 10))
    let page = try searcher.search(SearchRequest(query: "export controls huawei", limit: 2, offset: 2))
    #expect(all.total == 4 && page.total == 4)
    #expect(page.hits.map(\.id) == Array(all.hits.map(\.id)[2...]))
    #expect(page.hits.first?.rank == 3)
    #expect(zip(all.hits, all.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
  }

  @Test func plainSyntaxIgnoresOperatorsAndFields() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let searcher = try t.searcher()
    var request = SearchRequest(query: "-huawei (export title:tiktok", snippets: false, facetLimit: 0)
    request.plain = true
    let plain = try searcher.search(request)
    let words = try searcher.search(SearchRequest(query: "huawei export title tiktok", snippets: false, facetLimit: 0))
    #expect(plain.hits.map(\.id) == words.hits.map(\.id))
    #expect(plain.hits.contains { $0.id.hasSuffix("/a.md") })
  }

  @Test func hitsWithoutStoredFieldsHaveTheSameIdsAndPaths() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let searcher = try t.searcher()
    for q in ["export controls huawei", "tiktok", "weather rain beijing", "huawei -phones"] {
      let full = try searcher.search(SearchRequest(query: q, snippets: false, facetLimit: 0))
      var lightRequest = SearchRequest(query: q, snippets: false, facetLimit: 0)
      lightRequest.storedFields = false
      let light = try searcher.search(lightRequest)
      #expect(light.hits.map(\.id) == full.hits.map(\.id))
      #expect(light.hits.map(\.path) == full.hits.map(\.path))
      #expect(light.hits.map(\.score) == full.hits.map(\.score))
    }
  }

  @Test func hitsCarryTheSourcePositionOfTheBestMatch() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let results = try t.searcher().search(SearchRequest(query: "pentagon"))
    let hit = try #require(results.hits.first)
    #expect(hit.position.line == 2)
    #expect(hit.position.column == 1 + "TikTok faced a ban while Tencent was listed by the ".utf8.count)
    let snippet = try #require(hit.snippet)
    let h = try #require(snippet.highlights.first)
    let bytes = Array(snippet.text.utf8)
    #expect(String(decoding: bytes[h.snippet.utf8Start..<h.snippet.utf8End], as: UTF8.self) == "Pentagon")
  }

  @Test func incrementalRunsFollowChangesAddsAndDeletes() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let again = try t.update()
    #expect(again.unchanged == 5 && again.added == 0 && again.updated == 0)
    t.write("b.md", "# Weather\n\nSunny in Shenzhen.\n")
    Fixtures.removeTree(t.documents + "/sub")
    t.write("f.md", "BeiDou satellites\n")
    let report = try t.update()
    #expect(report.updated == 1 && report.added == 1 && report.removed == 1)
    #expect(try t.ids("rain").isEmpty)
    #expect(try t.ids("shenzhen").count == 1)
    #expect(try t.ids("beidou").count == 1)
    #expect(try t.ids("harmony").isEmpty)
  }

  @Test func chineseQueriesFindChineseDocuments() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    t.write("zh.txt", "美国对华为实施出口管制。\n")
    t.write("en.txt", "Nothing in Chinese here.\n")
    try t.update()
    #expect(try t.ids("华为").count == 1)
    #expect(try t.ids("出口管制").count == 1)
    #expect(try t.ids("管制出口").isEmpty)
  }

  @Test func randomQueriesNeverCrash() throws {
    let t = try Self.corpus()
    defer { t.cleanUp() }
    let searcher = try t.searcher()
    var rng = SeededRandom(seed: 42)
    let alphabet = Array("ab huawei export \"()*~:+-ANDORNOT title: path:*.md date:2024..  华为é😀")
    for _ in 0..<300 {
      let length = Int(rng.next() % 24)
      let q = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
      _ = try searcher.search(SearchRequest(query: q, limit: 3))
    }
  }
}
