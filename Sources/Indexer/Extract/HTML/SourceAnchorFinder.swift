#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds where text runs start in the raw source, moving forward only, so body offsets map to line and column.
///
/// Each run's first bytes (up to the first character that may have been written as an entity, or, for a source
/// not in UTF-8, the first non-ASCII byte) are searched for in a window after the previous match. When not found
/// the run gets libxml2's line with column 1. Line and columns are counted incrementally, so the cost is linear in
/// the source size. For a source not in UTF-8 the columns count the original bytes and are approximate.
struct SourceAnchorFinder {
  private let source: UnsafeBufferPointer<UInt8>
  private let sourceIsUTF8: Bool
  /// Current source offset and its line/columns.
  private var offset = 0
  private var line = 1
  private var column = 1
  private var utf16Column = 1
  /// How far ahead of the current offset a run may start.
  private let window = 64 * 1024

  /// Creates a finder over a source.
  /// - Parameters:
  ///   - source: the raw file bytes.
  ///   - sourceIsUTF8: whether the source is UTF-8 (then non-ASCII text is searched for too).
  init(source: UnsafeBufferPointer<UInt8>, sourceIsUTF8: Bool) {
    self.source = source
    self.sourceIsUTF8 = sourceIsUTF8
  }

  /// The source position of a run's first byte.
  /// - Parameters:
  ///   - text: the run's text as parsed (UTF-8).
  ///   - nodeLine: libxml2's line for the node (0 when unknown).
  ///   - knownOffset: the run's exact source offset when the parser knew it, else -1.
  /// - Returns: line, byte column and UTF-16 column.
  mutating func locate(_ text: UnsafeBufferPointer<UInt8>, nodeLine: Int, knownOffset: Int)
    -> (line: Int, column: Int, utf16: Int)
  {
    if sourceIsUTF8, knownOffset >= offset, knownOffset < source.count {
      if nodeLine > line {
        jump(to: knownOffset, line: nodeLine)
      } else {
        advance(to: knownOffset)
      }
      return (line, column, utf16Column)
    }
    var needle = 0
    while needle < text.count, needle < 24 {
      let b = text[needle]
      if b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == 0x0D { break }
      if b >= 0x80 {
        if !sourceIsUTF8 { break }
        if b == 0xC2, needle + 1 < text.count, text[needle + 1] == 0xA0 { break }  // &nbsp;
      }
      needle += 1
    }
    // Do not end the needle inside a UTF-8 sequence.
    while needle > 0, needle < text.count, text[needle] & 0xC0 == 0x80 { needle -= 1 }
    if needle > 0, let found = find(text.baseAddress!, needle) {
      advance(to: found)
      return (line, column, utf16Column)
    }
    // Non-ASCII text may have been written as entities (`&mdash;`): retry with the ASCII prefix alone.
    var ascii = 0
    while ascii < needle, text[ascii] < 0x80 { ascii += 1 }
    if ascii >= 3, ascii < needle, let found = find(text.baseAddress!, ascii) {
      advance(to: found)
      return (line, column, utf16Column)
    }
    if nodeLine > line { advance(toLine: nodeLine) }
    return (nodeLine > 0 ? nodeLine : line, 1, 1)
  }

  private func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    let limit = min(source.count, offset + window)
    guard limit - offset >= n, let base = source.baseAddress else { return nil }
    guard let hit = CBytes.search(base + offset, limit - offset, p, n) else { return nil }
    return offset + hit
  }

  /// Moves to a later offset whose line the parser reported: only the target line's start is searched for
  /// (backwards), not every newline since the current position.
  private mutating func jump(to target: Int, line targetLine: Int) {
    guard let base = source.baseAddress else { return }
    var start = target
    while start > offset, base[start - 1] != 0x0A { start -= 1 }
    guard start > offset || (offset > 0 && base[offset - 1] == 0x0A) else {
      advance(to: target)  // no line start in between: the reported line is off, count instead
      return
    }
    offset = start
    line = targetLine
    column = 1
    utf16Column = 1
    advance(to: target)
  }

  /// Moves to a later offset, counting lines and columns (newlines found in bulk, columns counted from the last
  /// line start only, so a long single-line file stays linear).
  private mutating func advance(to target: Int) {
    guard target > offset, let base = source.baseAddress else { return }
    // One pass counts newlines and UTF-16 units together; most gaps have no newline.
    var (newlines, units) = Self.count(base + offset, target - offset)
    if newlines > 0 {
      var lineStart = target
      while base[lineStart - 1] != 0x0A { lineStart -= 1 }
      line += newlines
      column = 1
      utf16Column = 1
      units = Self.count(base + lineStart, target - lineStart).utf16
      offset = lineStart
    }
    column += target - offset
    utf16Column += units
    offset = target
  }

  /// Newlines and UTF-16 code units in `count` bytes, eight bytes at a time (exact per-byte tests on words).
  private static func count(_ p: UnsafePointer<UInt8>, _ count: Int) -> (newlines: Int, utf16: Int) {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    let low7 = ones &* 0x7F
    /// 0x80 in each byte of `x` that is zero.
    @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x) & high }
    var newlines = 0
    var continuations = 0
    var fourByteLeads = 0
    var i = 0
    while i + 8 <= count {
      let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      newlines &+= (zeroBytes(w ^ (ones &* 0x0A))).nonzeroBitCount
      if w & high != 0 {  // most words of a page are ASCII: no continuation or lead bytes to count
        continuations &+= (zeroBytes((w & (ones &* 0xC0)) ^ high)).nonzeroBitCount
        fourByteLeads &+= (zeroBytes((w & (ones &* 0xF0)) ^ (ones &* 0xF0))).nonzeroBitCount
      }
      i += 8
    }
    while i < count {
      let b = p[i]
      newlines &+= b == 0x0A ? 1 : 0
      continuations &+= b & 0xC0 == 0x80 ? 1 : 0
      fourByteLeads &+= b >= 0xF0 ? 1 : 0
      i += 1
    }
    return (newlines, count - continuations + fourByteLeads)
  }

  private mutating func advance(toLine target: Int) {
    while offset < source.count, line < target {
      if source[offset] == 0x0A {
        line += 1
        column = 1
        utf16Column = 1
      }
      offset += 1
    }
  }
}
