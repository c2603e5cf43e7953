import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The term-at-a-time window scan bounds the k-th best score from below by the k-th largest lane maximum of groups
/// of 64 documents (``TermAtATimeCollector/windowBound(_:flags:chunks:k:maxima:work:)``, a quickselect): the pieces
/// against plain references, and whole searches of several depths against exhaustive scoring.
@Suite struct TermAtATimeBoundTests {
  @Test func selectLargestFindsTheKthLargest() {
    var rng = SeededRandom(seed: 81)
    let a = UnsafeMutablePointer<UInt32>.allocate(capacity: 600)
    defer { a.deallocate() }
    for round in 0..<400 {
      let count = 1 + Int(rng.next() % 600)
      let k = 1 + Int(rng.next() % UInt64(count))
      // Few distinct values in some rounds: many duplicates.
      let spread: UInt64 = round % 3 == 0 ? 5 : 1 << 32
      let values = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next() % spread) }
      a.update(from: values, count: count)
      let kth = TermAtATimeCollector.selectLargest(a, count: count, k: k)
      let sorted = values.sorted(by: >)
      #expect(kth == sorted[k - 1], "round \(round)")
      #expect((0..<k).map { a[$0] }.sorted(by: >) == Array(sorted.prefix(k)), "round \(round)")
      #expect((0..<count).map { a[$0] }.sorted(by: >) == sorted, "round \(round)")
    }
  }

  @Test func windowBoundIsTheKthLargestLaneMaximum() {
    var rng = SeededRandom(seed: 82)
    let size = TermAtATimeCollector.windowSize
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: size)
    let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    let maxima = UnsafeMutablePointer<Float>.allocate(capacity: size / 64 + 1)
    let work = UnsafeMutablePointer<UInt32>.allocate(capacity: 4 * (size / 64 + 1))
    defer {
      scores.deallocate()
      flags.deallocate()
      maxima.deallocate()
      work.deallocate()
    }
    for round in 0..<300 {
      let chunks = 1 + Int(rng.next() % UInt64(size / 16))
      let n = chunks * 16
      let density = 1 + rng.next() % 10
      for i in 0..<n {
        let hit = rng.next() % 10 < density
        flags[i] = hit ? 1 : 0
        // Ties in some rounds; an unmatched document scores +0.
        scores[i] = hit ? (round % 2 == 0 ? Float(rng.next() % 8) / 2 + 0.5 : Float(rng.next() % 100_000) / 997) : 0
      }
      let groups = (chunks + 3) / 4
      let k = 1 + Int(rng.next() % UInt64(4 * groups))
      let (bound, matches) = TermAtATimeCollector.windowBound(
        scores, flags: UnsafeMutableRawPointer(flags), chunks: chunks, k: k, maxima: maxima, work: work)
      #expect(matches == (0..<n).filter { flags[$0] != 0 }.count, "round \(round)")
      var lanes: [Float] = []
      for g in 0..<groups {
        let documents = (g * 64)..<min(g * 64 + 64, n)
        #expect(maxima[g] == documents.map { scores[$0] }.max(), "round \(round) group \(g)")
        for l in 0..<4 { lanes.append(documents.filter { $0 % 4 == l }.map { scores[$0] }.max()!) }
      }
      #expect(bound == lanes.sorted(by: >)[k - 1], "round \(round)")
      #expect((0..<n).filter { scores[$0] >= bound }.count >= k, "round \(round)")
    }
  }

  @Test func boundedScanMatchesExhaustiveAtSeveralDepths() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 83)
    let vocabulary = (0..<120).map { "t\($0)z" }
    func word() -> String { vocabulary[Int(pow(Double(rng.next() % 1000) / 1000, 2) * 120)] }
    // Short documents from a small vocabulary: many equal scores, so ties fall at the bound.
    for i in 0..<1500 {
      let title = (0..<Int(rng.next() % 2)).map { _ in word() }.joined(separator: " ")
      let body = (0..<Int(2 + rng.next() % 6)).map { _ in word() }.joined(separator: " ")
      folder.write("d\(i).md", "# \(title)\n\n\(body)\n")
    }
    try folder.update()
    let searcher = try folder.searcher()
    #expect(searcher.reader.segments.allSatisfy { $0.maxDoc <= Searcher.alwaysTermAtATimeMaxDoc })
    for q in 0..<120 {
      let words = (0..<Int(1 + rng.next() % 5)).map { _ in word() }.joined(separator: " ")
      let limit = [1, 3, 10, 30, 100, 250][q % 6]
      var request = SearchRequest(query: words, limit: limit, snippets: false, facetLimit: 0)
      request.storedFields = false
      let fast = try searcher.search(request)
      request.exhaustive = true
      let slow = try searcher.search(request)
      #expect(fast.hits.map(\.id) == slow.hits.map(\.id), "query \(words) limit \(limit)")
      #expect(fast.hits.map(\.score) == slow.hits.map(\.score), "query \(words) limit \(limit)")
      #expect(fast.total == slow.total && fast.totalIsExact, "query \(words) limit \(limit)")
    }
  }
}
