/// Top-k collection for the most common query shape, a disjunction of plain words, with MaxScore dynamic pruning
/// (Turtle & Flood 1995): words are ordered by the largest score they can contribute; once the k-th best score
/// exceeds what the weakest words can add together, documents matching only those words are never visited, and a
/// candidate stops collecting scores as soon as it cannot reach the k-th score.
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
    let s = scorers.sorted { $0.maxScore < $1.maxScore }
    let n = s.count
    var prefix = [Float](repeating: 0, count: n)
    var sum: Float = 0
    for i in 0..<n {
      sum += s[i].maxScore
      prefix[i] = sum
    }
    for scorer in s { _ = scorer.nextDoc() }
    var essential = 0
    var count = 0
    var exact = true
    var steps = 0
    while true {
      var d = DocIterators.end
      for i in essential..<n where s[i].doc < d { d = s[i].doc }
      if d == DocIterators.end { break }
      var score: Float = 0
      for i in essential..<n where s[i].doc == d { score += s[i].score() }
      let threshold = heap.threshold
      var i = essential - 1
      while i >= 0 {
        if score + prefix[i] < threshold { break }
        let scorer = s[i]
        if scorer.doc < d { _ = scorer.advance(to: d) }
        if scorer.doc == d { score += scorer.score() }
        i -= 1
      }
      if !segment.isDeleted(d) {
        count += 1
        if score >= threshold {
          heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: score))
        }
      }
      for j in essential..<n where s[j].doc == d { _ = s[j].nextDoc() }
      let updated = heap.threshold
      while essential < n && prefix[essential] < updated {
        essential += 1
        exact = false
      }
      steps += 1
      if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
    }
    return (count, exact)
  }
}
