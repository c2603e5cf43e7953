import Foundation

/// Term scorers (with their postings iterators) kept from one search to the next: a search makes one scorer per
/// word and segment, and making one (an object, its slots, one iterator object and buffer per field) and freeing
/// it cost more than the dictionary lookups that fill it. A cache serves one search at a time
/// (``TermScorerCachePool`` hands them out).
///
/// A kept scorer is reused only when the cache holds its only reference: one still held elsewhere (a caller kept
/// it past its search) is left to its holder and replaced here.
final class TermScorerCache {
  /// Most scorers kept (a prefix or fuzzy word may expand to many terms; more are made and freed as before).
  static let limit = 128
  // One search uses a cache at a time, on one thread, and no access overlaps another: not checked at run time.
  @exclusivity(unchecked) private var scorers: [TermScorer] = []
  /// How many scorers this search has handed out (the ones before this index are in use).
  @exclusivity(unchecked) private var next = 0

  /// Starts a search: every kept scorer may be reused again.
  func restart() { next = 0 }

  /// An empty scorer for a term of `segment` (``TermScorer/add(_:)`` its fields, then
  /// ``TermScorer/finish(idf:k1:boost:lowerBound:)``). Until ``handOut()``, the next call gives the same one again.
  /// - Parameter segment: the segment.
  /// - Returns: the scorer.
  func candidate(segment: SegmentReader) -> TermScorer {
    if next < scorers.count {
      if isKnownUniquelyReferenced(&scorers[next]) {
        let scorer = scorers[next]
        scorer.reuse(segment: segment)
        return scorer
      }
      let scorer = TermScorer(segment: segment)
      scorers[next] = scorer
      return scorer
    }
    let scorer = TermScorer(segment: segment)
    if scorers.count < Self.limit { scorers.append(scorer) }
    return scorer
  }

  /// Marks the last ``candidate(segment:)`` as in use until the search ends.
  func handOut() { next += 1 }
}

/// Idle ``TermScorerCache``s of one searcher, one per search running at a time.
final class TermScorerCachePool: @unchecked Sendable {
  private let lock = NSLock()
  /// Changed under `lock` only (not checked at run time).
  @exclusivity(unchecked) private var idle: [TermScorerCache] = []
  /// Most idle caches kept.
  private let limit: Int

  /// - Parameter limit: most idle caches kept (more concurrent searches make their own).
  init(limit: Int = 8) { self.limit = limit }

  /// An idle cache, restarted, or a new one.
  func take() -> TermScorerCache {
    lock.lock()
    let cache = idle.popLast()
    lock.unlock()
    guard let cache else { return TermScorerCache() }
    cache.restart()
    return cache
  }

  /// Returns a cache once its search is over (nothing may use its scorers any more).
  func give(_ cache: TermScorerCache) {
    lock.lock()
    if idle.count < limit { idle.append(cache) }
    lock.unlock()
  }
}
