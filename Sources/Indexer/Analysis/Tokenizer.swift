/// Low-level byte tokenizer without String allocation, for speed-critical paths.
///
/// Rules (the same at index and query time):
/// - A token is a run of Unicode letters, digits and combining marks, read from UTF-8 bytes directly. Its folded
///   form is Unicode case-folded, compatibility-normalized (`ﬁ` -> `fi`, full-width `Ａ` -> `a`), with diacritics
///   removed (`Café` -> `cafe`, `Zürich` -> `zurich`, `ß` -> `ss`).
/// - Apostrophes (`'`, `’`, `ʼ`) inside a word join it (`don't` -> `dont`, `O'Brien` -> `obrien`); a final `'s` is a
///   possessive and is dropped (`China's`, `China’s` -> `china`; the token's byte range still covers the `'s`).
///   With `removesElisions` (French, Italian, Catalan, Irish analyzers), a leading elided article is dropped
///   instead (`l'usine` -> `usine`, `qu'il` -> `il`, `dell'Italia` -> `italia`).
/// - Hyphens split a word into parts (`export-control` -> `export`, `control`), which the analyzer gives
///   consecutive positions, so the parts match alone and as a phrase (the query `export-control` is that phrase).
///   The joined form (`exportcontrol`) is not produced, so every position holds exactly one term.
/// - `.` joins digits (`3.5`, `192.168.0.1`) and single-letter acronyms (`U.S.` -> `us`, `e.g.` -> `eg`); `,`
///   before a group of exactly three digits is dropped (`1,000,000` -> `1000000`; `1,2` stays `1`, `2`).
/// - `&` joins two runs of at most three letters or digits (`R&D` -> `r&d`, `AT&T` -> `at&t`).
/// - Everything else separates: spaces, punctuation, symbols, emoji, invalid UTF-8 bytes (so `user@example.com`
///   is `user`, `example`, `com`).
/// - Han, Hiragana, Katakana and Hangul runs become overlapping character bigrams (`出口管制` -> `出口`, `口管`,
///   `管制`), or the lone character for a run of one. Thai, Lao, Myanmar and Khmer (written without spaces) are
///   bigrammed the same way, their combining vowels staying with their consonant.
/// - Tokens longer than `maxTokenBytes` folded bytes are cut into pieces.
public struct Tokenizer: Sendable {
  /// The longest folded token in bytes; longer letter runs are cut into several tokens.
  public static let maxTokenBytes = 128

  /// Whether leading elided articles and prepositions are dropped (`l'usine` -> `usine`, `dell'Italia` ->
  /// `italia`), as for French, Italian, Catalan and Irish text.
  public var removesElisions: Bool

  /// Creates a tokenizer (the shared character table is built on first use).
  public init() { removesElisions = false }

  /// Creates a tokenizer.
  /// - Parameter removesElisions: drop leading elided articles (`l'`, `d'`, `qu'`, `dell'`...).
  public init(removesElisions: Bool) { self.removesElisions = removesElisions }

  /// Splits UTF-8 text into raw (folded, unstemmed) tokens.
  /// - Parameters:
  ///   - text: UTF-8 bytes; invalid sequences act as separators.
  ///   - body: called with `(start, end, folded)` for each token: its byte range in `text` and its case- and
  ///     diacritic-folded UTF-8 bytes, valid only during the call.
  public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, UnsafeBufferPointer<UInt8>) -> Void) {
    // One closure call per token (wrapping `body` in a `scan` closure would make it two).
    withoutActuallyEscaping(body) { body in
      var sink = PlainClosureTokenSink(body: body)
      scan(text, into: &sink)
    }
  }

  /// Like `tokenize(_:_:)`, also telling whether each token is a word or a CJK bigram.
  /// - Parameters:
  ///   - text: UTF-8 bytes.
  ///   - body: called with `(start, end, folded, kind)` for each token.
  package func scan(
    _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, UnsafeBufferPointer<UInt8>, TokenKind) -> Void
  ) {
    withoutActuallyEscaping(body) { body in
      var sink = ClosureTokenSink(body: body)
      scan(text, into: &sink)
    }
  }

  /// Like `scan(_:_:)`, with the tokens going to a sink (specialized per sink type, nothing called per token).
  /// - Parameters:
  ///   - text: UTF-8 bytes.
  ///   - sink: receives each token.
  func scan<Sink: TokenSink>(_ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
    guard let base = text.baseAddress, text.count > 0 else { return }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: TokenScanner.bufferSize) { buffer in
      let scanner = TokenScanner(
        table: CharacterTable.shared, text: base, count: text.count, out: buffer.baseAddress!,
        removesElisions: removesElisions)
      scanner.run(&sink)
    }
  }

  /// Tokenizes a string.
  /// - Parameter text: the text.
  /// - Returns: the folded tokens as strings with their byte ranges.
  public func tokens(_ text: String) -> [(folded: String, start: Int, end: Int)] {
    var result: [(folded: String, start: Int, end: Int)] = []
    var text = text
    text.withUTF8 { bytes in
      tokenize(bytes) { start, end, folded in
        result.append((String(decoding: folded, as: UTF8.self), start, end))
      }
    }
    return result
  }
}
