#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The tokenizer a search gives ``SnippetBuilder``: the document analyzer's tokens with their byte ranges, where
/// only the terms the snippet looks for (the query's terms and the words of its phrases) are made Strings. Every
/// other token carries an empty term, which no query term equals, so the snippet is the same as with every term
/// spelled out; a long page's thousands of tokens then cost no String traffic.
///
/// Made once per search (the wanted terms are the query's); ``snippet(of:sourceMap:query:analyzer:)`` gives each
/// hit's snippet with its document's analyzer, from a ``SnippetTokenList`` (token ranges plus the few wanted tokens)
/// rather than a term per token; ``tokenize(with:)`` gives the same tokens as a ``SnippetBuilder/Tokenizer``.
struct SnippetTokenizer: Sendable {
  /// The wanted terms with their bytes, or nil when one is empty (it would equal the placeholder: every term is
  /// spelled out then).
  private let terms: [(string: String, bytes: [UInt8])]?

  /// Prepares the tokenizers of one query's snippets.
  /// - Parameter query: what the snippets look for.
  init(query: SnippetQuery) {
    var wanted = query.terms
    for phrase in query.phrases { wanted.formUnion(phrase) }
    terms = wanted.contains("") ? nil : wanted.map { (string: $0, bytes: Array($0.utf8)) }
  }

  /// The tokenizer for a document analyzed by `analyzer`.
  /// - Parameter analyzer: the document's analyzer.
  /// - Returns: the tokenizer to give ``SnippetBuilder``.
  func tokenize(with analyzer: Analyzer) -> SnippetBuilder.Tokenizer {
    guard terms != nil else { return { text in analyzer.analyze(text).map { ($0.term, $0.start, $0.end) } } }
    return { text in
      guard let list = tokenList(text, analyzer: analyzer) else { return [] }
      var out = list.ranges.map { (term: "", start: $0.start, end: $0.end) }
      for hit in list.hits { out[hit.index].term = list.terms[hit.term] }
      return out
    }
  }

  /// The snippet of a document analyzed by `analyzer`: what ``SnippetBuilder`` gives with ``tokenize(with:)``'s
  /// tokens, found from the wanted tokens alone rather than from a term per token.
  /// - Parameters:
  ///   - body: the document body.
  ///   - sourceMap: the document's source map.
  ///   - query: the query this tokenizer was made for.
  ///   - analyzer: the document's analyzer.
  /// - Returns: the snippet.
  func snippet(of body: String, sourceMap: SourceMap, query: SnippetQuery, analyzer: Analyzer) -> Snippet {
    let builder = SnippetBuilder(tokenize: tokenize(with: analyzer))
    guard let list = tokenList(body, analyzer: analyzer) else {
      return builder.snippet(body: body, sourceMap: sourceMap, query: query)
    }
    return builder.snippet(body: body, sourceMap: sourceMap, query: query, tokenList: list)
  }

  /// Every token's byte range and the wanted ones' terms; nil when every term must be spelled out.
  func tokenList(_ text: String, analyzer: Analyzer) -> SnippetTokenList? {
    guard let terms else { return nil }
    var sink = SnippetTokenSink(terms: terms, filters: analyzer.termsKeepFirstByte)
    var text = text
    text.withUTF8 { bytes in
      sink.list.ranges.reserveCapacity(bytes.count / 6)
      analyzer.analyzeBytes(bytes, into: &sink)
    }
    return sink.list
  }
}

/// A body's tokens as the snippet needs them: every token's byte range, and the tokens whose term is wanted.
struct SnippetTokenList {
  /// The wanted terms (distinct, none empty).
  var terms: [String]
  /// Each token's byte range, as the analyzer gives it (not clamped).
  var ranges: [SnippetToken] = []
  /// The tokens with a wanted term, in order: the token's index in `ranges` and the term's in `terms`.
  var hits: [(index: Int, term: Int)] = []
}

/// Collects a ``SnippetTokenList`` from ``Analyzer/analyzeBytes(_:into:)``. With `filters` (for analyzers whose
/// terms keep their token's first byte and never grow, ``Analyzer/termsKeepFirstByte``), only the tokens whose
/// folded bytes could analyze to a wanted term are stemmed: those that begin with a wanted term's first byte and are
/// at least as long as the shortest wanted term beginning with it. Every other token has no term.
struct SnippetTokenSink: SelectiveTokenSink {
  private let terms: [(string: String, bytes: [UInt8])]
  /// Per first byte: the length of the shortest wanted term beginning with it (at most 255), 0 when none does; all 1
  /// when not filtering.
  private let shortest: [UInt8]
  /// The tokens so far.
  var list: SnippetTokenList

  /// - Parameters:
  ///   - terms: the wanted terms, distinct and none empty.
  ///   - filters: whether to skip the tokens that cannot analyze to a wanted term.
  init(terms: [(string: String, bytes: [UInt8])], filters: Bool) {
    self.terms = terms
    var shortest = [UInt8](repeating: filters ? 0 : 1, count: 256)
    if filters {
      for term in terms {
        guard let first = term.bytes.first else { continue }
        let length = UInt8(min(term.bytes.count, 255))
        if shortest[Int(first)] == 0 || length < shortest[Int(first)] { shortest[Int(first)] = length }
      }
    }
    self.shortest = shortest
    list = SnippetTokenList(terms: terms.map(\.string))
  }

  @inline(__always)
  func needsTerm(_ folded: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = folded.first else { return false }
    let length = shortest[Int(first)]
    return length != 0 && folded.count >= Int(length)
  }

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ term: UnsafeBufferPointer<UInt8>?) {
    if let term, let found = Self.index(of: term, in: terms) { list.hits.append((list.ranges.count, found)) }
    list.ranges.append(SnippetToken(start: start, end: end))
  }

  /// The index of the wanted term equal to `term`'s bytes, if any.
  private static func index(of term: UnsafeBufferPointer<UInt8>, in terms: [(string: String, bytes: [UInt8])]) -> Int? {
    guard term.count > 0 else { return nil }
    for (i, t) in terms.enumerated() where t.bytes.count == term.count {
      if t.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, term.baseAddress!, term.count) == 0 }) {
        return i
      }
    }
    return nil
  }
}
