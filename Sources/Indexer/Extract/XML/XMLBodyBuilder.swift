/// Accumulates a document body from text runs, with word boundaries between blocks and a source-map anchor at the
/// start of every run.
struct XMLBodyBuilder {
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
  /// - Returns: the body offset of byte `k` of the run is `bodyOffset + k - runOffset`, for `k` in
  ///   `runOffset..<runEnd` (the run without its leading and trailing white space); nil when the run is all space.
  @discardableResult
  mutating func append(_ text: Substring, at position: SourcePosition?) -> (
    bodyOffset: Int, runOffset: Int, runEnd: Int
  )? {
    var text = text
    return text.withUTF8 { run -> (bodyOffset: Int, runOffset: Int, runEnd: Int)? in
      var start = 0
      var end = run.count
      while start < end, Self.isSpace(run[start]) { start += 1 }
      while end > start, Self.isSpace(run[end - 1]) { end -= 1 }
      append(bytes: run, at: position)
      return start < end ? (bytes.count - (end - start), start, end) : nil
    }
  }

  /// Adds an anchor inside the text appended last (after that run's own anchor).
  /// - Parameters:
  ///   - bodyOffset: a body offset inside the last run.
  ///   - position: its source position.
  mutating func anchor(bodyOffset: Int, at position: SourcePosition) {
    if let last = anchors.last, last.bodyOffset >= bodyOffset { return }
    anchors.append(
      SourceMap.Anchor(
        bodyOffset: bodyOffset, line: position.line, column: position.column, utf16Column: position.utf16Column))
  }

  /// Appends a run of UTF-8 text; leading and trailing white space become separators.
  /// - Parameters:
  ///   - run: the decoded text.
  ///   - position: where its first non-space byte is in the source, when known.
  mutating func append(bytes run: UnsafeBufferPointer<UInt8>, at position: SourcePosition?) {
    var start = 0
    var end = run.count
    while start < end, Self.isSpace(run[start]) { start += 1 }
    if start == end {
      space()
      return
    }
    if start != 0 { space() }
    while end > start, Self.isSpace(run[end - 1]) { end -= 1 }
    flushSeparator()
    if let position {
      anchors.append(
        SourceMap.Anchor(
          bodyOffset: bytes.count, line: position.line, column: position.column, utf16Column: position.utf16Column))
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[start..<end]))
    if end != run.count { pending = max(pending, 1) }
  }

  /// The run without its leading white space, for locating it in the source.
  static func trimmedStart(_ run: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    while start < run.count, isSpace(run[start]) { start += 1 }
    return UnsafeBufferPointer(rebasing: run[start...])
  }

  /// Whether a run has any non-space byte.
  static func hasText(_ text: Substring) -> Bool {
    text.utf8.contains { !isSpace($0) }
  }

  /// Whether a run has any non-space byte.
  static func hasText(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
    run.contains { !isSpace($0) }
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

extension XMLBodyBuilder {
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
