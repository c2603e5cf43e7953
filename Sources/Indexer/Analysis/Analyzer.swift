#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns text into index terms: tokenization and folding (`Tokenizer`), then Snowball stemming of words.
/// The same analysis applies to documents and to queries.
///
/// An `Analyzer` is a small value: create one per language and share it freely across threads (stemmers are
/// borrowed from a per-language pool for the duration of each call).
///
/// Terms only match terms made by an analyzer with the same `signature`: a query must be analyzed like the
/// documents it searches (an English-stemmed query term will not find a German-stemmed document term; the
/// unstemmed `exact` form is the same across languages). See `Tokenizer` for the tokenization rules.
public struct Analyzer: Sendable {
  /// Changes whenever tokenization, folding or stemming changes the terms produced, so that an index can tell
  /// that it was built with a different analysis and must be rebuilt.
  public static let version = 1
  /// The language tag given at creation.
  public let language: String
  /// The Snowball algorithm used ("english", "german", ...), or nil when words are not stemmed.
  public let stemmerAlgorithm: String?
  /// Identifies the analysis (version, stemmer, elision handling), e.g. `"analysis-1 english"`: terms from
  /// analyzers with equal signatures are comparable.
  public var signature: String {
    "analysis-\(Self.version) \(stemmerAlgorithm ?? "none")\(tokenizer.removesElisions ? " elisions" : "")"
  }
  private let pool: AnalysisContextPool
  private let tokenizer: Tokenizer

  /// Creates an analyzer.
  /// - Parameters:
  ///   - language: an ISO 639-1 code, optionally with a region (`en`, `de`, `fr`, `pt-BR`, `zh-CN`), or a Snowball
  ///     algorithm name. "" means English. Languages without a Snowball stemmer (`zh`, `ja`, `ko`, unknown codes)
  ///     are not stemmed.
  ///   - stemming: false to index folded words without stemming.
  public init(language: String = "en", stemming: Bool = true) {
    self.language = language
    let algorithm = stemming ? AnalysisContextPool.algorithm(forLanguage: language) : nil
    pool = AnalysisContextPool.shared(algorithm: algorithm) ?? AnalysisContextPool.shared(algorithm: nil)!
    stemmerAlgorithm = pool.algorithm
    tokenizer = Tokenizer(removesElisions: AnalysisContextPool.usesElisions(language))
  }

  /// Analyzes a string.
  /// - Parameter text: the text.
  /// - Returns: its tokens in order, with byte ranges into `text.utf8`.
  public func analyze(_ text: String) -> [Token] {
    var tokens: [Token] = []
    var text = text
    text.withUTF8 { bytes in analyze(bytes) { tokens.append($0) } }
    return tokens
  }

  /// Analyzes UTF-8 bytes.
  /// - Parameters:
  ///   - text: UTF-8 bytes (invalid sequences are separators).
  ///   - body: called with each token in order.
  public func analyze(_ text: UnsafeBufferPointer<UInt8>, _ body: (Token) -> Void) {
    let context = pool.acquire()
    defer { pool.release(context) }
    let cache = context.cache
    let stemmer = context.stemmer
    var position = 0
    tokenizer.scan(text) { start, end, folded, kind in
      let strings: (exact: String, term: String)
      if folded.count <= TermCache.maxKeyLength {
        strings = cache.strings(cache.slot(for: folded, stem: kind == .word))
      } else {
        strings = Self.uncachedStrings(folded, stemmer: kind == .word ? stemmer : nil)
      }
      body(Token(term: strings.term, exact: strings.exact, position: position, start: start, end: end))
      position += 1
    }
  }

  /// Analyzes UTF-8 bytes into each token's folded form and term as strings (kept by the term cache, so a word seen
  /// before makes none), with the folded bytes: the plain query's path (no `Token` values, one closure call a
  /// token). Gives the `exact` and `term` of `analyze(_:_:)`.
  /// - Parameters:
  ///   - text: UTF-8 bytes (invalid sequences are separators).
  ///   - body: called with each token's folded string, term and folded bytes (valid only during the call), in order.
  func analyzeWords(
    _ text: UnsafeBufferPointer<UInt8>,
    _ body: (_ exact: String, _ term: String, _ folded: UnsafeBufferPointer<UInt8>) -> Void
  ) {
    let context = pool.acquire()
    defer { pool.release(context) }
    withoutActuallyEscaping(body) { body in
      var sink = WordStringSink(cache: context.cache, stemmer: context.stemmer, body: body)
      tokenizer.scan(text, into: &sink)
    }
  }

  /// Analyzes UTF-8 bytes without creating Strings: the fast path for indexing. Gives the same tokens as
  /// `analyze(_:_:)`.
  /// - Parameters:
  ///   - text: UTF-8 bytes (invalid sequences are separators).
  ///   - body: called with each token in order; its byte views are valid only during the call.
  public func analyzeBytes(_ text: UnsafeBufferPointer<UInt8>, _ body: (TokenBytes) -> Void) {
    let context = pool.acquire()
    defer { pool.release(context) }
    let cache = context.cache
    let stemmer = context.stemmer
    var position = 0
    tokenizer.scan(text) { start, end, folded, kind in
      if folded.count <= TermCache.maxKeyLength {
        let slot = cache.slot(for: folded, stem: kind == .word)
        body(
          TokenBytes(
            term: cache.termBytes(slot), exact: cache.exactBytes(slot), position: position, start: start, end: end))
      } else if kind == .word, let stemmer {
        stemmer.stem(folded) { stem in
          body(TokenBytes(term: stem, exact: folded, position: position, start: start, end: end))
        }
      } else {
        body(TokenBytes(term: folded, exact: folded, position: position, start: start, end: end))
      }
      position += 1
    }
  }

  /// Whether every term this analyzer makes begins with the first byte of its folded token and is no longer than
  /// it: true when words are not stemmed, or stemmed by an algorithm that only strips or rewrites suffixes
  /// (``Stemmer/suffixOnlyAlgorithms``). A token whose folded bytes cannot begin a wanted term then cannot analyze
  /// to it, so ``analyzeBytes(_:into:)`` may skip its stemming.
  var termsKeepFirstByte: Bool {
    stemmerAlgorithm.map { Stemmer.suffixOnlyAlgorithms.contains($0) } ?? true
  }

  /// Analyzes UTF-8 bytes for a reader that wants only some terms (the snippet tokenizer): each token's folded
  /// bytes are offered to `sink.needsTerm` first, and only tokens it accepts are stemmed (through the term cache)
  /// and handed over with their term; the others come with none. Gives the same terms as `analyzeBytes(_:_:)` to
  /// the tokens accepted.
  /// - Parameters:
  ///   - text: UTF-8 bytes (invalid sequences are separators).
  ///   - sink: receives each token in order.
  func analyzeBytes<Sink: SelectiveTokenSink>(_ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
    let context = pool.acquire()
    defer { pool.release(context) }
    var adapter = SelectiveSinkAdapter(cache: context.cache, stemmer: context.stemmer, sink: sink)
    tokenizer.scan(text, into: &adapter)
    sink = adapter.sink
  }

  /// Analyzes texts into index terms, one text after the other: the indexer's path (no `exact` forms, byte
  /// ranges or `Token` values; the scanning loop calls nothing per token). Gives the same terms as
  /// `analyze(_:)` on each text.
  /// - Parameter texts: the texts.
  /// - Returns: the terms of all texts in order, and how many terms each text gave (each text's positions are
  ///   0 up to its count).
  func indexTerms(_ texts: [String]) -> (terms: [String], counts: [Int]) {
    let context = pool.acquire()
    defer { pool.release(context) }
    var expected = 0
    for text in texts { expected += text.utf8.count / 6 + 4 }
    var collector = TermCollector(cache: context.cache, capacity: expected)
    var counts: [Int] = []
    counts.reserveCapacity(texts.count)
    for var text in texts {
      let before = collector.count
      text.withUTF8 { tokenizer.scan($0, into: &collector) }
      counts.append(collector.count - before)
    }
    return (collector.finish(), counts)
  }

  @inline(never)
  fileprivate static func uncachedStrings(_ folded: UnsafeBufferPointer<UInt8>, stemmer: Stemmer?) -> (String, String) {
    let exact = String(decoding: folded, as: UTF8.self)
    return (exact, stemmer.map { $0.stem(folded) { String(decoding: $0, as: UTF8.self) } } ?? exact)
  }

  /// The terms of a text, in order: what a query's words are looked up as.
  /// - Parameter text: the text.
  /// - Returns: the terms (positions are the array indices).
  public func terms(_ text: String) -> [String] {
    analyze(text).map(\.term)
  }
}

/// Receives tokens from ``Analyzer/analyzeBytes(_:into:)``, choosing from each token's folded bytes whether its term
/// is wanted.
protocol SelectiveTokenSink {
  /// Whether the token with these folded bytes needs its term; when false it is given none and is not stemmed.
  func needsTerm(_ folded: UnsafeBufferPointer<UInt8>) -> Bool
  /// One token: its byte range in the text and, when ``needsTerm(_:)`` accepted it, its term's bytes (valid only
  /// during the call).
  mutating func token(_ start: Int, _ end: Int, _ term: UnsafeBufferPointer<UInt8>?)
}

/// Turns the tokenizer's folded tokens into terms for a ``SelectiveTokenSink``, for the tokens it wants.
private struct SelectiveSinkAdapter<Sink: SelectiveTokenSink>: TokenSink {
  let cache: TermCache
  let stemmer: Stemmer?
  var sink: Sink

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) {
    guard sink.needsTerm(folded) else {
      sink.token(start, end, nil)
      return
    }
    if folded.count <= TermCache.maxKeyLength {
      sink.token(start, end, cache.termBytes(cache.slot(for: folded, stem: kind == .word)))
    } else if kind == .word, let stemmer {
      stemmer.stem(folded) { sink.token(start, end, $0) }
    } else {
      sink.token(start, end, folded)
    }
  }
}

/// Hands each token's `(exact, term)` strings and folded bytes to a closure (``Analyzer/analyzeWords(_:_:)``).
private struct WordStringSink: TokenSink {
  let cache: TermCache
  let stemmer: Stemmer?
  let body: (String, String, UnsafeBufferPointer<UInt8>) -> Void

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) {
    let strings: (exact: String, term: String) =
      folded.count <= TermCache.maxKeyLength
      ? cache.strings(cache.slot(for: folded, stem: kind == .word))
      : Analyzer.uncachedStrings(folded, stemmer: kind == .word ? stemmer : nil)
    body(strings.exact, strings.term, folded)
  }
}
