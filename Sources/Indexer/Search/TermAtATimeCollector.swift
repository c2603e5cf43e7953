/// Top-k collection for a disjunction of plain words in a small segment, term at a time: the doc space is cut into
/// windows of ``windowSize`` documents (as Lucene's `BooleanScorer` does); in each window every word adds its
/// scores into a dense array in one tight loop over its postings, then the window is scanned for the top k.
///
/// On small segments this beats document-at-a-time pruning: it does no per-document bookkeeping across words, and
/// every posting costs a few instructions. It scores every match, so the count is exact and the scores are the
/// same floats as exhaustive scoring (per document, words are added in query order and fields in field order).
/// ``Searcher`` uses it for segments of at most ``Searcher/termAtATimeMaxDoc`` documents and ``MaxScoreCollector``
/// above.
struct TermAtATimeCollector {
  /// Documents per window.
  static let windowSize = 4096

  /// The word scorers of one segment, in query order, none started.
  let scorers: [TermScorer]

  /// Collects one segment's matches into `heap`.
  /// - Parameters:
  ///   - segment: the segment.
  ///   - index: its position in the snapshot (for doc addresses).
  ///   - heap: the running top-k.
  ///   - isCancelled: polled after every window.
  /// - Returns: the number of matching live documents (exact).
  /// - Throws: `SeekError` when cancelled.
  func collect(
    segment: SegmentReader, index: Int, into heap: inout TopScores, isCancelled: () -> Bool
  ) throws -> Int {
    if scorers.isEmpty { return 0 }
    let size = Self.windowSize
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: size)
    let tf = UnsafeMutablePointer<Float>.allocate(capacity: size)
    let matched = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    let touched = UnsafeMutablePointer<UInt16>.allocate(capacity: size)
    scores.initialize(repeating: 0, count: size)
    tf.initialize(repeating: 0, count: size)
    matched.initialize(repeating: 0, count: size)
    defer {
      scores.deallocate()
      tf.deallocate()
      matched.deallocate()
      touched.deallocate()
    }
    var count = 0
    let maxDoc = segment.maxDoc
    var base = 0
    while base < maxDoc {
      let end = min(maxDoc, base + size)
      let b = UInt32(base)
      let limit = UInt32(end)
      for s in scorers {
        s.accumulate(base: b, limit: limit, scores: scores, matched: matched, tf: tf, touched: touched)
      }
      var threshold = heap.threshold
      for i in 0..<(end - base) where matched[i] != 0 {
        let d = b + UInt32(i)
        if segment.isDeleted(d) { continue }
        count += 1
        if scores[i] >= threshold {
          heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: scores[i]))
          threshold = heap.threshold
        }
      }
      scores.update(repeating: 0, count: end - base)
      matched.update(repeating: 0, count: end - base)
      base = end
      if isCancelled() { throw SeekError(.other, "search cancelled") }
    }
    return count
  }
}
