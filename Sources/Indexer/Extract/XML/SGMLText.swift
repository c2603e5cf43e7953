#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-level helpers for SGML collections: searching, and decoding SGML text (entities, character references,
/// control characters, stray non-UTF-8 bytes) into UTF-8.
struct SGMLText {
  let bytes: UnsafeBufferPointer<UInt8>

  /// The first occurrence of `pattern` in `from..<to`, or nil.
  func find(_ pattern: StaticString, from: Int, to: Int) -> Int? {
    let p = pattern.utf8Start
    let n = pattern.utf8CodeUnitCount
    let last = min(to, bytes.count) - n
    guard let base = bytes.baseAddress, from <= last else { return nil }
    var i = from
    while i <= last {
      guard let hit = memchr(base + i, Int32(p[0]), last - i + 1) else { return nil }
      i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      var k = 1
      while k < n && bytes[i + k] == p[k] { k += 1 }
      if k == n { return i }
      i += 1
    }
    return nil
  }

  /// The content range of the first element `<name ...>...</name>` in `from..<to` and its start tag's range.
  /// - Parameters:
  ///   - open: the start tag's beginning without `>` (`<BODY`).
  ///   - close: the end tag (`</BODY>`).
  /// - Returns: the start tag's range and the content range, or nil when absent.
  func element(_ open: StaticString, _ close: StaticString, from: Int, to: Int) -> (
    tag: Range<Int>, content: Range<Int>
  )? {
    var at = from
    while let start = find(open, from: at, to: to) {
      let after = start + open.utf8CodeUnitCount
      guard after < to else { return nil }
      let b = bytes[after]
      if b == 0x3E || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
        guard let tagEnd = find(">", from: after, to: to) else { return nil }
        let contentEnd = find(close, from: tagEnd + 1, to: to) ?? to
        return (start..<(tagEnd + 1), (tagEnd + 1)..<contentEnd)
      }
      at = after
    }
    return nil
  }

  /// The value of `name="..."` inside a start tag.
  func attribute(_ name: StaticString, in tag: Range<Int>) -> String? {
    guard let at = find(name, from: tag.lowerBound, to: tag.upperBound) else { return nil }
    var i = at + name.utf8CodeUnitCount
    while i < tag.upperBound && (bytes[i] == 0x20 || bytes[i] == 0x3D) { i += 1 }
    guard i < tag.upperBound else { return nil }
    let quote = bytes[i]
    if quote == 0x22 || quote == 0x27 {
      var j = i + 1
      while j < tag.upperBound && bytes[j] != quote { j += 1 }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
    }
    var j = i
    while j < tag.upperBound && bytes[j] != 0x20 && bytes[j] != 0x3E { j += 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
  }

  /// The `<D>` items of a list element's content.
  func items(in range: Range<Int>) -> [String] {
    var out: [String] = []
    var at = range.lowerBound
    while let start = find("<D>", from: at, to: range.upperBound) {
      let end = find("</D>", from: start + 3, to: range.upperBound) ?? range.upperBound
      let item = XMLBodyBuilder.collapse(plain(start + 3..<end))
      if !item.isEmpty { out.append(item) }
      at = end + 4
    }
    return out
  }

  /// Decodes a range without positions (titles, metadata).
  func plain(_ range: Range<Int>) -> String {
    var out: [UInt8] = []
    var problems: [Int] = []
    var breaks: [(Int, Int)] = []
    decode(range, into: &out, breaks: &breaks, problems: &problems)
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes SGML text into UTF-8: `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and numeric references; control
  /// characters (raw or referenced) dropped; bytes that are not UTF-8 read as windows-1252.
  /// - Parameters:
  ///   - range: the source bytes.
  ///   - out: receives the text.
  ///   - breaks: receives (output offset, source offset) pairs wherever the two stop advancing together.
  ///   - problems: receives the source offsets of bytes that were not valid UTF-8.
  func decode(
    _ range: Range<Int>, into out: inout [UInt8], breaks: inout [(Int, Int)],
    problems: inout [Int]
  ) {
    var i = range.lowerBound
    let end = min(range.upperBound, bytes.count)
    out.reserveCapacity(out.count + end - i)
    while i < end {
      var j = i
      while j < end {
        let c = bytes[j]
        if (c >= 0x20 && c < 0x7F && c != 0x26) || c == 0x0A || c == 0x09 { j += 1 } else { break }
      }
      if j > i {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
        i = j
        if i == end { break }
      }
      let b = bytes[i]
      if b == 0x26, let (scalar, length) = reference(at: i, end: end) {
        if let scalar, Self.isText(scalar) { out.append(contentsOf: String(Character(scalar)).utf8) }
        i += length
        breaks.append((out.count, i))
        continue
      }
      if b == 0x26 {
        out.append(b)
        i += 1
        continue
      }
      if b < 0x80 {  // raw control character or DEL
        i += 1
        breaks.append((out.count, i))
        continue
      }
      let length = UTF8Validation.sequenceLength(bytes, at: i, end: end)
      if length > 0 {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
        i += length
        continue
      }
      problems.append(i)
      out.append(contentsOf: String(Character(Self.windows1252(b))).utf8)
      i += 1
      breaks.append((out.count, i))
    }
  }

  /// A character or entity reference at `i`: the character (nil for unknown entities, which are dropped) and the
  /// reference's length; nil when `&` does not start a reference.
  private func reference(at i: Int, end: Int) -> (Unicode.Scalar?, Int)? {
    var j = i + 1
    let limit = min(end, i + 12)
    while j < limit && bytes[j] != 0x3B && bytes[j] != 0x20 && bytes[j] != 0x26 { j += 1 }
    guard j < limit, bytes[j] == 0x3B, j > i + 1 else { return nil }
    let name = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])
    let length = j - i + 1
    if name[0] == 0x23 {
      var value: UInt32 = 0
      let hex = name.count > 1 && (name[1] == 0x78 || name[1] == 0x58)
      for c in name.dropFirst(hex ? 2 : 1) {
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46 where hex: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66 where hex: d = UInt32(c - 0x61 + 10)
        default: return nil
        }
        value = min(value * (hex ? 16 : 10) + d, 0x110000)
      }
      return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
    switch String(decoding: name, as: UTF8.self) {
    case "lt": return ("<", length)
    case "gt": return (">", length)
    case "amp": return ("&", length)
    case "quot": return ("\"", length)
    case "apos": return ("'", length)
    case "nbsp": return ("\u{A0}", length)
    default: return nil
    }
  }

  /// Whether a referenced character is text (control characters other than tab and newline are not).
  private static func isText(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v == 0x09 || v == 0x0A { return true }
    return v >= 0x20 && v != 0x7F && !(0x80...0x9F).contains(v)
  }

  /// The windows-1252 character of a byte >= 0x80.
  static func windows1252(_ b: UInt8) -> Unicode.Scalar {
    let high: [UInt32] = [
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
      0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
      0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
    if b >= 0x80 && b < 0xA0 { return Unicode.Scalar(high[Int(b - 0x80)]) ?? "\u{FFFD}" }
    return Unicode.Scalar(b)
  }
}
