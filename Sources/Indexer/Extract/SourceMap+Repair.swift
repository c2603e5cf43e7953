extension SourceMap {
  /// This map, made against `repaired` (the source decoded with each invalid UTF-8 sequence replaced by U+FFFD, as
  /// the HTML extractor parses a page declared UTF-8 that is not), moved to the bytes of the original source: each
  /// anchor's line and column are those of the original file, and an anchor after each U+FFFD of the body keeps
  /// the columns after it right (a replaced sequence of one or two bytes is three bytes in `repaired`).
  /// - Parameters:
  ///   - body: the document body the map describes.
  ///   - repaired: the text the positions of this map count in.
  ///   - original: the source file's bytes, which decode to `repaired`.
  /// - Returns: the map in the original's positions.
  func movedToOriginal(
    body: String, repaired: UnsafeBufferPointer<UInt8>, original: UnsafeBufferPointer<UInt8>
  ) -> SourceMap {
    var lineStarts = [0]
    for (i, b) in repaired.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
    let decoding = SourceMap.decoded(original)
    func toOriginal(line: Int, column: Int) -> SourcePosition {
      let start = lineStarts[max(0, min(line - 1, lineStarts.count - 1))]
      let offset = max(0, min(start + column - 1, repaired.count))
      return decoding.position(ofBodyOffset: offset, inBytes: repaired)
    }
    var moved: [Anchor] = anchors.map { a in
      let p = toOriginal(line: a.line, column: a.column)
      return Anchor(bodyOffset: a.bodyOffset, line: p.line, column: p.column, utf16Column: p.utf16Column)
    }
    let bytes = Array(body.utf8)
    var i = 0
    while i + 3 <= bytes.count {
      if bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD {
        let after = bytes.withUnsafeBufferPointer { position(ofBodyOffset: i + 3, inBytes: $0) }
        let p = toOriginal(line: after.line, column: after.column)
        moved.append(Anchor(bodyOffset: i + 3, line: p.line, column: p.column, utf16Column: p.utf16Column))
        i += 3
      } else {
        i += 1
      }
    }
    // Sorted by body offset; where an extractor's anchor and a replacement's fall together, the extractor's wins.
    moved = moved.enumerated().sorted { ($0.element.bodyOffset, $0.offset) < ($1.element.bodyOffset, $1.offset) }
      .map(\.element)
    var unique: [Anchor] = []
    for a in moved where unique.last?.bodyOffset != a.bodyOffset { unique.append(a) }
    return SourceMap(anchors: unique)
  }
}
