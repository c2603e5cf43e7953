#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The plain-word path of ``QueryCompiler``: a query of plain words analyzed once (seeded by the searcher's
/// ``PlainQueryAnalysis`` or word by word), with query-side weights, boosts, and one ``TermScorer`` per word.
extension QueryCompiler {
  /// One distinct word of a plain-word query: its stemmed term, the field it is limited to, and its query-side
  /// weight (repeats add up; function words of long queries weigh 0 and are left out).
  struct PlainWord {
    var term: String
    var field: TextField?
    var weight: Float
  }

  /// The distinct words, in query order, of a query made only of plain words (the shape MaxScore prunes), or nil
  /// for any other shape.
  func plainWords(_ query: Query) -> [PlainWord]? {
    // The searcher asks with the same query value several times (collector, feedback, proximity stage).
    if let memo = plainWordsMemo, Self.identical(memo.query, query) { return memo.result }
    // The seeded analysis's own query: its words, terms and function-word flags are known.
    if let seeded, !seeded.entries.isEmpty, Self.identical(seeded.query, query) {
      let result = analyzeSeeded(seeded)
      plainWordsMemo = PlainWordsMemo(query: query, words: nil, count: seeded.entries.count, result: result)
      return result
    }
    var words: [TermQuery] = []
    switch query {
    case .term(let t): words = [t]
    case .boolean(let b) where b.must.isEmpty && b.filter.isEmpty && b.mustNot.isEmpty:
      for q in b.should {
        guard case .term(let t) = q else { return nil }
        words.append(t)
      }
    case .plainWords(let list): words = list.entries.map { TermQuery($0.exact) }
    default: return nil
    }
    for t in words { guard t.mode == .exact else { return nil } }
    // The collector and the feedback stage ask for the same query's words: analyze them once.
    if let memo = plainWordsMemo, let known = memo.words, known.count == words.count,
      zip(known, words).allSatisfy({ $0.text == $1.text && $0.field == $1.field })
    {
      plainWordsMemo?.query = query
      return memo.result
    }
    let result = analyzePlainWords(words)
    plainWordsMemo = PlainWordsMemo(query: query, words: words, count: words.count, result: result)
    return result
  }

  /// Whether two queries are the same value in memory (the same boxes): then they are surely equal, without
  /// walking them. Different bits say nothing (equal queries may be built twice).
  private static func identical(_ a: Query, _ b: Query) -> Bool {
    withUnsafeBytes(of: a) { x in
      withUnsafeBytes(of: b) { y in memcmp(x.baseAddress!, y.baseAddress!, MemoryLayout<Query>.size) == 0 }
    }
  }

  /// ``analyzePlainWords(_:)`` for the seeded analysis's own query (all fields, folded words): the same words,
  /// weights and repeats, from what the analysis already knows.
  private func analyzeSeeded(_ seeded: PlainQueryAnalysis) -> [PlainWord]? {
    let entries = seeded.entries
    let n = entries.count
    var stopwords = 0
    for e in entries where e.stopword { stopwords += 1 }
    let weights = QueryWordWeights(count: n, stopwords: stopwords, model: model)
    var gathered = PlainWordGatherer(capacity: n)
    var refold: [String?] = []
    var refolds = false
    for k in 0..<n {
      let term: String?
      if entries[k].lowerASCII {
        term = entries[k].term
      } else {
        // Not vouched for (see ``PlainQueryAnalysis``): analyzed alone, as ``analyzePlainWords(_:)`` does.
        let word = entries[k].exact
        let tokens = analyzer.analyze(word)
        guard tokens.count <= 1 else { return nil }
        term = tokens.first?.term
        let lowered = word.lowercased()
        if lowered != word {
          // The first word typed with capitals: the list is made (nil up to here).
          if !refolds {
            refold = Array(repeating: nil, count: n)
            refolds = true
          }
          refold[k] = lowered
        }
      }
      gathered.add(term, field: nil, weight: weights.weight(isStopword: entries[k].stopword))
    }
    plainAnalysis = (gathered.analyzed, refold)
    return gathered.words
  }

  private func analyzePlainWords(_ words: [TermQuery]) -> [PlainWord]? {
    let seeded = self.seeded
    // Folded ASCII words are lower case already.
    let lowered = words.map { PlainQueryAnalysis.isLowerASCIIWord($0.text) ? $0.text : $0.text.lowercased() }
    let weights = QueryWordWeights(words: lowered, model: model)
    var gathered = PlainWordGatherer(capacity: words.count)
    defer {
      if gathered.analyzed.count == words.count {
        plainAnalysis = (
          gathered.analyzed, words.indices.map { lowered[$0] == words[$0].text ? nil : lowered[$0] }
        )
      }
    }
    for (k, t) in words.enumerated() {
      let term: String?
      if let known = seeded?.term(at: k, word: t.text) {
        term = known
      } else {
        let tokens = analyzer.analyze(t.text)
        guard tokens.count <= 1 else { return nil }
        term = tokens.first?.term
      }
      gathered.add(term, field: t.field, weight: weights.weight(lowered[k]))
    }
    return gathered.words
  }

  /// A plain-word query's words gathered in query order: the distinct (term, field) pairs with their weights
  /// summed, and for every word its term and whether it keeps its full weight (what the later stages reuse).
  private struct PlainWordGatherer {
    private(set) var words: [PlainWord] = []
    private(set) var analyzed: [AnalyzedWord] = []

    init(capacity: Int) {
      words.reserveCapacity(capacity)
      analyzed.reserveCapacity(capacity)
    }

    /// Adds one word: its term (nil when it has none), the field it is limited to and its query-side weight
    /// (0 leaves it out).
    mutating func add(_ term: String?, field: TextField?, weight: Float) {
      analyzed.append(AnalyzedWord(term: term, kept: weight >= 1))
      guard let term, weight > 0 else { return }
      // A query has few words: finding a repeat by comparison beats building and hashing a key.
      if let i = words.firstIndex(where: { $0.field == field && $0.term == term }) {
        words[i].weight += weight
      } else {
        words.append(PlainWord(term: term, field: field, weight: weight))
      }
    }
  }

  /// The stemmed words of a query made only of plain words over all text fields, with their query-side boosts
  /// (repeats and function-word weights), or nil for any other shape.
  func plainWordBoosts(_ query: Query) -> [(term: String, boost: Float)]? {
    guard let words = plainWords(query), words.allSatisfy({ $0.field == nil }) else { return nil }
    if let boosts = plainWordsMemo?.boosts { return boosts }
    let boosts = words.map { (term: $0.term, boost: $0.weight) }
    plainWordsMemo?.boosts = boosts
    return boosts
  }

  /// The number of words of a plain-word query and the sum of their boosts (``plainWordBoosts(_:)``'s boosts,
  /// summed in order), without making that list; nil as ``plainWordBoosts(_:)`` is nil.
  /// - Parameter query: the query.
  /// - Returns: the word count and the boosts' total.
  func plainWordBoostTotal(_ query: Query) -> (count: Int, total: Float)? {
    guard let words = plainWords(query), words.allSatisfy({ $0.field == nil }) else { return nil }
    return (words.count, words.reduce(Float(0)) { $0 + $1.weight })
  }

  /// How many plain words (repeats included) the query's positive clauses have.
  func plainWordCount(_ query: Query) -> Int {
    // A query of plain words only: one positive leaf per word.
    if let memo = plainWordsMemo, memo.result != nil, Self.identical(memo.query, query) { return memo.count }
    return query.positiveTextLeaves().count
  }

  /// The scorers of a plain-word query's words in one segment.
  /// - Parameters:
  ///   - words: what ``plainWords(_:)`` returned.
  ///   - segment: the segment.
  /// - Returns: one scorer per word present in the segment (repeats weigh more), possibly empty.
  func wordScorers(_ words: [PlainWord], segment: SegmentReader) -> [TermScorer] {
    var scorers: [TermScorer] = []
    wordScorers(words, segment: segment, into: &scorers)
    return scorers
  }

  /// ``wordScorers(_:segment:)`` into a given list (a list kept between searches, ``TermScorerCache/wordScorers``).
  /// - Parameters:
  ///   - words: what ``plainWords(_:)`` returned.
  ///   - segment: the segment.
  ///   - scorers: receives one scorer per word present in the segment (emptied first, capacity kept).
  func wordScorers(_ words: [PlainWord], segment: SegmentReader, into scorers: inout [TermScorer]) {
    scorers.removeAll(keepingCapacity: true)
    // Room for every word at once (growing one scorer at a time reallocates several times).
    scorers.reserveCapacity(words.count)
    for word in words {
      if let s = termScorer(word.term, fields: fields(word.field), segment: segment, boost: word.weight) {
        scorers.append(s)
      }
    }
  }
}
