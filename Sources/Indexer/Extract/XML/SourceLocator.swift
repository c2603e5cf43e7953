#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds where text reported by a parser starts in the source bytes, and turns byte offsets into source positions.
///
/// Parsers hand back decoded text without positions. The locator keeps a cursor in the source that only moves
/// forward, scans markup (tags, comments, processing instructions, declarations) with a small state machine and
/// looks for the first bytes of each text run in character data (and CDATA) from the cursor on. Both the search and
/// the line/column tracking are linear in the source size as long as runs are asked for in document order.
struct SourceLocator {
  /// Scanner states between markup and character data.
  enum State: Equatable {
    case text, cdata
    case tag(quote: UInt8)
    case comment, instruction
    case declaration(depth: Int, quote: UInt8)
  }

  /// A saved search position, to search a stretch of the source again.
  struct Mark {
    var cursor: Int
    var state: State
  }

  let source: UnsafeBufferPointer<UInt8>
  /// Whether the source is valid UTF-8 (else only ASCII prefixes are searched and positions are approximate).
  let sourceIsUTF8: Bool
  private(set) var cursor = 0
  private var state: State = .text
  private var failures = 0
  private var trackOffset = 0
  private var trackLine = 1
  private var trackLineStart = 0
  private var trackUTF16 = 1

  /// How far ahead a search looks, and how many misses are tolerated before giving up on a document.
  private static let window = 256 << 10
  private static let maxFailures = 64

  init(source: UnsafeBufferPointer<UInt8>, sourceIsUTF8: Bool) {
    self.source = source
    self.sourceIsUTF8 = sourceIsUTF8
  }

  /// The current search position.
  func mark() -> Mark { Mark(cursor: cursor, state: state) }

  /// Goes back to a saved search position.
  mutating func reset(to mark: Mark) {
    cursor = mark.cursor
    state = mark.state
  }

  /// Finds the source position of a text run (which must start with a non-space byte) and moves past it.
  /// - Parameter text: the decoded text of the run.
  /// - Returns: its source position, or nil when it cannot be found (it starts with a character reference...).
  mutating func locate(_ text: Substring.UTF8View) -> SourcePosition? {
    guard let offset = find(text) else { return nil }
    return position(at: offset)
  }

  /// Finds the byte offset of a text run in the source and moves the cursor past it.
  mutating func find(_ text: Substring.UTF8View) -> Int? {
    if failures >= Self.maxFailures { return nil }
    var prefix: [UInt8] = []
    prefix.reserveCapacity(16)
    for b in text {
      // Stop before bytes the source may spell differently (references, line ends, no-break space).
      if b == 0x26 || b == 0x3C || b == 0x3E || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x22 || b == 0x27 {
        break
      }
      if b == 0xA0 && prefix.last == 0xC2 {
        prefix.removeLast()
        break
      }
      if b >= 0x80 && !sourceIsUTF8 { break }
      prefix.append(b)
      if prefix.count == 16 { break }
    }
    // Do not cut a UTF-8 sequence in the middle.
    while let last = prefix.last, last >= 0x80 {
      if last >= 0xC0 {
        prefix.removeLast()
        break
      }
      var start = prefix.count - 1
      while start > 0 && prefix[start] & 0xC0 == 0x80 { start -= 1 }
      let lead = prefix[start]
      let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
      if prefix.count - start < need { prefix.removeSubrange(start...) }
      break
    }
    guard let first = prefix.first else { return nil }
    let n = source.count
    let limit = min(n, cursor + Self.window)
    var i = cursor
    var st = state
    let plen = prefix.count
    while i < limit {
      let b = source[i]
      switch st {
      case .text, .cdata:
        if b == first && i + plen <= n && matches(prefix, at: i) {
          cursor = i + (sourceIsUTF8 ? max(plen, text.count) : plen)
          state = st
          return i
        }
        if st == .text {
          if b == 0x3C { st = markupState(at: i, &i) }
        } else if b == 0x5D && i + 2 < n && source[i + 1] == 0x5D && source[i + 2] == 0x3E {
          st = .text
          i += 2
        }
      case .tag(let quote):
        if quote != 0 {
          if b == quote { st = .tag(quote: 0) }
        } else if b == 0x22 || b == 0x27 {
          st = .tag(quote: b)
        } else if b == 0x3E {
          st = .text
        }
      case .comment:
        if b == 0x2D && i + 2 < n && source[i + 1] == 0x2D && source[i + 2] == 0x3E {
          st = .text
          i += 2
        }
      case .instruction:
        if b == 0x3F && i + 1 < n && source[i + 1] == 0x3E {
          st = .text
          i += 1
        }
      case .declaration(let depth, let quote):
        if quote != 0 {
          if b == quote { st = .declaration(depth: depth, quote: 0) }
        } else if b == 0x22 || b == 0x27 {
          st = .declaration(depth: depth, quote: b)
        } else if b == 0x5B {
          st = .declaration(depth: depth + 1, quote: 0)
        } else if b == 0x5D {
          st = .declaration(depth: max(0, depth - 1), quote: 0)
        } else if b == 0x3E && depth == 0 {
          st = .text
        }
      }
      i += 1
    }
    failures += 1
    return nil
  }

  private func matches(_ prefix: [UInt8], at i: Int) -> Bool {
    var k = 1
    while k < prefix.count {
      if source[i + k] != prefix[k] { return false }
      k += 1
    }
    return true
  }

  /// The state after a `<` at `i`; moves `i` to the last byte of the markup opener.
  private func markupState(at start: Int, _ i: inout Int) -> State {
    let n = source.count
    func has(_ s: StaticString) -> Bool {
      let len = s.utf8CodeUnitCount
      if start + len > n { return false }
      for k in 0..<len where source[start + k] != s.utf8Start[k] { return false }
      return true
    }
    if has("<!--") {
      i = start + 3
      return .comment
    }
    if has("<![CDATA[") {
      i = start + 8
      return .cdata
    }
    if has("<?") {
      i = start + 1
      return .instruction
    }
    if has("<!") {
      i = start + 1
      return .declaration(depth: 0, quote: 0)
    }
    return .tag(quote: 0)
  }

  /// The line and columns of a byte offset (fast when offsets come in increasing order).
  /// - Parameter offset: a byte offset in the source.
  /// - Returns: its 1-based line, byte column and UTF-16 column.
  mutating func position(at offset: Int) -> SourcePosition {
    let target = min(max(0, offset), source.count)
    if target < trackOffset {
      trackOffset = 0
      trackLine = 1
      trackLineStart = 0
      trackUTF16 = 1
    }
    guard let base = source.baseAddress, target > trackOffset else {
      return SourcePosition(line: trackLine, column: trackOffset - trackLineStart + 1, utf16Column: trackUTF16)
    }
    var from = trackOffset
    var newLine = false
    while from < target, let hit = memchr(base + from, 0x0A, target - from) {
      let nl = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      trackLine += 1
      trackLineStart = nl + 1
      from = nl + 1
      newLine = true
    }
    var utf16 = newLine ? 1 : trackUTF16
    var i = newLine ? trackLineStart : trackOffset
    while i < target {
      let b = source[i]
      if b & 0xC0 != 0x80 { utf16 += b >= 0xF0 ? 2 : 1 }
      i += 1
    }
    trackOffset = target
    trackUTF16 = utf16
    return SourcePosition(line: trackLine, column: target - trackLineStart + 1, utf16Column: utf16)
  }
}
