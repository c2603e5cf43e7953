#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs searches on one index snapshot: parse, match, rank with BM25F, then build snippets and facets.
///
/// A searcher never blocks on indexing: it reads the immutable snapshot it was opened on. Open a new one (or call
/// ``IndexReader/reopen()``) to see later commits. Safe to use from several threads at once.
public final class Searcher: @unchecked Sendable {
  /// The snapshot searched.
  public let reader: IndexReader
  /// The ranking parameters.
  public let model: RankingModel
  private let analyzer = Analyzer(language: "en")
  /// BM25F length factors of this snapshot and model.
  let norms: NormFactorTables
  /// Segments of at most this many documents are scored term at a time (``TermAtATimeCollector``: every match
  /// scored, faster there than pruning); larger ones with MaxScore pruning (``MaxScoreCollector``).
  /// Tests set it to 0 to exercise pruning on small indexes; set it before searching, not during.
  package var termAtATimeMaxDoc = 32_768
  /// Zeroed window buffers of term-at-a-time scoring kept between searches, so that a search does not allocate and
  /// clear about 36 KB.
  private let termAtATimeScratch = ObjectPool { TermAtATimeScratch(size: TermAtATimeCollector.windowSize) }
  /// Term scorers and their postings iterators, reused across searches.
  private let scorerCaches = ObjectPool { TermScorerCache() }

  /// Creates a searcher.
  /// - Parameters:
  ///   - reader: an open index snapshot.
  ///   - model: ranking parameters.
  public init(reader: IndexReader, model: RankingModel = RankingModel()) {
    self.reader = reader
    self.model = model
    norms = NormFactorTables(reader: reader, model: model)
  }

  /// Opens the index at `directory` and creates a searcher on its last commit.
  /// - Parameter directory: the index directory.
  /// - Throws: `SeekError` when the index is missing, damaged or from a newer version.
  public convenience init(directory: String) throws {
    try self.init(reader: IndexReader.open(directory: directory))
  }

  /// A matching document with its score, before stored fields are read.
  struct Candidate {
    var address: DocAddress
    var score: Float
  }

  /// Runs a search.
  /// - Parameters:
  ///   - request: the query and options.
  ///   - isCancelled: polled during matching; when it returns true the search stops and throws.
  /// - Returns: the ranked hits, total count and facets.
  /// - Throws: `SeekError(.invalidQuery)` in strict mode; `SeekError(.other, "cancelled")` when cancelled;
  ///   `SeekError(.corruptIndex)` when a stored block is damaged.
  public func search(_ request: SearchRequest, isCancelled: () -> Bool = { false }) throws -> SearchResults {
    let started = Self.microseconds()
    let scorers = scorerCaches.take()
    scorers.restart()
    // Every scorer of this search is out of use once it returns (the cache reuses only scorers nobody else holds).
    defer { scorerCaches.give(scorers) }
    let compiler = QueryCompiler(reader: reader, model: model, analyzer: analyzer, norms: norms, scorers: scorers)
    let query: Query
    // The canonical query text of the results (made once the search is done).
    var plainDescription: String? = nil
    if request.plain {
      // One analysis pass gives the words and their terms; the compiler takes the terms instead of analyzing
      // each word again.
      let analysis = PlainQueryAnalysis(request.query, analyzer: analyzer)
      query = analysis.query
      plainDescription = analysis.description
      compiler.seed(analysis)
    } else {
      query = try QueryParser(strict: request.strict).parse(request.query)
    }
    let pageDepth = request.offset + request.limit
    let reranker = ResultReranker(reader: reader, model: model)
    let rerank = reranker.isActive && pageDepth > 0
    let vectorFeedback =
      pageDepth > 0
      ? TermVectorFeedback(reader: reader, model: model, norms: norms, compiler: compiler, query: query) : nil
    let feedback =
      pageDepth > 0 ? PseudoRelevanceFeedback(reader: reader, model: model, compiler: compiler, query: query) : nil
    let depth = max(pageDepth, rerank ? reranker.depth : 0)
    let feedbackDepth =
      vectorFeedback?.depth ?? (feedback == nil ? 0 : max(model.feedbackDocs, model.feedbackDepth))
    var (top, total, exact): ([Candidate], Int, Bool) = ([], 0, true)
    // With facets and nothing to rank, the facets' match pass alone counts the matches.
    if request.facetLimit == 0 || depth > 0 || feedbackDepth > 0 {
      (top, total, exact) = try collect(
        query, compiler: compiler, depth: max(depth, feedbackDepth), exhaustive: request.exhaustive,
        isCancelled: isCancelled)
    }
    if let vectorFeedback { vectorFeedback.rescore(&top) }
    if let feedback {
      if model.feedbackDepth > 0 {
        top = try feedback.rescore(firstPass: top, depth: model.feedbackDepth)
      } else {
        (top, total, exact) = try feedback.search(
          firstPass: top, depth: depth, exhaustive: request.exhaustive, isCancelled: isCancelled)
      }
    }
    if rerank {
      try reranker.rerank(&top, query: query, compiler: compiler)
    } else {
      CandidateSort.bestFirst(&top)
    }
    var hits: [SearchHit] = []
    if request.offset < top.count {
      hits.reserveCapacity(min(top.count, request.offset + request.limit) - request.offset)
      let light = !request.storedFields && !request.snippets
      if !light { compiler.collectHighlights(query) }
      let snippetQuery = SnippetQuery(terms: compiler.highlightTerms, phrases: compiler.highlightPhrases)
      // Made once per search, and only when snippets are wanted (not on the light path).
      let snippetTokenizer = request.snippets ? SnippetTokenizer(query: snippetQuery) : nil
      let end = min(top.count, request.offset + request.limit)
      // The last light hit's path and kind: hits of one NDJSON file share its path (the same string).
      var lastPath: (path: String, kind: DocumentKind)? = nil
      for i in request.offset..<end {
        if light {
          hits.append(lightHit(top[i], rank: i + 1, lastPath: &lastPath))
          continue
        }
        let doc = try reader.storedDocument(top[i].address)
        hits.append(
          makeHit(
            doc, rank: i + 1, score: top[i].score, query: snippetQuery, tokenizer: snippetTokenizer, request: request))
      }
    }
    var facets: [EntityType: [EntityCount]] = [:]
    if request.facetLimit > 0 {
      // Facets count every matching document, which makes the total exact too.
      let matched = try facetsOfMatches(query, compiler: compiler, limit: request.facetLimit, isCancelled: isCancelled)
      facets = matched.facets
      total = matched.total
      exact = true
    }
    // Its lists go back to the scorer cache before the cache goes back to the pool (the deferred give).
    compiler.finish()
    return SearchResults(
      hits: hits, total: total, totalIsExact: exact, tookMicros: Self.microseconds() - started, facets: facets,
      parsedQuery: plainDescription ?? query.description)
  }

  private func collect(
    _ query: Query, compiler: QueryCompiler, depth: Int, exhaustive: Bool, isCancelled: () -> Bool
  ) throws -> ([Candidate], Int, Bool) {
    var heap = TopScores(capacity: depth)
    var total = 0
    var exact = true
    let coordination = model.coordination
    // Distinct query words, needed only by the (optional) coordination factor.
    let words =
      coordination > 0 ? Float(max(1, Set(query.positiveTextLeaves().map { $0.description.lowercased() }).count)) : 1
    // A plain-word query is analyzed once; each segment then only looks its words up.
    let plainWords = !exhaustive && coordination == 0 && depth > 0 ? compiler.plainWords(query) : nil
    // A list of earlier searches for each segment's scorers, given back emptied (no scorer held) when done.
    var scorers = TermScorerCache.take(&compiler.scratch.wordScorers)
    defer { TermScorerCache.keep(&scorers, in: &compiler.scratch.wordScorers) }
    for (index, segment) in reader.segments.enumerated() {
      if let plainWords {
        compiler.wordScorers(plainWords, segment: segment, into: &scorers)
        if scorers.isEmpty { continue }
        if segment.maxDoc <= termAtATimeMaxDoc
          && (segment.maxDoc <= Self.alwaysTermAtATimeMaxDoc || Self.prefersTermAtATime(scorers))
        {
          total += try TermAtATimeCollector(scorers: scorers, pool: termAtATimeScratch).collect(
            segment: segment, index: index, into: &heap, isCancelled: isCancelled)
          continue
        }
        let (count, segmentExact) = try MaxScoreCollector(scorers: scorers).collect(
          segment: segment, index: index, into: &heap, isCancelled: isCancelled)
        total += count
        exact = exact && segmentExact
        continue
      }
      guard let it = compiler.compile(query, segment: segment) else { continue }
      var d = it.nextDoc()
      var steps = 0
      while d != DocIterators.end {
        if !segment.isDeleted(d) {
          total += 1
          if depth > 0 {
            var score = it.score()
            if coordination > 0 { score *= powf(min(1, Float(it.matchCount()) / words), coordination) }
            heap.insert(Candidate(address: DocAddress(segment: index, doc: d), score: score))
          }
        }
        steps += 1
        if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
        d = it.nextDoc()
      }
    }
    return (heap.elements, total, exact)
  }

  /// Segments of at most this many documents (two windows) are always scored term at a time: their postings have
  /// so few blocks that MaxScore decodes most of them anyway. On SciFact's one segment (5,183 documents) the
  /// queries ``prefersTermAtATime(_:)`` sent to MaxScore (a fifth of them) cost about 585K instructions each
  /// there and about 360K term at a time (callgrind of `seek-bench search-latency`).
  static let alwaysTermAtATimeMaxDoc = 2 * TermAtATimeCollector.windowSize

  /// Whether term-at-a-time scoring should beat MaxScore on these words in a segment larger than two windows: it
  /// reads every posting, while MaxScore mostly skips the postings of the weakest words (frequent words with tiny
  /// idf), whose bounds add up to little next to the strongest word's.
  static func prefersTermAtATime(_ scorers: [TermScorer]) -> Bool {
    let strongest = scorers.reduce(0) { max($0, $1.maxScore) }
    var all = 0
    var weak = 0
    var weakBounds: Float = 0
    for s in scorers.sorted(by: { $0.maxScore < $1.maxScore }) {
      all += s.cost
      weakBounds += s.maxScore
      if weakBounds < strongest / 2 { weak += s.cost }
    }
    // MaxScore costs about three times as much per posting it reads (measured on SciFact and Cranfield).
    return all <= 3 * (all - weak)
  }

  /// The words of a text as optional ranked terms, ignoring any query syntax.
  static func plainQuery(_ text: String) -> Query {
    let words = Tokenizer().tokens(text).map { Query.term(TermQuery($0.folded)) }
    if words.isEmpty { return .matchNone }
    return words.count == 1 ? words[0] : .boolean(BooleanQuery(should: words))
  }

  /// A hit with id, path and score only, read from the index's keyword columns.
  /// - Parameters:
  ///   - c: the candidate.
  ///   - rank: its rank.
  ///   - lastPath: the previous light hit's path and kind, updated (a path equal to it is not examined again).
  private func lightHit(_ c: Candidate, rank: Int, lastPath: inout (path: String, kind: DocumentKind)?) -> SearchHit {
    let segment = reader.segments[c.address.segment]
    let id = segment.keyword(.id, of: c.address.doc) ?? ""
    let path = segment.keyword(.path, of: c.address.doc) ?? id
    let kind: DocumentKind
    if let last = lastPath, last.path == path {
      kind = last.kind
    } else {
      kind = Self.isNDJSONPath(path) ? .ndjson : .text
      lastPath = (path, kind)
    }
    return SearchHit(
      rank: rank, id: id, path: path, title: "", kind: kind, date: "", score: Double(c.score),
      position: SourcePosition(line: 1, column: 1, utf16Column: 1), snippet: nil, entities: [])
  }

  /// Whether a path names an NDJSON file (`.jsonl`, `.ndjson`, any case), as `SourceFormat.forPath` decides, on bytes.
  static func isNDJSONPath(_ path: String) -> Bool {
    var path = path
    return path.withUTF8 { p in
      var i = p.count - 1
      while i >= 0 && p[i] != UInt8(ascii: ".") && p[i] != UInt8(ascii: "/") { i -= 1 }
      guard i >= 0, p[i] == UInt8(ascii: ".") else { return false }
      let n = p.count - i - 1
      guard n == 5 || n == 6 else { return false }
      var ext: UInt64 = 0
      for k in (i + 1)..<p.count { ext = ext << 8 | UInt64(p[k] | (p[k] >= 65 && p[k] <= 90 ? 0x20 : 0)) }
      return ext == 0x6a_73_6f_6e_6c || ext == 0x6e_64_6a_73_6f_6e  // "jsonl", "ndjson"
    }
  }

  private func makeHit(
    _ doc: Document, rank: Int, score: Float, query: SnippetQuery, tokenizer: SnippetTokenizer?,
    request: SearchRequest
  ) -> SearchHit {
    var snippet: Snippet? = nil
    // Without a match in the body (a title match, a filter-only query), where the body starts in the source: a
    // feed item's or NDJSON record's own line rather than the top of its file.
    var position =
      doc.body.isEmpty
      ? SourcePosition(line: 1, column: 1, utf16Column: 1) : doc.sourceMap.position(ofBodyOffset: 0, in: doc.body)
    if request.snippets, let tokenizer {
      let analyzer = IndexableDocumentBuilder.analyzer(forLanguage: doc.lang)
      let s = tokenizer.snippet(of: doc.body, sourceMap: doc.sourceMap, query: query, analyzer: analyzer)
      if let best = s.bestMatch { position = best.start }
      snippet = s
    }
    return SearchHit(
      rank: rank, id: doc.id, path: doc.path, title: doc.title, kind: doc.kind, date: doc.date,
      score: Double(score), position: position, snippet: snippet, entities: Self.topEntities(doc.entities, limit: 8))
  }

  /// The most mentioned named entities of a document (people, organizations, places, other names; not dates,
  /// money or percentages).
  public static func topEntities(_ spans: [EntitySpan], limit: Int) -> [EntityCount] {
    // Keyed by type and name as they are (no joined String per mention); ties go to the first mentioned.
    struct Key: Hashable {
      let type: EntityType
      let name: String
    }
    var counts: [Key: (mentions: Int, first: Int)] = [:]
    counts.reserveCapacity(min(spans.count, 256))
    for (i, e) in spans.enumerated() where e.type.isNamed {
      counts[Key(type: e.type, name: e.normalized.isEmpty ? e.text : e.normalized), default: (0, i)].mentions += 1
    }
    return counts.sorted {
      $0.value.mentions != $1.value.mentions ? $0.value.mentions > $1.value.mentions : $0.value.first < $1.value.first
    }
    .prefix(limit).map { EntityCount(type: $0.key.type, name: $0.key.name, count: $0.value.mentions) }
  }

  static func microseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int(ts.tv_sec) * 1_000_000 + Int(ts.tv_nsec) / 1000
  }
}

/// A bounded min-heap keeping the best-scoring candidates (ties: lower doc address wins).
struct TopScores {
  let capacity: Int
  private(set) var elements: [Searcher.Candidate] = []

  init(capacity: Int) {
    self.capacity = capacity
    elements.reserveCapacity(min(capacity, 4096))
  }

  /// The score a new candidate must beat once the heap is full.
  var threshold: Float { elements.count < capacity ? -.infinity : elements[0].score }

  private static func worse(_ a: Searcher.Candidate, _ b: Searcher.Candidate) -> Bool {
    a.score != b.score ? a.score < b.score : a.address > b.address
  }

  /// Adds a candidate when the heap has room or it beats the worst one (which it then replaces). The sifts move
  /// a hole instead of swapping, through the array's buffer: the same heap as swapping, fewer copies and checks.
  mutating func insert(_ c: Searcher.Candidate) {
    if capacity == 0 { return }
    if elements.count < capacity {
      elements.append(c)
      elements.withUnsafeMutableBufferPointer { h in
        var i = h.count - 1
        while i > 0 {
          let parent = (i - 1) / 2
          guard Self.worse(c, h[parent]) else { break }
          h[i] = h[parent]
          i = parent
        }
        h[i] = c
      }
      return
    }
    guard Self.worse(elements[0], c) else { return }
    elements.withUnsafeMutableBufferPointer { h in
      let n = h.count
      var i = 0
      while true {
        let l = 2 * i + 1
        if l >= n { break }
        var m = l
        if l + 1 < n && Self.worse(h[l + 1], h[l]) { m = l + 1 }
        guard Self.worse(h[m], c) else { break }
        h[i] = h[m]
        i = m
      }
      h[i] = c
    }
  }
}
