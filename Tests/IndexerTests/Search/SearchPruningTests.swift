import Foundation
import Indexer
import TestSupport
import Testing

/// Dynamic pruning must not change answers: on random queries over a random corpus, the pruned top 10 and their
/// scores equal exhaustive scoring; so do those of term-at-a-time scoring (used for small segments), with exact
/// totals. The default model's re-scoring stages (term-vector feedback over several segments, proximity) run in
/// all three.
@Suite struct SearchPruningTests {
  @Test func prunedTopTenEqualsExhaustiveScoringOnRandomQueries() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 7)
    // A Zipf-like vocabulary: a few very common words, many rare ones.
    let vocabulary = (0..<400).map { "w\($0)x" }
    func word() -> String {
      let r = Double(rng.next() % 1_000_000) / 1_000_000
      return vocabulary[min(vocabulary.count - 1, Int(pow(r, 3) * Double(vocabulary.count)))]
    }
    // Three batches so the index has several segments.
    for batch in 0..<3 {
      for i in 0..<400 {
        let title = (0..<Int(1 + rng.next() % 4)).map { _ in word() }.joined(separator: " ")
        let body = (0..<Int(5 + rng.next() % 80)).map { _ in word() }.joined(separator: " ")
        folder.write("b\(batch)/d\(i).md", "# \(title)\n\n\(body)\n")
      }
      try folder.update()
    }
    let searcher = try folder.searcher()
    searcher.termAtATimeMaxDoc = 0  // MaxScore on every segment
    let termAtATime = try folder.searcher()
    #expect(searcher.reader.segments.count >= 2)
    #expect(searcher.reader.segments.allSatisfy { $0.maxDoc <= termAtATime.termAtATimeMaxDoc })
    // The default model re-scores with term-vector feedback; the same search without it shows it is exercised.
    var noFeedback = RankingModel()
    noFeedback.feedbackDocs = 0
    let withoutFeedback = try Searcher(reader: searcher.reader, model: noFeedback)
    var pruned = 0
    var feedbackChanged = 0
    for _ in 0..<1500 {
      let words = (0..<Int(1 + rng.next() % 8)).map { _ in word() }.joined(separator: " ")
      var request = SearchRequest(query: words, limit: 10, snippets: false, facetLimit: 0)
      let fast = try searcher.search(request)
      let bulk = try termAtATime.search(request)
      if try withoutFeedback.search(request).hits.map(\.id) != fast.hits.map(\.id) { feedbackChanged += 1 }
      request.exhaustive = true
      let slow = try searcher.search(request)
      #expect(fast.hits.map(\.id) == slow.hits.map(\.id), "query \(words)")
      for (a, b) in zip(fast.hits, slow.hits) { #expect(abs(a.score - b.score) <= 1e-4 * max(1, b.score)) }
      #expect(fast.total <= slow.total)
      if fast.totalIsExact { #expect(fast.total == slow.total) } else { pruned += 1 }
      #expect(bulk.hits.map(\.id) == slow.hits.map(\.id), "term at a time: query \(words)")
      #expect(bulk.hits.map(\.score) == slow.hits.map(\.score), "term at a time: query \(words)")
      #expect(bulk.total == slow.total && bulk.totalIsExact)
    }
    #expect(pruned > 100, "pruning never kicked in")
    #expect(feedbackChanged > 100, "feedback never changed a ranking")
  }

  /// The term bounds come from each field's largest frequency and shortest length: documents that repeat a word
  /// many times, very short and very long fields, and words in titles only must all stay within them.
  @Test func prunedTopTenEqualsExhaustiveWithSkewedFrequenciesAndLengths() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 11)
    let vocabulary = (0..<120).map { "v\($0)q" }
    func word() -> String {
      let r = Double(rng.next() % 1_000_000) / 1_000_000
      return vocabulary[min(vocabulary.count - 1, Int(pow(r, 2) * Double(vocabulary.count)))]
    }
    for batch in 0..<2 {
      for i in 0..<350 {
        let title = (0..<Int(rng.next() % 3)).map { _ in word() }.joined(separator: " ")
        var body: [String] = []
        let length = rng.next() % 10 == 0 ? Int(200 + rng.next() % 400) : Int(1 + rng.next() % 12)
        for _ in 0..<length {
          let w = word()
          // Bursts: some words repeated many times in one document.
          let repeats = rng.next() % 15 == 0 ? Int(2 + rng.next() % 30) : 1
          body.append(contentsOf: repeatElement(w, count: repeats))
        }
        folder.write("s\(batch)/d\(i).md", "# \(title)\n\n\(body.joined(separator: " "))\n")
      }
      try folder.update()
    }
    let searcher = try folder.searcher()
    searcher.termAtATimeMaxDoc = 0  // MaxScore on every segment
    let termAtATime = try folder.searcher()
    var pruned = 0
    for _ in 0..<600 {
      let words = (0..<Int(1 + rng.next() % 6)).map { _ in word() }.joined(separator: " ")
      for limit in [1, 10] {
        var request = SearchRequest(query: words, limit: limit, snippets: false, facetLimit: 0)
        request.storedFields = false
        let fast = try searcher.search(request)
        let bulk = try termAtATime.search(request)
        request.exhaustive = true
        let slow = try searcher.search(request)
        #expect(fast.hits.map(\.id) == slow.hits.map(\.id), "query \(words) limit \(limit)")
        for (a, b) in zip(fast.hits, slow.hits) { #expect(abs(a.score - b.score) <= 1e-4 * max(1, b.score)) }
        if !fast.totalIsExact { pruned += 1 }
        #expect(bulk.hits.map(\.id) == slow.hits.map(\.id), "term at a time: query \(words) limit \(limit)")
        #expect(bulk.hits.map(\.score) == slow.hits.map(\.score), "term at a time: query \(words)")
      }
    }
    #expect(pruned > 100, "pruning never kicked in")
  }
}
