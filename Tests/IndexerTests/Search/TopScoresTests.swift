import TestSupport
import Testing

@testable import Indexer

/// The bounded heap keeps exactly the best `capacity` candidates (ties: lower address first), whatever the
/// insertion order, and its threshold is the worst kept score once full.
@Suite struct TopScoresTests {
  @Test func keepsTheBestCandidatesLikeSortingAll() {
    var rng = SeededRandom(seed: 41)
    for trial in 0..<300 {
      let capacity = Int(1 + rng.next() % 20)
      let count = Int(rng.next() % 200)
      var all: [Searcher.Candidate] = []
      for i in 0..<count {
        // Few distinct scores: many ties, broken by address.
        let score = Float(rng.next() % 12) / 4
        let address = DocAddress(segment: Int(rng.next() % 3), doc: UInt32(i))
        all.append(Searcher.Candidate(address: address, score: score))
      }
      all.shuffle(using: &rng)
      var heap = TopScores(capacity: capacity)
      for c in all { heap.insert(c) }
      let expected = all.sorted(by: ResultReranker.better).prefix(capacity)
      let got = heap.elements.sorted(by: ResultReranker.better)
      #expect(got.map(\.address) == expected.map(\.address), "trial \(trial)")
      #expect(got.map(\.score) == expected.map(\.score), "trial \(trial)")
      if count >= capacity {
        #expect(heap.threshold == expected.last?.score, "trial \(trial)")
      } else {
        #expect(heap.threshold == -.infinity, "trial \(trial)")
      }
    }
    var none = TopScores(capacity: 0)
    none.insert(Searcher.Candidate(address: DocAddress(segment: 0, doc: 1), score: 1))
    #expect(none.elements.isEmpty)
  }
}
