/// How JSON-RPC messages are delimited on a connection. The server detects it from a connection's first bytes (``detect(_:)``)
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

  /// Guesses the framing from a peer's first bytes (white space skipped): JSON starts with `{` or `[`; a header
  /// block starts with a header name (letters, digits and `-`/`_`/`.`) followed by `:`. Anything else (a stray
  /// word, binary garbage) is taken as a newline-delimited line, so that the peer gets a parse error for it
  /// instead of a connection waiting for a blank line that never comes.
  /// - Parameter bytes: the bytes received so far, from the first that is not white space.
  /// - Returns: the framing, or nil when the bytes so far are a header name still missing its `:` (read more).
  public static func detect(_ bytes: ArraySlice<UInt8>) -> Framing? {
    guard let first = bytes.first else { return nil }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .newlineDelimited }
    for (k, b) in bytes.enumerated() {
      if b == UInt8(ascii: ":") { return k > 0 ? .contentLength : .newlineDelimited }
      if !isHeaderNameByte(b) { return .newlineDelimited }
    }
    // A header name this long is no header name.
    return bytes.count > maxHeaderNameBytes ? .newlineDelimited : nil
  }

  /// The longest header name ``detect(_:)`` waits for.
  static let maxHeaderNameBytes = 256

  private static func isHeaderNameByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
  }
}
