import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The term-at-a-time window scan has two paths: segments without deletions count and filter eight documents at a
/// time, segments with deletions test each document. Both must give exhaustive scoring's hits, scores and totals.
@Suite struct TermAtATimeScanTests {
  @Test func windowScanMatchesExhaustiveWithAndWithoutDeletions() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 61)
    let vocabulary = (0..<300).map { "s\($0)q" }
    func word() -> String { vocabulary[Int(pow(Double(rng.next() % 1000) / 1000, 2) * 300)] }
    func text() -> String {
      let title = (0..<Int(rng.next() % 3)).map { _ in word() }.joined(separator: " ")
      let body = (0..<Int(3 + rng.next() % 40)).map { _ in word() }.joined(separator: " ")
      return "# \(title)\n\n\(body)\n"
    }
    // One segment of more than one window, then rewritten documents: their first versions become deletions.
    for i in 0..<4500 { folder.write("d\(i).md", text()) }
    try folder.update()
    func compare(_ searcher: Searcher, queries: Int) throws {
      for q in 0..<queries {
        let words = (0..<Int(1 + rng.next() % 7)).map { _ in word() }.joined(separator: " ")
        // Some searches deeper than the segment heap takes (every document goes to the shared heap directly).
        let limit = q % 10 == 9 ? TermAtATimeCollector.maxKeptKeys + 1 : 10
        var request = SearchRequest(query: words, limit: limit, snippets: false, facetLimit: 0)
        request.storedFields = false
        let fast = try searcher.search(request)
        request.exhaustive = true
        let slow = try searcher.search(request)
        #expect(fast.hits.map(\.id) == slow.hits.map(\.id), "query \(words)")
        #expect(fast.hits.map(\.score) == slow.hits.map(\.score), "query \(words)")
        #expect(fast.total == slow.total && fast.totalIsExact, "query \(words)")
      }
    }
    let clean = try folder.searcher()
    #expect(clean.reader.segments.contains { $0.maxDoc > TermAtATimeCollector.windowSize })
    try compare(clean, queries: 100)
    for i in stride(from: 0, to: 4500, by: 3) { folder.write("d\(i).md", text()) }
    try folder.update()
    let deleted = try folder.searcher()
    #expect(deleted.reader.segments.contains { $0.deletedCount > 0 })
    try compare(deleted, queries: 100)
  }
}
