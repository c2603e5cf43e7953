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
public struct Analyzer: Sendable {
  /// The language tag given at creation.
  public let language: String
  /// The Snowball algorithm used ("english", "german", ...), or nil when words are not stemmed.
  public let stemmerAlgorithm: String?
  private let pool: AnalysisContextPool
  private let tokenizer = Tokenizer()

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
    let stemmer = context.stemmer
    let cache = context.cache
    var position = 0
    tokenizer.scan(text) { start, end, folded, kind in
      let (exact, term) = cache.lookup(folded) {
        let exact = String(decoding: folded, as: UTF8.self)
        guard kind == .word, let stemmer else { return (exact, exact) }
        return stemmer.stem(folded) { stem in
          if stem.isEmpty
            || stem.count == folded.count && memcmp(stem.baseAddress!, folded.baseAddress!, stem.count) == 0
          {
            return (exact, exact)
          }
          return (exact, String(decoding: stem, as: UTF8.self))
        }
      }
      body(Token(term: term, exact: exact, position: position, start: start, end: end))
      position += 1
    }
  }

  /// The terms of a text, in order: what a query's words are looked up as.
  /// - Parameter text: the text.
  /// - Returns: the terms (positions are the array indices).
  public func terms(_ text: String) -> [String] {
    analyze(text).map(\.term)
  }
}
