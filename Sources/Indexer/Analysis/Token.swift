/// One token of analyzed text.
///
/// `start..<end` is the token's byte range in the analyzed UTF-8 text: slicing the input there gives the original
/// surface form (for example `China's` for the term `china`, `U.S` for `us`, `Café` for `cafe`).
public struct Token: Sendable, Equatable {
  /// The indexed term: case- and diacritic-folded, then stemmed (CJK bigrams are never stemmed).
  public var term: String
  /// The folded but unstemmed form, for exact-match boosts and highlighting.
  public var exact: String
  /// The token's position: 0-based and consecutive (parts of a hyphenated word and CJK bigrams get consecutive
  /// positions), so phrases match on position differences of one.
  public var position: Int
  /// UTF-8 byte offset of the token's first byte in the analyzed text.
  public var start: Int
  /// UTF-8 byte offset one past the token's last byte.
  public var end: Int

  /// Creates a token.
  /// - Parameters:
  ///   - term: the indexed (folded, stemmed) term.
  ///   - exact: the folded, unstemmed form.
  ///   - position: the 0-based token position.
  ///   - start: the first byte's offset in the text.
  ///   - end: the offset one past the last byte.
  public init(term: String, exact: String, position: Int, start: Int, end: Int) {
    self.term = term
    self.exact = exact
    self.position = position
    self.start = start
    self.end = end
  }
}

/// What kind of raw token the tokenizer found.
package enum TokenKind: UInt8, Sendable {
  /// Letters and digits (and `.`/`&`/apostrophe joins): stemmed by the analyzer.
  case word
  /// A Chinese, Japanese or Korean (or Thai, Lao, Myanmar, Khmer) character bigram, or a lone character: never
  /// stemmed.
  case cjk
}
