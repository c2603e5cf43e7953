import Indexer
import TestSupport
import Testing

/// The ranking additions on top of BM25F: function words in long queries, the proximity bonus and feedback.
@Suite struct RankingModelTests {
  static func search(_ t: IndexedFolder, _ query: String, model: RankingModel) throws -> SearchResults {
    let searcher = try Searcher(reader: IndexReader.open(directory: t.index), model: model)
    var request = SearchRequest(query: query, limit: 10, snippets: false, facetLimit: 0)
    request.plain = true
    return try searcher.search(request)
  }

  static func names(_ results: SearchResults) -> [String] {
    results.hits.map { String($0.path.split(separator: "/").last!) }
  }

  @Test func functionWordsDoNotMatchInLongQueriesButDoInShortOnes() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    t.write("stop.txt", "What is the use of it? What is the point of the thing?\n")
    t.write("rust.txt", "The borrow checker of Rust rejects dangling references.\n")
    try t.update()
    let model = RankingModel()
    #expect(Self.names(try Self.search(t, "what is the rust borrow checker", model: model)) == ["rust.txt"])
    var keep = model
    keep.stopwordWeight = 1
    #expect(
      Set(Self.names(try Self.search(t, "what is the rust borrow checker", model: keep))) == ["rust.txt", "stop.txt"])
    // Short queries and queries of function words only keep every word.
    #expect(Self.names(try Self.search(t, "what is", model: model)).first == "stop.txt")
    #expect(Self.names(try Self.search(t, "what is the of it", model: model)).first == "stop.txt")
  }

  @Test func neighbouringQueryWordsCloseTogetherRankFirst() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    // Same words, same counts, same length: only the distance between "heat" and "transfer" differs.
    t.write("far.txt", "heat flows in slabs and plates and then transfer\n")
    t.write("near.txt", "heat transfer flows in slabs and plates and then\n")
    try t.update()
    var flat = RankingModel()
    flat.proximity = 0
    flat.feedbackDocs = 0
    let plain = try Self.search(t, "heat transfer", model: flat)
    #expect(plain.hits.count == 2)
    #expect(abs(plain.hits[0].score - plain.hits[1].score) < 1e-6)
    // The proximity stage is off by default (feedback took its share of the search time): turn it on.
    var near = flat
    near.proximity = 0.3
    let ranked = try Self.search(t, "heat transfer", model: near)
    #expect(Self.names(ranked) == ["near.txt", "far.txt"])
    #expect(ranked.hits[0].score > ranked.hits[1].score)
    // Only neighbours in the query count: "heat slabs transfer" pairs heat-slabs and slabs-transfer.
    let split = try Self.search(t, "transfer slabs heat", model: near)
    #expect(split.hits.count == 2)
  }

  @Test func exactFormBonusPrefersTheQueryWordAsTyped() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    t.write("stem.txt", "the model was tested in the tunnel\n")
    t.write("exact.txt", "the models were tested in a tunnel\n")
    try t.update()
    var model = RankingModel()
    model.proximity = 0
    let stemmed = try Self.search(t, "models", model: model)
    #expect(stemmed.hits.count == 2)
    #expect(abs(stemmed.hits[0].score - stemmed.hits[1].score) < 1e-6)
    model.exactMatch = 0.5
    let exact = try Self.search(t, "models", model: model)
    #expect(Self.names(exact) == ["exact.txt", "stem.txt"])
    #expect(exact.hits[0].score > exact.hits[1].score)
  }

  @Test func feedbackAddsWordsOfTheBestDocuments() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    for i in 0..<4 { t.write("wing\(i).txt", "supersonic wing flutter aeroelastic divergence panel \(i)\n") }
    t.write("panel.txt", "aeroelastic divergence of a flat panel\n")
    for i in 0..<6 { t.write("other\(i).txt", "boundary layer transition on cones number \(i)\n") }
    try t.update()
    var model = RankingModel()
    model.feedbackVectors = false
    model.feedbackDepth = 0
    model.feedbackTemperature = 0
    model.feedbackDocs = 3
    model.feedbackTerms = 5
    model.feedbackWeight = 0.5
    // A second search with the expanded query finds the panel document, which has no query word.
    let expanded = try Self.search(t, "supersonic wing flutter", model: model)
    #expect(Self.names(expanded).contains("panel.txt"))
    #expect(!Self.names(expanded).contains { $0.hasPrefix("other") })
    // Re-scoring the first pass only changes scores of documents it found.
    model.feedbackDepth = 100
    let rescored = try Self.search(t, "supersonic wing flutter", model: model)
    #expect(!Self.names(rescored).contains("panel.txt"))
    #expect(rescored.hits.count == 4)
  }

  @Test func vectorFeedbackRaisesCandidatesUsingTheBestDocumentsWords() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    for i in 0..<3 { t.write("best\(i).txt", "supersonic wing flutter aeroelastic divergence\n") }
    t.write("plain.txt", "wing flutter boundary layer cones\n")
    t.write("related.txt", "wing aeroelastic divergence divergence aeroelastic\n")
    for i in 0..<6 { t.write("other\(i).txt", "heat transfer in slabs number \(i)\n") }
    try t.update()
    var model = RankingModel()
    model.proximity = 0
    model.feedbackDocs = 0
    let plain = try Self.search(t, "supersonic wing flutter", model: model)
    #expect(Array(Self.names(plain).suffix(2)) == ["plain.txt", "related.txt"])
    model.feedbackDocs = 3
    model.feedbackWeight = 2
    let fed = try Self.search(t, "supersonic wing flutter", model: model)
    // The best documents' words (aeroelastic, divergence) lift related.txt; only scores change, not the hits.
    #expect(Array(Self.names(fed).suffix(2)) == ["related.txt", "plain.txt"])
    #expect(Set(Self.names(fed)) == Set(Self.names(plain)))
    // With the default weight the stage is on and keeps the same hits.
    let byDefault = try Self.search(t, "supersonic wing flutter", model: RankingModel())
    #expect(Set(Self.names(byDefault)) == Set(Self.names(plain)))
  }
}
