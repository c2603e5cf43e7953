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
/// Made once per search (the wanted terms are the query's); ``tokenize(with:)`` gives each hit's tokenizer for its
/// document's analyzer.
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
    guard let terms else { return { text in analyzer.analyze(text).map { ($0.term, $0.start, $0.end) } } }
    if analyzer.termsKeepFirstByte {
      let sink = SnippetTokenSink(terms: terms)
      return { text in
        var sink = sink
        var text = text
        text.withUTF8 { bytes in
          sink.tokens.reserveCapacity(bytes.count / 6)
          analyzer.analyzeBytes(bytes, into: &sink)
        }
        return sink.tokens
      }
    }
    return { text in
      var out: [(term: String, start: Int, end: Int)] = []
      var text = text
      text.withUTF8 { bytes in
        out.reserveCapacity(bytes.count / 6)
        analyzer.analyzeBytes(bytes) { token in
          out.append((Self.find(token.term, in: terms) ?? "", token.start, token.end))
        }
      }
      return out
    }
  }

  /// The wanted term equal to `term`'s bytes, if any.
  static func find(_ term: UnsafeBufferPointer<UInt8>, in terms: [(string: String, bytes: [UInt8])]) -> String? {
    for t in terms where t.bytes.count == term.count && term.count > 0 {
      if t.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, term.baseAddress!, term.count) == 0 }) {
        return t.string
      }
    }
    return nil
  }
}

/// Collects the snippet tokenizer's tokens from ``Analyzer/analyzeBytes(_:into:)``, asking for the terms of only
/// the tokens whose folded bytes could analyze to a wanted term: those that begin with a wanted term's first byte
/// and are at least as long as the shortest wanted term beginning with it (for analyzers whose terms keep their
/// token's first byte and never grow, ``Analyzer/termsKeepFirstByte``). Every other token carries the empty term
/// without being stemmed.
struct SnippetTokenSink: SelectiveTokenSink {
  private let terms: [(string: String, bytes: [UInt8])]
  /// Per first byte: the length of the shortest wanted term beginning with it (at most 255), 0 when none does.
  private let shortest: [UInt8]
  /// The tokens so far.
  var tokens: [(term: String, start: Int, end: Int)] = []

  /// - Parameter terms: the wanted terms, none empty.
  init(terms: [(string: String, bytes: [UInt8])]) {
    self.terms = terms
    var shortest = [UInt8](repeating: 0, count: 256)
    for term in terms {
      guard let first = term.bytes.first else { continue }
      let length = UInt8(min(term.bytes.count, 255))
      if shortest[Int(first)] == 0 || length < shortest[Int(first)] { shortest[Int(first)] = length }
    }
    self.shortest = shortest
  }

  @inline(__always)
  func needsTerm(_ folded: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = folded.first else { return false }
    let length = shortest[Int(first)]
    return length != 0 && folded.count >= Int(length)
  }

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ term: UnsafeBufferPointer<UInt8>?) {
    tokens.append((term.flatMap { SnippetTokenizer.find($0, in: terms) } ?? "", start, end))
  }
}
