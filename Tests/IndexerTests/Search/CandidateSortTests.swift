import TestSupport
import Testing

@testable import Indexer

/// The re-scoring stages' own sorts give the standard library's order.
@Suite struct CandidateSortTests {
  /// Random lists of distinct documents with many tied scores, short (insertion) and long (standard sort).
  @Test func ordersAsTheStandardSortDoes() {
    var rng = SeededRandom(seed: 31)
    for round in 0..<400 {
      let n = round < 380 ? Int(rng.next() % 70) : 100 + Int(rng.next() % 200)
      var seen = Set<DocAddress>()
      var candidates: [Searcher.Candidate] = []
      while candidates.count < n {
        let address = DocAddress(segment: Int(rng.next() % 3), doc: UInt32(rng.next() % 500))
        guard seen.insert(address).inserted else { continue }
        // Few distinct scores: ties go by address.
        candidates.append(Searcher.Candidate(address: address, score: Float(rng.next() % 6) / 4))
      }
      var best = candidates
      CandidateSort.bestFirst(&best)
      let expected = candidates.sorted(by: ResultReranker.better)
      #expect(best.map(\.address) == expected.map(\.address), "round \(round)")
      #expect(best.map(\.score) == expected.map(\.score))
      let count = n == 0 ? 0 : Int(rng.next() % UInt64(n + 1))
      let order = CandidateSort.addressOrder(candidates, count: count)
      #expect(order == (0..<count).sorted { candidates[$0].address < candidates[$1].address }, "round \(round)")
    }
  }
}
