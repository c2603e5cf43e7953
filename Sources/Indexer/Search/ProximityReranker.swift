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
    let order = CandidateSort.addressOrder(candidates, count: candidates.count)
    // Only the words of some pair are read, in a compact numbering of their own.
    var slotOf = [Int](repeating: -1, count: terms.count)
    var used: [Int] = []
    for (a, b) in pairs {
      for t in [a, b] where slotOf[t] < 0 {
        slotOf[t] = used.count
        used.append(t)
      }
    }
    let slotPairs = pairs.map { (slotOf[$0.0], slotOf[$0.1], min(terms[$0.0].idf, terms[$0.1].idf)) }
    let n = used.count
    // Per word: its postings in the current segment, whether the candidate has it, how many of its positions were
    // read (-1: not yet), and a buffer of its own that grows as needed.
    // The iterators are kept alive by `owners` and used through unretained references (no reference counting in
    // the candidate loop).
    var owners = ContiguousArray<PostingsIterator?>(repeating: nil, count: n)
    var postings = ContiguousArray<Unmanaged<PostingsIterator>?>(repeating: nil, count: n)
    var present = [Bool](repeating: false, count: n)
    var counts = [Int](repeating: 0, count: n)
    var capacities = [Int](repeating: 0, count: n)
    var buffers = [UnsafeMutablePointer<UInt32>?](repeating: nil, count: n)
    defer { for b in buffers { b?.deallocate() } }
    var segment = -1
    for i in order {
      let address = candidates[i].address
      if address.segment != segment {
        segment = address.segment
        let reader = self.reader.segments[segment]
        for s in 0..<n {
          let term = terms[used[s]].term
          if let compiler {
            owners[s] = compiler.termInfo(.body, term, segment: reader).map(reader.postings)
          } else {
            owners[s] = reader.postings(.body, term)
          }
          postings[s] = owners[s].map { Unmanaged.passUnretained($0) }
        }
      }
      // First which words the candidate has (advancing each word's postings), then positions only for the words
      // of a pair whose other word it has too.
      var found = 0
      for s in 0..<n {
        present[s] = false
        counts[s] = -1
        guard let p = postings[s] else { continue }
        if p._withUnsafeGuaranteedRef({ $0.advance(to: address.doc) }) == address.doc {
          present[s] = true
          found += 1
        }
      }
      guard found >= 2 else { continue }
      var bonus: Float = 0
      for (a, b, idf) in slotPairs where present[a] && present[b] {
        if counts[a] < 0 { readPositions(a, postings[a]!, &buffers, &capacities, &counts) }
        if counts[b] < 0 { readPositions(b, postings[b]!, &buffers, &capacities, &counts) }
        guard counts[a] > 0, counts[b] > 0, let x = buffers[a], let y = buffers[b] else { continue }
        let acc = Self.pairWeight(
          UnsafeBufferPointer(start: x, count: counts[a]), UnsafeBufferPointer(start: y, count: counts[b]),
          window: window)
        if acc > 0 { bonus += idf * acc * (k1 + 1) / (k1 + acc) }
      }
      result[i].score += weight * bonus
    }
    return result
  }

  /// Reads the current document's positions of word `s` into its buffer (grown when too small).
  @inline(__always)
  private func readPositions(
    _ s: Int, _ iterator: Unmanaged<PostingsIterator>, _ buffers: inout [UnsafeMutablePointer<UInt32>?],
    _ capacities: inout [Int], _ counts: inout [Int]
  ) {
    iterator._withUnsafeGuaranteedRef { p in readPositions(s, p, &buffers, &capacities, &counts) }
  }

  @inline(__always)
  private func readPositions(
    _ s: Int, _ p: PostingsIterator, _ buffers: inout [UnsafeMutablePointer<UInt32>?], _ capacities: inout [Int],
    _ counts: inout [Int]
  ) {
    let needed = p.positionCount
    if needed > capacities[s] || buffers[s] == nil {
      buffers[s]?.deallocate()
      capacities[s] = max(needed, 2 * capacities[s], 64)
      buffers[s] = .allocate(capacity: capacities[s])
    }
    counts[s] = p.readPositions(intoBuffer: buffers[s]!)
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
