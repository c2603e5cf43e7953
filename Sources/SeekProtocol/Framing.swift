/// How JSON-RPC messages are delimited on a connection. The server detects it from a connection's first bytes
/// and answers in the same framing.
public enum Framing: String, Sendable, CaseIterable {
  /// One JSON message per line, terminated by `\n` (for `socat`, Vim channels, scripts).
  case newlineDelimited = "ndjson"
  /// LSP style: `Content-Length: N\r\n` (other headers ignored), a blank line, then N bytes of JSON.
  case contentLength = "content-length"

  /// Wraps one encoded JSON message in this framing.
  /// - Parameter body: the JSON text, which must not contain a raw newline for ``newlineDelimited``.
  /// - Returns: the bytes to write.
  public func frame(_ body: [UInt8]) -> [UInt8] {
    switch self {
    case .newlineDelimited:
      var out = body
      out.append(0x0A)
      return out
    case .contentLength:
      var out = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
      out.reserveCapacity(out.count + body.count)
      out.append(contentsOf: body)
      return out
    }
  }

  /// Guesses the framing from the first non-space byte a peer sent: JSON starts with `{` or `[`, anything else is
  /// taken as a header block.
  /// - Parameter firstByte: the first byte that is not white space.
  /// - Returns: the framing.
  public static func detect(firstByte: UInt8) -> Framing {
    firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") ? .newlineDelimited : .contentLength
  }
}
