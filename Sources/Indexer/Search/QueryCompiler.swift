/// Turns a parsed ``Query`` into iterators over one segment, analyzing words exactly as documents were analyzed.
///
/// Index-wide statistics (document count, field averages, document frequencies) come from the snapshot so
/// scores are comparable across segments.
final class QueryCompiler {
  private let reader: IndexReader
  let model: RankingModel
  let analyzer: Analyzer
  /// Made on first use: plain-word searches never need it.
  private lazy var exactAnalyzer = Analyzer(language: "en", stemming: false)
  private let docCount: Int
  private let norms: NormFactorTables
  private var idfCache: [IDFKey: Float] = [:]
  /// Dictionary lookups of this query: the scorers and the proximity stage look the same few words up, and a
  /// lookup costs a binary search and a block scan. A query has few words, so a short list beats hashing the
  /// strings. One list of entries (not one list per part): every change of a class's stored array is checked for
  /// exclusive access at run time, once per array.
  /// Not checked for exclusive access at run time (it is read and appended to once per lookup, never while
  /// another access is open; a compiler serves one search on one thread).
  @exclusivity(unchecked) private var cachedLookups: [CachedLookup] = []
  /// Where term scorers come from (reused from earlier searches).
  private let scorerCache: TermScorerCache

  /// One dictionary lookup and its answer.
  struct CachedLookup {
    var segment: ObjectIdentifier
    var field: IndexField
    var term: String
    var info: TermInfo?
  }
  /// The words of the last query ``plainWords(_:)`` analyzed completely, as typed, with each word's term (nil: the
  /// word gave no token), folded, and whether it keeps its full weight (not a down-weighted function word), so that
  /// ``proximityTerms(_:)`` need not analyze or weigh them again.
  /// `refold` holds the word lower-cased where that differs from the word as typed (nil elsewhere; empty when no word
  /// differs).
  /// This and the other per-query memos below are not checked for exclusive access at run time (a compiler serves
  /// one search on one thread; no access overlaps another).
  @exclusivity(unchecked) var plainAnalysis: (words: [AnalyzedWord], refold: [String?])? = nil

  /// One word of a plain-word query as ``plainWords(_:)`` analyzed it: its term (nil: the word gave no token) and
  /// whether it keeps its full weight. Kept in one list (one allocation, not one per part).
  struct AnalyzedWord {
    var term: String?
    var kept: Bool
  }
  /// The last plain-word query, its words and what ``plainWords(_:)`` made of them (and ``plainWordBoosts(_:)``
  /// of those, once asked).
  @exclusivity(unchecked) var plainWordsMemo: PlainWordsMemo? = nil

  struct PlainWordsMemo {
    var query: Query
    /// The words (nil when they came from the seeded analysis; `count` says how many).
    var words: [TermQuery]?
    var count: Int
    var result: [PlainWord]?
    var boosts: [(term: String, boost: Float)]? = nil
  }
  /// The terms of a plain query analyzed in one pass by the searcher (``seed(_:)``).
  @exclusivity(unchecked) var seeded: PlainQueryAnalysis? = nil

  /// An idf cache key: the term and the set of fields (one bit per field).
  private struct IDFKey: Hashable {
    let term: String
    let fields: UInt64
  }
  /// Most terms a prefix or fuzzy word expands to (the most frequent win).
  static let maxExpansions = 64

  /// Terms and phrases to highlight, collected while compiling.
  private(set) var highlightTerms: Set<String> = []
  private(set) var highlightPhrases: [[String]] = []

  /// - Parameters:
  ///   - reader: the snapshot.
  ///   - model: the ranking parameters.
  ///   - analyzer: the analyzer documents were indexed with.
  ///   - norms: the snapshot's length factors.
  ///   - scorers: term scorers kept from earlier searches (nil: a cache of this compiler's own).
  init(
    reader: IndexReader, model: RankingModel, analyzer: Analyzer, norms: NormFactorTables,
    scorers: TermScorerCache? = nil
  ) {
    self.reader = reader
    self.model = model
    self.analyzer = analyzer
    self.docCount = max(reader.liveCount, 1)
    self.norms = norms
    scorerCache = scorers ?? TermScorerCache()
    // The list of an earlier search (given back by ``finish()``), else a new one with room for the body lookups of
    // a typical query (a word in a few segments), without regrowing.
    cachedLookups = TermScorerCache.take(&scorerCache.lookups)
    cachedLookups.reserveCapacity(32)
  }

  /// The per-search lists kept by the scorer cache (``TermScorerCache``), for the later stages of this search.
  var scratch: TermScorerCache { scorerCache }

  /// Ends the search: gives the lists taken from the scorer cache back to it (call before the cache goes back to
  /// its pool; the compiler must not be used afterwards).
  func finish() {
    TermScorerCache.keep(&cachedLookups, in: &scorerCache.lookups)
  }

  /// Takes the terms of a plain query analyzed in one pass, so that ``plainWords(_:)`` need not analyze its
  /// words one by one (words it cannot vouch for are still analyzed here).
  /// - Parameter analysis: the analysis of the query this compiler compiles.
  func seed(_ analysis: PlainQueryAnalysis) {
    seeded = analysis
  }

  /// A term's dictionary entry in one segment's field, looked up once per query.
  /// - Parameters:
  ///   - field: the field.
  ///   - term: the analyzed term.
  ///   - segment: the segment.
  /// - Returns: the entry, or nil when the segment's field lacks the term.
  func termInfo(_ field: IndexField, _ term: String, segment: SegmentReader) -> TermInfo? {
    let id = ObjectIdentifier(segment)
    for entry in cachedLookups where entry.field == field && entry.segment == id && entry.term == term {
      return entry.info
    }
    return lookUp(field, term, segment: segment)
  }

  /// Looks a term up in the segment and keeps a body entry for ``termInfo(_:_:segment:)`` (the later stages,
  /// proximity and body idf, ask for body entries only).
  private func lookUp(_ field: IndexField, _ term: String, segment: SegmentReader) -> TermInfo? {
    var bytes = term
    return bytes.withUTF8 { lookUp(field, term, bytes: $0, segment: segment) }
  }

  /// ``lookUp(_:_:segment:)`` with the term's bytes at hand (a word looked up in several fields gets them once).
  private func lookUp(
    _ field: IndexField, _ term: String, bytes: UnsafeBufferPointer<UInt8>, segment: SegmentReader
  ) -> TermInfo? {
    let info = segment.core.termInfo(field, bytes)
    if field == .body && cachedLookups.count < 256 {
      cachedLookups.append(CachedLookup(segment: ObjectIdentifier(segment), field: field, term: term, info: info))
    }
    return info
  }

  /// A term's idf over the body field (as ``idf(_:fields:)`` with `[.body]`), from the cached lookups.
  private func bodyIDF(_ term: String) -> Float {
    var df = 0
    for segment in reader.segments { df += termInfo(.body, term, segment: segment)?.docFreq ?? 0 }
    return RankingModel.idf(docFreq: df, docCount: docCount)
  }

  private func average(_ field: IndexField) -> Float {
    field.hasNorms ? norms.averages[Int(field.rawValue)] : 1
  }

  /// Collects highlight terms for a query without compiling it (used once per search).
  func collectHighlights(_ query: Query) {
    switch query {
    case .matchNone: return
    case .filter(let f):
      // An entity filter's words are shown highlighted where the entity is mentioned.
      guard case .entity(_, let value, let prefix) = f, !prefix else { return }
      let terms = analyzer.terms(value)
      if terms.count == 1 { highlightTerms.insert(terms[0]) } else if terms.count > 1 { highlightPhrases.append(terms) }
    case .term(let t):
      switch t.mode {
      case .exact:
        let terms = analyzer.terms(t.text)
        if terms.count == 1 {
          highlightTerms.insert(terms[0])
        } else if terms.count > 1 {
          highlightPhrases.append(terms)
        }
      case .prefix, .fuzzy:
        for term in expansions(t, field: .body, segment: nil) { highlightTerms.insert(term) }
      }
    case .phrase(let p):
      let terms = analyzer.terms(p.text)
      if terms.count == 1 { highlightTerms.insert(terms[0]) } else if terms.count > 1 { highlightPhrases.append(terms) }
    case .boolean(let b):
      for q in b.must + b.filter + b.should { collectHighlights(q) }
    case .plainWords(let list):
      for q in list.termClauses { collectHighlights(q) }
    }
  }

  /// Compiles a query for one segment.
  /// - Returns: an iterator, or nil when nothing in the segment can match.
  func compile(_ query: Query, segment: SegmentReader) -> DocIterator? {
    switch query {
    case .matchNone: return nil
    case .term(let t): return compileTerm(t, segment: segment, boost: 1)
    case .phrase(let p):
      return compilePhrase(analyzer.analyze(p.text), slop: p.slop, fields: fields(p.field), segment: segment, boost: 1)
    case .filter(let f): return compileFilter(f, segment: segment)
    case .boolean(let b): return compileBoolean(b, segment: segment)
    case .plainWords(let list): return compileBoolean(list.booleanQuery, segment: segment)
    }
  }

  /// The query words the proximity bonus looks at: the distinct analyzed words of the positive plain-word clauses
  /// (function words left out when ``QueryWordWeights`` down-weights them), with their body idf, and the pairs of
  /// word indexes that count (every pair, or the words next to each other in the query). Empty when the query has
  /// more kept words than ``RankingModel/proximityMaxWords`` (the bonus is for short queries; checked here, where
  /// the kept words are known, before any idf is looked up).
  func proximityTerms(_ query: Query) -> (terms: [(term: String, idf: Float)], pairs: [(Int, Int)]) {
    // The kept words' terms in query order (repeats included).
    var ordered: [String] = []
    if plainWords(query) != nil, let known = plainAnalysis {
      // A plain-word query (the usual case): its words were analyzed and weighed by plainWords, in this order.
      let limit = model.proximityMaxWords > 0 ? model.proximityMaxWords : Int.max
      // Kept words with a term and no refolding add one term each: more of them than the limit end the stage
      // before any list is made (long queries, the usual case).
      var sure = 0
      for k in known.words.indices
      where known.words[k].kept && known.words[k].term != nil && !(k < known.refold.count && known.refold[k] != nil) {
        sure += 1
      }
      if sure > limit { return ([], []) }
      ordered.reserveCapacity(known.words.count)
      for k in known.words.indices where known.words[k].kept {
        if k < known.refold.count, let lowered = known.refold[k] {
          // Typed with capitals: analyzed folded, as documents are.
          ordered.append(contentsOf: analyzer.terms(lowered))
        } else if let term = known.words[k].term {
          ordered.append(term)
        }
        // Too many kept words for the bonus: known before the rest are gathered.
        if ordered.count > limit { return ([], []) }
      }
    } else {
      var words: [String] = []
      for leaf in query.positiveTextLeaves() {
        guard case .term(let t) = leaf, t.mode == .exact else { continue }
        words.append(t.text.lowercased())
      }
      let weights = QueryWordWeights(words: words, model: model)
      for word in words where weights.weight(word) >= 1 { ordered.append(contentsOf: analyzer.terms(word)) }
    }
    if model.proximityMaxWords > 0 && ordered.count > model.proximityMaxWords { return ([], []) }
    // Distinct terms with their body idf, and each word's index among them (a query has few words: a linear
    // search beats hashing).
    var terms: [(term: String, idf: Float)] = []
    var sequence: [Int] = []
    terms.reserveCapacity(ordered.count)
    sequence.reserveCapacity(ordered.count)
    for term in ordered {
      var i = 0
      while i < terms.count && terms[i].term != term { i += 1 }
      if i == terms.count { terms.append((term, bodyIDF(term))) }
      sequence.append(i)
    }
    var pairs: [(Int, Int)] = []
    if model.proximityAdjacentPairs {
      pairs.reserveCapacity(sequence.count)
      var k = 1
      while k < sequence.count {
        let (a, b) = (sequence[k - 1], sequence[k])
        k += 1
        guard a != b else { continue }
        let pair = (min(a, b), max(a, b))
        if !pairs.contains(where: { $0 == pair }) { pairs.append(pair) }
      }
    } else {
      for a in terms.indices {
        for b in terms.indices where b > a { pairs.append((a, b)) }
      }
    }
    return (terms, pairs)
  }

  /// The query's words as typed (folded, unstemmed), distinct and without down-weighted function words, with
  /// their idf over the text fields (for the exact-form bonus).
  func exactWords(_ query: Query) -> [(exact: String, idf: Float)] {
    var words: [String] = []
    for leaf in query.positiveTextLeaves() {
      guard case .term(let t) = leaf, t.mode == .exact else { continue }
      words.append(t.text.lowercased())
    }
    let weights = QueryWordWeights(words: words, model: model)
    var seen = Set<String>()
    var out: [(exact: String, idf: Float)] = []
    for word in words where weights.weight(word) >= 1 {
      let tokens = analyzer.analyze(word)
      guard tokens.count == 1, seen.insert(tokens[0].exact).inserted else { continue }
      out.append((tokens[0].exact, idf(tokens[0].term, fields: RankingModel.textFields)))
    }
    return out
  }

  func fields(_ field: TextField?) -> [IndexField] {
    switch field {
    case nil: RankingModel.textFields
    case .title: [.title]
    case .body: [.body]
    case .headings: [.headings]
    }
  }

  private func compileBoolean(_ b: BooleanQuery, segment: SegmentReader) -> DocIterator? {
    // Repeated plain words in the query count once per occurrence (as FTS5, Xapian and bm25s do).
    var counts: [String: Int] = [:]
    var order: [Query] = []
    for q in b.should {
      if case .term(let t) = q, t.mode == .exact {
        let key = "\(t.field?.rawValue ?? ""):\(t.text.lowercased())"
        if let c = counts[key] {
          counts[key] = c + 1
          continue
        }
        counts[key] = 1
      }
      order.append(q)
    }
    var words: [String] = []
    for q in b.should { if case .term(let t) = q, t.mode == .exact { words.append(t.text.lowercased()) } }
    let weights = QueryWordWeights(words: words, model: model)
    var should: [DocIterator] = []
    for q in order {
      if case .term(let t) = q, t.mode == .exact {
        let key = "\(t.field?.rawValue ?? ""):\(t.text.lowercased())"
        let weight = weights.weight(t.text.lowercased())
        if weight <= 0 { continue }
        if let it = compileTerm(t, segment: segment, boost: Float(counts[key] ?? 1) * weight) { should.append(it) }
      } else if let it = compile(q, segment: segment) {
        should.append(it)
      }
    }
    var must: [DocIterator] = []
    for q in b.must + b.filter {
      guard let it = compile(q, segment: segment) else { return nil }
      must.append(it)
    }
    let mustNot = b.mustNot.compactMap { compile($0, segment: segment) }
    var main: DocIterator
    if !b.must.isEmpty || (should.isEmpty && !must.isEmpty) {
      // Required clauses decide the matches; plain words beside them only add to the score.
      let required = must.count == 1 ? must[0] : ConjunctionIterator(must)
      if should.isEmpty {
        main = required
      } else {
        main = RequiredOptionalIterator(
          required: required, optional: should.count == 1 ? should[0] : DisjunctionIterator(should))
      }
    } else if !should.isEmpty {
      // Words beside filters: at least one word must match, and every filter.
      let words = should.count == 1 ? should[0] : DisjunctionIterator(should)
      main = must.isEmpty ? words : ConjunctionIterator([words] + must)
    } else if !b.should.isEmpty {
      return nil
    } else if !b.mustNot.isEmpty {
      main = AllDocsIterator(maxDoc: segment.maxDoc)
    } else {
      return nil
    }
    if !mustNot.isEmpty {
      main = ExclusionIterator(main: main, excluded: mustNot.count == 1 ? mustNot[0] : DisjunctionIterator(mustNot))
    }
    return main
  }

  /// The idf of a term over fields (the largest document frequency among them), cached per query.
  func idf(_ term: String, fields: [IndexField]) -> Float {
    var mask: UInt64 = 0
    for f in fields { mask |= 1 << UInt64(f.rawValue & 63) }
    let key = IDFKey(term: term, fields: mask)
    if let cached = idfCache[key] { return cached }
    var df = 0
    for f in fields { df = max(df, reader.docFreq(f, term)) }
    let value = RankingModel.idf(docFreq: df, docCount: docCount)
    idfCache[key] = value
    return value
  }

  /// A scorer for one analyzed term over fields.
  func termScorer(_ term: String, fields: [IndexField], segment: SegmentReader, boost: Float) -> TermScorer? {
    var docFreq = 0
    let scorer = scorerCache.candidate(segment: segment)
    var text = term
    text.withUTF8 { bytes in
      for field in fields {
        // Each word is scored once per segment: look it up directly, and keep the answer for the later stages.
        guard let info = lookUp(field, term, bytes: bytes, segment: segment) else { continue }
        docFreq = max(docFreq, info.docFreq)
        scorer.add(.init(info: info, factors: norms.factors(field)))
      }
    }
    if scorer.fieldCount == 0 { return nil }
    // With one segment, its document frequencies are the index's: no second lookup.
    let idf =
      reader.segments.count == 1
      ? RankingModel.idf(docFreq: docFreq, docCount: docCount) : idf(term, fields: fields)
    scorer.finish(idf: idf, k1: model.k1, boost: boost, lowerBound: model.lowerBound)
    scorerCache.handOut()
    return scorer
  }

  private func compileTerm(_ t: TermQuery, segment: SegmentReader, boost: Float) -> DocIterator? {
    let fields = fields(t.field)
    switch t.mode {
    case .exact:
      let tokens = analyzer.analyze(t.text)
      if tokens.count == 1 { return termScorer(tokens[0].term, fields: fields, segment: segment, boost: boost) }
      return compilePhrase(tokens, slop: 0, fields: fields, segment: segment, boost: boost)
    case .prefix, .fuzzy:
      var subs: [DocIterator] = []
      let expanded = expansions(t, field: fields.contains(.body) ? .body : fields[0], segment: segment)
      for term in expanded {
        if let s = termScorer(term, fields: fields, segment: segment, boost: boost * 0.8) { subs.append(s) }
      }
      if subs.isEmpty { return nil }
      return subs.count == 1 ? subs[0] : CountOnceIterator(DisjunctionIterator(subs))
    }
  }

  /// The dictionary terms a prefix or fuzzy word stands for (from the segment, or from every segment).
  private func expansions(_ t: TermQuery, field: IndexField, segment: SegmentReader?) -> [String] {
    let segments = segment.map { [$0] } ?? reader.segments
    let folded = exactAnalyzer.terms(t.text).joined()
    guard !folded.isEmpty else { return [] }
    var found: [String: Int] = [:]
    for s in segments {
      let terms = s.terms(field)
      switch t.mode {
      case .prefix:
        for (term, info) in terms.terms(withPrefix: folded, limit: 4096) { found[term, default: 0] += info.docFreq }
        // A stemmed dictionary holds "control" for "controls": also try the stem of the prefix.
        if let stem = analyzer.terms(t.text).first, stem != folded {
          for (term, info) in terms.terms(withPrefix: stem, limit: 4096) { found[term, default: 0] += info.docFreq }
        }
      case .fuzzy(let edits):
        let automaton = LevenshteinAutomaton(folded, maxEdits: edits)
        var cursor = EnumeratorCursor(terms)
        for (term, _) in automaton.matchingTerms(in: &cursor, limit: 4096) {
          let text = String(decoding: term, as: UTF8.self)
          found[text, default: 0] += s.termInfo(field, text)?.docFreq ?? 0
        }
        if let stem = analyzer.terms(t.text).first, stem != folded {
          let automaton = LevenshteinAutomaton(stem, maxEdits: edits)
          var cursor = EnumeratorCursor(s.terms(field))
          for (term, _) in automaton.matchingTerms(in: &cursor, limit: 4096) {
            let text = String(decoding: term, as: UTF8.self)
            found[text, default: 0] += s.termInfo(field, text)?.docFreq ?? 0
          }
        }
      case .exact:
        return analyzer.terms(t.text)
      }
    }
    return found.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(Self.maxExpansions).map(\.key)
  }

  private func compilePhrase(
    _ tokens: [Token], slop: Int, fields: [IndexField], segment: SegmentReader, boost: Float
  ) -> DocIterator? {
    if tokens.isEmpty { return nil }
    if tokens.count == 1 { return termScorer(tokens[0].term, fields: fields, segment: segment, boost: boost) }
    let base = tokens[0].position
    let offsets = tokens.map { $0.position - base }
    var phraseIDF: Float = 0
    for t in tokens { phraseIDF += idf(t.term, fields: fields) }
    var perField: [DocIterator] = []
    for field in fields {
      var postings: [PostingsIterator] = []
      for t in tokens {
        guard let it = segment.postings(field, t.term) else { break }
        postings.append(it)
      }
      guard postings.count == tokens.count else { continue }
      perField.append(
        PhraseScorer(
          postings: postings, offsets: offsets, slop: slop, field: field, segment: segment, idf: phraseIDF,
          k1: model.k1, parameters: model.parameters(field), averageLength: average(field), boost: boost))
    }
    if perField.isEmpty { return nil }
    return perField.count == 1 ? perField[0] : CountOnceIterator(DisjunctionIterator(perField))
  }

  private func compileFilter(_ filter: QueryFilter, segment: SegmentReader) -> DocIterator? {
    switch filter {
    case .lang(let code):
      return keywordDocs(.lang, [code.lowercased()], segment: segment)
    case .type(let kind):
      return keywordDocs(.type, [kind.lowercased()], segment: segment)
    case .date(let range):
      var terms: [String] = []
      let e = segment.terms(.date)
      while e.next() {
        let term = e.termString
        if range.contains(term) { terms.append(term) }
      }
      return keywordDocs(.date, terms, segment: segment)
    case .path(let glob):
      let pattern = PathGlob(glob)
      var terms: [String] = []
      let e = segment.terms(.path)
      while e.next() {
        let term = e.termString
        if pattern.matches(term) { terms.append(term) }
      }
      return keywordDocs(.path, terms, segment: segment)
    case .entity(let type, let value, let prefix):
      let field: IndexField
      switch type {
      case .person?: field = .person
      case .org?: field = .org
      case .loc?: field = .loc
      case .misc?: field = .misc
      default: field = .entity
      }
      if prefix {
        return compileTerm(TermQuery(value, mode: .prefix), entityField: field, segment: segment)
      }
      let tokens = exactAnalyzer.analyze(value)
      if tokens.count == 1 {
        guard let info = segment.termInfo(field, tokens[0].term) else { return nil }
        return TermScorer(
          fields: [.init(info: info, factors: norms.factors(field))],
          segment: segment, idf: idf(tokens[0].term, fields: [field]), k1: model.k1, boost: 1)
      }
      return compilePhrase(tokens, slop: 0, fields: [field], segment: segment, boost: 1)
    }
  }

  private func compileTerm(_ t: TermQuery, entityField field: IndexField, segment: SegmentReader) -> DocIterator? {
    let folded = exactAnalyzer.terms(t.text).joined(separator: " ")
    var docs = Set<UInt32>()
    for (_, info) in segment.terms(field).terms(withPrefix: folded, limit: Self.maxExpansions) {
      let it = segment.postings(info)
      var d = it.nextDoc()
      while d != PostingsIterator.noMoreDocs {
        docs.insert(d)
        d = it.nextDoc()
      }
    }
    return docs.isEmpty ? nil : ArrayDocIterator(docs.sorted(), score: 0)
  }

  private func keywordDocs(_ field: IndexField, _ terms: [String], segment: SegmentReader) -> DocIterator? {
    var docs: [UInt32] = []
    for term in terms {
      guard let it = segment.postings(field, term) else { continue }
      var d = it.nextDoc()
      while d != PostingsIterator.noMoreDocs {
        docs.append(d)
        d = it.nextDoc()
      }
    }
    if docs.isEmpty { return nil }
    if terms.count > 1 {
      docs.sort()
      var unique: [UInt32] = []
      unique.reserveCapacity(docs.count)
      for d in docs where unique.last != d { unique.append(d) }
      docs = unique
    }
    return ArrayDocIterator(docs, score: 0)
  }
}
