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
  /// - Returns: line, byte column and UTF-16 column.
  mutating func locate(_ text: UnsafeBufferPointer<UInt8>, nodeLine: Int) -> (line: Int, column: Int, utf16: Int) {
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
    if nodeLine > line { advance(toLine: nodeLine) }
    return (nodeLine > 0 ? nodeLine : line, 1, 1)
  }

  private func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    let limit = min(source.count, offset + window)
    guard limit - offset >= n, let base = source.baseAddress else { return nil }
    guard let hit = CBytes.search(base + offset, limit - offset, p, n) else { return nil }
    return offset + hit
  }

  private mutating func advance(to target: Int) {
    while offset < target {
      let b = source[offset]
      if b == 0x0A {
        line += 1
        column = 1
        utf16Column = 1
      } else {
        column += 1
        if b & 0xC0 != 0x80 { utf16Column += b >= 0xF0 ? 2 : 1 }
      }
      offset += 1
    }
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
