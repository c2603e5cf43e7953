/// A position in a source file, in the units editors and tools use.
public struct SourcePosition: Sendable, Equatable, Codable {
  /// 1-based line.
  public var line: Int
  /// 1-based column counted in UTF-8 bytes (as grep `--vimgrep` and Vim do).
  public var column: Int
  /// 1-based column counted in UTF-16 code units (LSP and VS Code use this, 0-based: subtract 1).
  public var utf16Column: Int

  /// Creates a position.
  public init(line: Int, column: Int, utf16Column: Int) {
    self.line = line
    self.column = column
    self.utf16Column = utf16Column
  }
}

/// Maps UTF-8 byte offsets in a document's `body` back to line and column in its source file.
///
/// Extractors record an ``Anchor`` wherever the body and the source stop advancing together (the start of each
/// text node in HTML, the start of a record's text in NDJSON). Between two anchors body bytes are assumed to
/// follow the source byte for byte, and a newline in the body is a newline in the source.
public struct SourceMap: Sendable, Equatable, Codable {
  /// A body offset whose source position is known exactly.
  public struct Anchor: Sendable, Equatable, Codable {
    /// UTF-8 byte offset in `body`.
    public var bodyOffset: Int
    /// 1-based source line.
    public var line: Int
    /// 1-based source column in UTF-8 bytes.
    public var column: Int
    /// 1-based source column in UTF-16 code units.
    public var utf16Column: Int

    /// Creates an anchor.
    public init(bodyOffset: Int, line: Int, column: Int, utf16Column: Int) {
      self.bodyOffset = bodyOffset
      self.line = line
      self.column = column
      self.utf16Column = utf16Column
    }
  }

  /// Anchors sorted by `bodyOffset`. Empty means the body is the source file verbatim.
  public var anchors: [Anchor]

  /// Creates a map from anchors sorted by body offset.
  public init(anchors: [Anchor] = []) {
    self.anchors = anchors
  }

  /// A map for a body that *is* the file (plain text): anchors at line starts every few kilobytes so a lookup
  /// never walks far.
  /// - Parameter body: the file's text, which is also the document body.
  /// - Returns: a map with periodic anchors at line starts.
  public static func verbatim(_ body: String) -> SourceMap {
    var anchors: [Anchor] = [Anchor(bodyOffset: 0, line: 1, column: 1, utf16Column: 1)]
    var line = 1
    var lastAnchor = 0
    var offset = 0
    for byte in body.utf8 {
      offset += 1
      if byte == 0x0A {
        line += 1
        if offset - lastAnchor >= 4096 {
          anchors.append(Anchor(bodyOffset: offset, line: line, column: 1, utf16Column: 1))
          lastAnchor = offset
        }
      }
    }
    return SourceMap(anchors: anchors)
  }

  /// The source position of a body offset.
  /// - Parameters:
  ///   - offset: a UTF-8 byte offset into `body` (clamped to its bounds; moved back to a character start).
  ///   - body: the document body the offset refers to.
  /// - Returns: 1-based line, byte column and UTF-16 column in the source file.
  public func position(ofBodyOffset offset: Int, in body: String) -> SourcePosition {
    var body = body
    return body.withUTF8 { position(ofBodyOffset: offset, inBytes: $0) }
  }

  /// The source position of a body offset, reading the body as UTF-8 bytes.
  /// - Parameters:
  ///   - offset: a UTF-8 byte offset into `bytes`.
  ///   - bytes: the document body.
  /// - Returns: 1-based line, byte column and UTF-16 column in the source file.
  public func position(ofBodyOffset offset: Int, inBytes bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
    var target = max(0, min(offset, bytes.count))
    while target > 0 && target < bytes.count && bytes[target] & 0xC0 == 0x80 { target -= 1 }
    var start = Anchor(bodyOffset: 0, line: 1, column: 1, utf16Column: 1)
    if !anchors.isEmpty {
      var lo = 0
      var hi = anchors.count - 1
      if anchors[0].bodyOffset > target {
        start = anchors[0]
        start.bodyOffset = target
      } else {
        while lo < hi {
          let mid = (lo + hi + 1) / 2
          if anchors[mid].bodyOffset <= target { lo = mid } else { hi = mid - 1 }
        }
        start = anchors[lo]
      }
    }
    var line = start.line
    var column = start.column
    var utf16 = start.utf16Column
    var i = min(start.bodyOffset, bytes.count)
    while i < target {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        column = 1
        utf16 = 1
      } else {
        column += 1
        if b & 0xC0 != 0x80 { utf16 += b >= 0xF0 ? 2 : 1 }
      }
      i += 1
    }
    return SourcePosition(line: line, column: column, utf16Column: utf16)
  }
}
