#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SourceMap {
  /// A map for a body decoded from UTF-8 source bytes that may hold invalid sequences (each becomes one U+FFFD,
  /// three bytes in the body, as `String(decoding:as:)` does): anchors at line starts every few kilobytes, and one
  /// after each replacement, so positions stay those of the source bytes.
  /// - Parameter source: the source text the body was decoded from.
  /// - Returns: the map; equal to ``verbatim(_:)`` of the body when the source is valid UTF-8.
  public static func decoded(_ source: UnsafeBufferPointer<UInt8>) -> SourceMap {
    var anchors: [Anchor] = [Anchor(bodyOffset: 0, line: 1, column: 1, utf16Column: 1)]
    var line = 1
    var column = 1
    var utf16 = 1
    var body = 0
    var lastAnchor = 0
    var i = 0
    let end = source.count
    while i < end {
      let b = source[i]
      if b < 0x80 {
        i += 1
        body += 1
        if b == 0x0A {
          line += 1
          column = 1
          utf16 = 1
          if body - lastAnchor >= 4096 {
            anchors.append(Anchor(bodyOffset: body, line: line, column: 1, utf16Column: 1))
            lastAnchor = body
          }
        } else {
          column += 1
          utf16 += 1
        }
        continue
      }
      let valid = UTF8Validation.sequenceLength(source, at: i, end: end)
      if valid > 0 {
        i += valid
        body += valid
        column += valid
        utf16 += valid == 4 ? 2 : 1
        continue
      }
      let replaced = UTF8Validation.invalidSubpartLength(source, at: i, end: end)
      i += replaced
      body += 3
      column += replaced
      utf16 += 1
      anchors.append(Anchor(bodyOffset: body, line: line, column: column, utf16Column: utf16))
      lastAnchor = body
    }
    return SourceMap(anchors: anchors)
  }

  /// A map for the decoded text of a JSON string value on one line: one anchor at the value's start, and one
  /// after each escape (`\n`, `\"`, `\u00e9`...) or invalid UTF-8 sequence, whose lengths differ between the
  /// line and the decoded text, so positions stay those of the line's bytes (an escaped newline is not a line).
  /// - Parameters:
  ///   - line: the source line.
  ///   - valueStart: the 0-based offset of the value's first byte (after its opening quote).
  ///   - lineNumber: the line's 1-based number in the file.
  ///   - decoded: the value as parsed: when the line holds it byte for byte (no escape, no invalid sequence, the
  ///     usual case), the map is its first anchor alone, found without walking the value.
  /// - Returns: the map.
  static func jsonString(
    in line: UnsafeBufferPointer<UInt8>, valueStart: Int, lineNumber: Int, decoded: String
  ) -> SourceMap {
    var utf16 = 1
    for b in line[0..<valueStart] where b & 0xC0 != 0x80 { utf16 += b >= 0xF0 ? 2 : 1 }
    var anchors = [Anchor(bodyOffset: 0, line: lineNumber, column: valueStart + 1, utf16Column: utf16)]
    if isVerbatim(decoded, in: line, at: valueStart) { return SourceMap(anchors: anchors) }
    var i = valueStart
    var body = 0
    let end = line.count
    while i < end {
      let b = line[i]
      if b == 0x22 { break }
      if b < 0x80 && b != 0x5C {
        i += 1
        body += 1
        utf16 += 1
        continue
      }
      if b >= 0x80 {
        let valid = UTF8Validation.sequenceLength(line, at: i, end: end)
        if valid > 0 {
          i += valid
          body += valid
          utf16 += valid == 4 ? 2 : 1
          continue
        }
        i += UTF8Validation.invalidSubpartLength(line, at: i, end: end)
        body += 3
        utf16 += 1
      } else {
        let escape = jsonEscape(line, at: i)
        utf16 += escape.consumed
        i += escape.consumed
        body += escape.decoded
      }
      anchors.append(Anchor(bodyOffset: body, line: lineNumber, column: i + 1, utf16Column: utf16))
    }
    return SourceMap(anchors: anchors)
  }

  /// Whether the line holds `decoded` byte for byte at `start`, followed by the closing quote: then the value has
  /// no escape (the text has no backslash, so neither has the line's copy of it) and no invalid sequence (which
  /// decodes to other bytes), and the walk of ``jsonString(in:valueStart:lineNumber:decoded:)`` would add no anchor.
  private static func isVerbatim(_ decoded: String, in line: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
    let same = decoded.utf8.withContiguousStorageIfAvailable { text -> Bool in
      let n = text.count
      guard start >= 0, start + n < line.count, line[start + n] == 0x22, let base = line.baseAddress else {
        return false
      }
      guard n > 0, let t = text.baseAddress else { return true }
      return memchr(t, 0x5C, n) == nil && memcmp(base + start, t, n) == 0
    }
    return same ?? false
  }

  /// The source and decoded lengths of the JSON escape at `i` (a backslash), decoded as ``JSONValue`` does:
  /// a surrogate pair is one scalar, a lone or mismatched surrogate one U+FFFD.
  private static func jsonEscape(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> (consumed: Int, decoded: Int) {
    guard i + 1 < line.count, line[i + 1] == UInt8(ascii: "u") else { return (2, 1) }
    guard let scalar = hex4(line, at: i + 2) else { return (2, 1) }
    if scalar >= 0xD800 && scalar < 0xDC00 {
      // The parser reads a following \uXXXX as the pair's second half, whatever it is.
      if i + 12 <= line.count && line[i + 6] == UInt8(ascii: "\\") && line[i + 7] == UInt8(ascii: "u"),
        let low = hex4(line, at: i + 8)
      {
        return (12, low >= 0xDC00 && low < 0xE000 ? 4 : 3)
      }
      return (6, 3)
    }
    return (6, scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : 3)
  }

  private static func hex4(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
    guard i + 4 <= line.count else { return nil }
    var value: UInt32 = 0
    for k in i..<(i + 4) {
      let c = line[k]
      let digit: UInt8
      switch c {
      case 0x30...0x39: digit = c - 0x30
      case 0x41...0x46: digit = c - 0x41 + 10
      case 0x61...0x66: digit = c - 0x61 + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }
}
