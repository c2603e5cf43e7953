import Foundation

/// Term scorers (with their postings iterators) kept from one search to the next: a search makes one scorer per
/// word and segment, and making one (an object, its slots, one iterator object and buffer per field) and freeing
/// it cost more than the dictionary lookups that fill it. A cache serves one search at a time
/// (a searcher's ``ObjectPool`` hands them out; ``restart()`` before each search).
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

  // Lists a search fills and drops, kept here between searches so that each search does not allocate them anew.
  // A user takes one (the cache keeps an empty list meanwhile) and gives it back emptied, capacity kept.

  /// One segment's scorers of a plain-word query in the collector (``Searcher``); emptied when given back, so that
  /// no scorer stays referenced from here.
  @exclusivity(unchecked) var wordScorers: [TermScorer] = []
  /// The query compiler's dictionary lookups (``QueryCompiler``).
  @exclusivity(unchecked) var lookups: [QueryCompiler.CachedLookup] = []
  /// The term-vector feedback stage's word ordinals of one segment (``TermVectorFeedback``).
  @exclusivity(unchecked) var feedbackOrdinals: [UInt32] = []
  /// The term-vector feedback stage's word weights, in ``feedbackOrdinals`` order.
  @exclusivity(unchecked) var feedbackWeights: [Float] = []
  /// The term-vector feedback stage's chosen words.
  @exclusivity(unchecked) var feedbackTerms: [TermVectorFeedback.Term] = []
  /// The term-vector feedback stage's first-pass scores of the feedback documents.
  @exclusivity(unchecked) var feedbackScores: [Float] = []
  /// The term-vector feedback stage's feedback documents.
  @exclusivity(unchecked) var feedbackDocuments: [Searcher.Candidate] = []
  /// The term-vector feedback stage's chosen words, before their idf.
  @exclusivity(unchecked) var feedbackWords: [TermVectorFeedback.Word] = []

  /// Takes a kept list, leaving an empty one in its place.
  /// - Parameter list: the kept list.
  /// - Returns: the list (empty, with the capacity of earlier searches).
  static func take<Element>(_ list: inout [Element]) -> [Element] {
    var taken: [Element] = []
    swap(&taken, &list)
    return taken
  }

  /// Gives a list back to be kept for the next search.
  /// - Parameters:
  ///   - list: the list; emptied here, capacity kept.
  ///   - slot: where it is kept.
  static func keep<Element>(_ list: inout [Element], in slot: inout [Element]) {
    list.removeAll(keepingCapacity: true)
    swap(&list, &slot)
  }
}
