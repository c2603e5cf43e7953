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
        // One segment in most rounds (sorted through integer keys), three in the others.
        let address = DocAddress(segment: round % 4 == 0 ? Int(rng.next() % 3) : 2, doc: UInt32(rng.next() % 500))
        guard seen.insert(address).inserted else { continue }
        // Few distinct scores: ties go by address; now and then −0 next to +0, negative and infinite scores.
        var score = Float(rng.next() % 6) / 4
        switch rng.next() % 40 {
        case 0: score = -0.0
        case 1: score = -score
        case 2: score = .infinity
        default: break
        }
        candidates.append(Searcher.Candidate(address: address, score: score))
      }
      // Now and then already in order, or in reverse order (worst first, as a heap's array nearly is).
      switch round % 5 {
      case 1: candidates.sort(by: ResultReranker.better)
      case 2: candidates.sort { ResultReranker.better($1, $0) }
      default: break
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
