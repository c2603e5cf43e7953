/// Re-scores the best candidates with a term-proximity bonus (BM25TP, Rasolofo & Savoy 2003): every pair of
/// occurrences of two different query words at most `window` positions apart in the body adds `1 / distance²`; per
/// word pair the sum is saturated like a term frequency and weighted by the rarer word's idf. Which word pairs
/// count is the caller's choice (every pair, or neighbours in the query).
///
/// It runs on the top candidates only (positions are read for them alone), after the exact BM25F top-k, so it
/// changes the order of good matches, never which documents can be found.
struct ProximityReranker {
  let reader: IndexReader
  let terms: [(term: String, idf: Float)]
  /// The word pairs (indexes into `terms`, first < second) that earn a bonus.
  let pairs: [(Int, Int)]
  let weight: Float
  let k1: Float
  /// Largest distance that counts.
  let window: Int
  /// The query's compiler, whose cached dictionary lookups are reused (nil: look the terms up here).
  var compiler: QueryCompiler? = nil

  /// Adds the bonus to each candidate's score.
  /// - Parameter candidates: the candidates (any order); returned with new scores.
  func rerank(_ candidates: [Searcher.Candidate]) -> [Searcher.Candidate] {
    guard terms.count >= 2, !pairs.isEmpty, weight > 0 else { return candidates }
    var result = candidates
    let order = candidates.indices.sorted { candidates[$0].address < candidates[$1].address }
    let n = terms.count
    // Each term's positions in the current candidate, in a buffer of its own that grows as needed.
    var buffers: [UnsafeMutablePointer<UInt32>] = []
    var capacities = [Int](repeating: 64, count: n)
    for _ in 0..<n { buffers.append(.allocate(capacity: 64)) }
    var counts = [Int](repeating: 0, count: n)
    defer { for b in buffers { b.deallocate() } }
    var segment = -1
    var postings: [PostingsIterator?] = []
    var started: [Bool] = []
    for i in order {
      let address = candidates[i].address
      if address.segment != segment {
        segment = address.segment
        let reader = self.reader.segments[segment]
        postings = terms.map { t in
          guard let compiler else { return reader.postings(.body, t.term) }
          return compiler.termInfo(.body, t.term, segment: reader).map(reader.postings)
        }
        started = Array(repeating: false, count: n)
      }
      var present = 0
      for t in 0..<n {
        counts[t] = 0
        guard let p = postings[t] else { continue }
        if !started[t] || p.doc < address.doc {
          started[t] = true
          _ = p.advance(to: address.doc)
        }
        if p.doc == address.doc {
          let needed = p.positionCount
          if needed > capacities[t] {
            buffers[t].deallocate()
            capacities[t] = max(needed, 2 * capacities[t])
            buffers[t] = .allocate(capacity: capacities[t])
          }
          counts[t] = p.readPositions(intoBuffer: buffers[t])
          present += 1
        }
      }
      guard present >= 2 else { continue }
      var bonus: Float = 0
      for (a, b) in pairs where counts[a] > 0 && counts[b] > 0 {
        let acc = Self.pairWeight(
          UnsafeBufferPointer(start: buffers[a], count: counts[a]),
          UnsafeBufferPointer(start: buffers[b], count: counts[b]), window: window)
        if acc > 0 { bonus += min(terms[a].idf, terms[b].idf) * acc * (k1 + 1) / (k1 + acc) }
      }
      result[i].score += weight * bonus
    }
    return result
  }

  /// Σ 1/d² over occurrence pairs at distance 1...window (both lists sorted).
  static func pairWeight(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>, window: Int) -> Float {
    var sum: Float = 0
    var j = 0
    for p in x {
      while j < y.count && Int(y[j]) < Int(p) - window { j += 1 }
      var k = j
      while k < y.count && Int(y[k]) <= Int(p) + window {
        let d = abs(Int(y[k]) - Int(p))
        if d > 0 { sum += 1 / Float(d * d) }
        k += 1
      }
    }
    return sum
  }
}
