import TestSupport
import Testing

@testable import Indexer

/// The segment heap's keys order as ``TopScores`` orders candidates, give back the same score bits and doc, and
/// the heap keeps the best `capacity` documents.
@Suite struct SegmentTopKeysTests {
  @Test func keysOrderLikeScoresThenLowerDocs() {
    var rng = SeededRandom(seed: 71)
    let specials: [Float] = [0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 3.5]
    func score() -> Float {
      rng.next() % 4 == 0
        ? specials[Int(rng.next() % UInt64(specials.count))]
        : Float(Int(rng.next() % 2000) - 1000) / 7
    }
    for _ in 0..<20_000 {
      let (a, b) = (score(), score())
      let (da, db) = (UInt32(truncatingIfNeeded: rng.next() % 50), UInt32(truncatingIfNeeded: rng.next() % 50))
      let ka = SegmentTopKeys.key(score: a, doc: da)
      let kb = SegmentTopKeys.key(score: b, doc: db)
      #expect(SegmentTopKeys.score(ka).bitPattern == a.bitPattern && SegmentTopKeys.doc(ka) == da)
      let better = a != b ? a > b : da < db
      if a != b || da != db { #expect((ka > kb) == better, "\(a)/\(da) vs \(b)/\(db)") }
    }
    #expect(!SegmentTopKeys.accepts(-0.0) && SegmentTopKeys.accepts(0) && SegmentTopKeys.accepts(-1))
  }

  @Test func heapKeepsTheBestDocuments() {
    var rng = SeededRandom(seed: 72)
    let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: 64)
    defer { storage.deallocate() }
    for round in 0..<300 {
      let capacity = round % 40
      let n = Int(rng.next() % 200)
      // Few distinct scores: many ties broken by doc number.
      let scores = (0..<n).map { _ in Float(rng.next() % 12) / 4 }
      var heap = SegmentTopKeys(keys: storage, capacity: capacity)
      for (d, s) in scores.enumerated() { heap.insert(SegmentTopKeys.key(score: s, doc: UInt32(d))) }
      var kept: [(Float, UInt32)] = []
      heap.visitAll { kept.append(($0, $1)) }
      let expected = scores.enumerated().sorted {
        $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset
      }
      .prefix(capacity).map { UInt32($0.offset) }
      #expect(kept.map(\.1).sorted() == expected.sorted(), "round \(round)")
      for (s, d) in kept { #expect(s == scores[Int(d)]) }
    }
  }
}
