/// Byte-level UTF-8 checks, shared by every extractor.
public enum UTF8Validation {
  /// The length of the valid multi-byte UTF-8 sequence starting at `i`, or 0 when it is invalid (overlong,
  /// surrogate, beyond U+10FFFF, truncated at `end`, or a byte that cannot start a multi-byte sequence: ASCII
  /// included, so call it for bytes >= 0x80).
  /// - Parameters:
  ///   - bytes: the text.
  ///   - i: the offset of the lead byte.
  ///   - end: the offset the sequence must end before.
  /// - Returns: 2, 3 or 4, or 0 when invalid.
  @inline(__always)
  public static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
    let b = bytes[i]
    let need: Int
    let minimum: UInt32
    var cp: UInt32
    if b & 0xE0 == 0xC0 {
      need = 1
      minimum = 0x80
      cp = UInt32(b & 0x1F)
    } else if b & 0xF0 == 0xE0 {
      need = 2
      minimum = 0x800
      cp = UInt32(b & 0x0F)
    } else if b & 0xF8 == 0xF0 {
      need = 3
      minimum = 0x10000
      cp = UInt32(b & 0x07)
    } else {
      return 0
    }
    guard i + need < end else { return 0 }
    for k in 1...need {
      let c = bytes[i + k]
      if c & 0xC0 != 0x80 { return 0 }
      cp = cp << 6 | UInt32(c & 0x3F)
    }
    if cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) { return 0 }
    return need + 1
  }

  /// How many bytes of an invalid sequence starting at `i` one U+FFFD replaces when the text is decoded (Unicode's
  /// "maximal subpart" practice, which Swift's `String(decoding:as:)` follows): the longest prefix of a
  /// well-formed sequence, at least one byte.
  /// - Parameters:
  ///   - bytes: the text.
  ///   - i: the offset of a byte where ``sequenceLength(_:at:end:)`` found no valid sequence.
  ///   - end: the offset the sequence must end before.
  /// - Returns: 1, 2 or 3.
  public static func invalidSubpartLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
    let b = bytes[i]
    // The allowed range of the second byte, and how many bytes the whole sequence has.
    let second: ClosedRange<UInt8>
    let total: Int
    switch b {
    case 0xC2...0xDF: (second, total) = (0x80...0xBF, 2)
    case 0xE0: (second, total) = (0xA0...0xBF, 3)
    case 0xE1...0xEC, 0xEE...0xEF: (second, total) = (0x80...0xBF, 3)
    case 0xED: (second, total) = (0x80...0x9F, 3)
    case 0xF0: (second, total) = (0x90...0xBF, 4)
    case 0xF1...0xF3: (second, total) = (0x80...0xBF, 4)
    case 0xF4: (second, total) = (0x80...0x8F, 4)
    default: return 1
    }
    guard i + 1 < end, second.contains(bytes[i + 1]) else { return 1 }
    var length = 2
    while length < total && i + length < end && bytes[i + length] & 0xC0 == 0x80 { length += 1 }
    return min(length, total - 1)
  }

  /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil if all valid.
  /// ASCII is skipped eight bytes at a time.
  /// - Parameter bytes: the text.
  /// - Returns: the first invalid offset, or nil.
  public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let n = bytes.count
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i < n {
      while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
      guard i < n else { break }
      if base[i] < 0x80 {
        i += 1
        continue
      }
      let length = sequenceLength(bytes, at: i, end: n)
      if length == 0 { return i }
      i += length
    }
    return nil
  }

  /// Whether the bytes are entirely valid UTF-8.
  public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    firstInvalidOffset(bytes) == nil
  }

  /// 1-based line and byte column of an offset.
  /// - Parameters:
  ///   - offset: a byte offset.
  ///   - bytes: the text.
  /// - Returns: line and column, both 1-based.
  public static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    var i = 0
    let end = min(offset, bytes.count)
    while i < end {
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return (line, end - lineStart + 1)
  }
}
