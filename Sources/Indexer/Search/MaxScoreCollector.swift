/// Top-k collection for the most common query shape, a disjunction of plain words, with MaxScore dynamic pruning
/// (Turtle & Flood 1995): words are ordered by the largest score they can contribute in the segment (from their
/// largest frequency and shortest field, see ``TermScorer/maxScore``); once the k-th best score exceeds what the
/// weakest words can add together, documents matching only those words are never visited, and a candidate stops
/// collecting scores as soon as it cannot reach the k-th score.
///
/// The hits and their scores are those of exhaustive scoring (`SearchPruningTests` checks it on random queries);
/// the match count is then a lower bound.
struct MaxScoreCollector {
  /// The word scorers of one segment.
  let scorers: [TermScorer]

  /// Collects one segment's matches into `heap`.
  /// - Parameters:
  ///   - segment: the segment.
  ///   - index: its position in the snapshot (for doc addresses).
  ///   - heap: the running top-k.
  ///   - isCancelled: polled every few thousand documents.
  /// - Returns: documents counted and whether the count is exact.
  /// - Throws: `SeekError` when cancelled.
  func collect(
    segment: SegmentReader, index: Int, into heap: inout TopScores, isCancelled: () -> Bool
  ) throws -> (count: Int, exact: Bool) {
    let n = scorers.count
    if n == 0 { return (0, true) }
    // Weakest first; `canonical[k]` is where the k-th word of the query went.
    let byBound = scorers.indices.sorted { scorers[$0].maxScore < scorers[$1].maxScore }
    let sorted = byBound.map { scorers[$0] }
    var canonical = [Int](repeating: 0, count: n)
    for (position, k) in byBound.enumerated() { canonical[k] = position }
    // Unmanaged references and a copy of each scorer's current doc keep the loop free of reference counting
    // (`sorted` keeps the scorers alive).
    let refs = UnsafeMutablePointer<Unmanaged<TermScorer>>.allocate(capacity: n)
    let docs = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
    let prefix = UnsafeMutablePointer<Float>.allocate(capacity: n)
    defer {
      refs.deallocate()
      docs.deallocate()
      prefix.deallocate()
    }
    var sum: Float = 0
    for (i, s) in sorted.enumerated() {
      (refs + i).initialize(to: .passUnretained(s))
      (docs + i).initialize(to: s.nextDoc())
      sum += s.maxScore
      (prefix + i).initialize(to: sum)
    }
    var essential = 0
    var count = 0
    var exact = true
    var steps = 0
    var threshold = heap.threshold
    return try withExtendedLifetime(sorted) {
      while true {
        var d = DocIterators.end
        for i in essential..<n where docs[i] < d { d = docs[i] }
        if d == DocIterators.end { break }
        var score: Float = 0
        for i in essential..<n where docs[i] == d { score += refs[i]._withUnsafeGuaranteedRef { $0.score() } }
        var i = essential - 1
        while i >= 0 {
          if score + prefix[i] < threshold { break }
          if docs[i] < d { docs[i] = refs[i]._withUnsafeGuaranteedRef { $0.advance(to: d) } }
          if docs[i] == d { score += refs[i]._withUnsafeGuaranteedRef { $0.score() } }
          i -= 1
        }
        if !segment.isDeleted(d) {
          count += 1
          // i < 0: every word was looked at. A little slack: the sum below adds in another order and may round
          // the other way.
          if i < 0 && score + abs(threshold) * 1e-5 >= threshold {
            // Add the scores up in query order, as exhaustive scoring does, so that equal scores compare equal
            // and ties go by address.
            var inQueryOrder: Float = 0
            for k in 0..<n {
              let p = canonical[k]
              if docs[p] == d { inQueryOrder += refs[p]._withUnsafeGuaranteedRef { $0.score() } }
            }
            heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: inQueryOrder))
            threshold = heap.threshold
          }
        }
        for j in essential..<n where docs[j] == d { docs[j] = refs[j]._withUnsafeGuaranteedRef { $0.nextDoc() } }
        while essential < n && prefix[essential] < threshold {
          essential += 1
          exact = false
        }
        steps += 1
        if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
      }
      return (count, exact)
    }
  }
}
