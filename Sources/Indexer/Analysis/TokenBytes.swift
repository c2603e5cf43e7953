/// A token as byte views, for `Analyzer.analyzeBytes(_:_:)`: like `Token` but without String allocation. The views
/// are valid only during the callback that receives them.
public struct TokenBytes {
  /// The indexed term's UTF-8 bytes (folded and stemmed).
  public let term: UnsafeBufferPointer<UInt8>
  /// The folded, unstemmed UTF-8 bytes.
  public let exact: UnsafeBufferPointer<UInt8>
  /// The 0-based token position.
  public let position: Int
  /// UTF-8 byte offset of the token's first byte in the analyzed text.
  public let start: Int
  /// UTF-8 byte offset one past the token's last byte.
  public let end: Int

  /// The token with Strings.
  public var token: Token {
    Token(
      term: String(decoding: term, as: UTF8.self), exact: String(decoding: exact, as: UTF8.self), position: position,
      start: start, end: end)
  }
}
