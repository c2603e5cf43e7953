import Foundation
import TestSupport
import Testing

@testable import Indexer

/// Scorers and their postings iterators are reused from search to search: a searcher that has answered many
/// queries must answer each one exactly as a fresh searcher does, and the cache must never reuse a scorer
/// someone still holds.
@Suite struct TermScorerCacheTests {
  @Test func reusedScorersAnswerAsFreshOnes() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 23)
    // Common words (several postings blocks, bit-packed) and rare ones (one short block), in titles and bodies,
    // over two segments of different sizes, so reused iterators change segment, field and block count.
    let vocabulary = (0..<300).map { "t\($0)z" }
    func word() -> String {
      let r = Double(rng.next() % 1_000_000) / 1_000_000
      return vocabulary[min(vocabulary.count - 1, Int(pow(r, 3) * Double(vocabulary.count)))]
    }
    for (batch, size) in [500, 150].enumerated() {
      for i in 0..<size {
        let title = (0..<Int(rng.next() % 4)).map { _ in word() }.joined(separator: " ")
        let body = (0..<Int(3 + rng.next() % 60)).map { _ in word() }.joined(separator: " ")
        folder.write("b\(batch)/d\(i).md", "# \(title)\n\n\(body)\n")
      }
      try folder.update()
    }
    let warm = try folder.searcher()
    #expect(warm.reader.segments.count >= 2)
    let small = try folder.searcher()
    small.termAtATimeMaxDoc = 0  // MaxScore (document at a time) on every segment
    for round in 0..<120 {
      let words = (0..<Int(1 + rng.next() % 7)).map { _ in word() }.joined(separator: " ")
      var request = SearchRequest(query: words, limit: 10, snippets: false, facetLimit: 0)
      request.storedFields = false
      request.plain = round % 2 == 0
      request.exhaustive = round % 5 == 0
      let fresh = try Searcher(reader: warm.reader).search(request)
      let reused = try warm.search(request)
      #expect(reused.hits.map(\.id) == fresh.hits.map(\.id), "query \(words)")
      #expect(reused.hits.map(\.score) == fresh.hits.map(\.score), "query \(words)")
      #expect(reused.total == fresh.total)
      let pruned = try small.search(request)
      let freshPruned = try {
        let s = try Searcher(reader: warm.reader)
        s.termAtATimeMaxDoc = 0
        return try s.search(request)
      }()
      #expect(pruned.hits.map(\.id) == freshPruned.hits.map(\.id), "pruned: query \(words)")
      #expect(pruned.hits.map(\.score) == freshPruned.hits.map(\.score), "pruned: query \(words)")
    }
  }

  @Test func heldScorersAreNotReused() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    folder.write("a.md", "# alpha\n\nalpha beta gamma\n")
    folder.write("b.md", "# beta\n\nbeta gamma delta\n")
    try folder.update()
    let reader = try IndexReader.open(directory: folder.index)
    let segment = try #require(reader.segments.first)
    let info = try #require(segment.termInfo(.body, "beta"))
    let factors = NormFactorTables(reader: reader, model: RankingModel())
    let cache = TermScorerCache()
    func make() -> TermScorer {
      let s = cache.candidate(segment: segment)
      s.add(.init(info: info, factors: factors.factors(.body)))
      s.finish(idf: 1, k1: 1.2, boost: 1, lowerBound: 0)
      cache.handOut()
      return s
    }
    let held = make()
    let heldID = ObjectIdentifier(held)
    // A candidate that was not handed out comes back on the next call.
    let first = ObjectIdentifier(cache.candidate(segment: segment))
    #expect(first == ObjectIdentifier(cache.candidate(segment: segment)))
    cache.restart()
    // Still held: the next search gets a new scorer in its place.
    let other = make()
    #expect(ObjectIdentifier(other) != heldID)
    #expect(held.nextDoc() == 0 && held.nextDoc() == 1)
    // Released: reused, and it reads its new term from the start.
    let otherID = ObjectIdentifier(other)
    _ = consume other
    cache.restart()
    let again = make()
    #expect(ObjectIdentifier(again) == otherID)
    #expect(again.nextDoc() == 0 && again.nextDoc() == 1 && again.nextDoc() == DocIterators.end)
    withExtendedLifetime(held) {}
  }
}
