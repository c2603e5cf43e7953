/// Accumulates a document body from text runs, with word boundaries between blocks and a source-map anchor at the
/// start of every run.
struct BodyBuilder {
  private(set) var bytes: [UInt8] = []
  private(set) var anchors: [SourceMap.Anchor] = []
  /// A separator is owed before the next text: 0 none, 1 space, 2 newline (block boundary).
  private var pending: UInt8 = 0

  /// Whether nothing has been appended.
  var isEmpty: Bool { bytes.isEmpty }

  /// Marks a block boundary: the next run starts on a new line.
  mutating func boundary() {
    if !bytes.isEmpty { pending = 2 }
  }

  /// Marks white space: the next run is separated by a space (unless a boundary is already owed).
  mutating func space() {
    if !bytes.isEmpty && pending == 0 { pending = 1 }
  }

  /// Appends a run of text; leading and trailing white space become separators.
  /// - Parameters:
  ///   - text: the decoded text.
  ///   - position: where its first non-space byte is in the source, when known.
  mutating func append(_ text: Substring, at position: SourcePosition?) {
    let utf8 = text.utf8
    var start = utf8.startIndex
    var end = utf8.endIndex
    while start < end, Self.isSpace(utf8[start]) { start = utf8.index(after: start) }
    if start == end {
      space()
      return
    }
    if start != utf8.startIndex { space() }
    while end > start, Self.isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
    flushSeparator()
    if let position {
      anchors.append(
        SourceMap.Anchor(
          bodyOffset: bytes.count, line: position.line, column: position.column, utf16Column: position.utf16Column))
    }
    bytes.append(contentsOf: utf8[start..<end])
    if end != utf8.endIndex { pending = max(pending, 1) }
  }

  /// The trimmed start of a run, for locating it in the source.
  static func trimmedStart(_ text: Substring) -> Substring.UTF8View {
    let utf8 = text.utf8
    var start = utf8.startIndex
    while start < utf8.endIndex, isSpace(utf8[start]) { start = utf8.index(after: start) }
    return utf8[start...]
  }

  /// Whether a run has any non-space byte.
  static func hasText(_ text: Substring) -> Bool {
    text.utf8.contains { !isSpace($0) }
  }

  private mutating func flushSeparator() {
    if pending != 0 && !bytes.isEmpty { bytes.append(pending == 2 ? 0x0A : 0x20) }
    pending = 0
  }

  /// The body text.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The source map of the body.
  var sourceMap: SourceMap { SourceMap(anchors: anchors) }

  @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
  }
}

extension BodyBuilder {
  /// The text with runs of white space collapsed to one space and trimmed (for titles, names, metadata).
  static func collapse(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var space = false
    for b in text.utf8 {
      if isSpace(b) || b == 0x0C {
        space = !out.isEmpty
      } else {
        if space { out.append(0x20) }
        space = false
        out.append(b)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
