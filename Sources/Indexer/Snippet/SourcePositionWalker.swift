/// Source positions of nearby body offsets, walking forward from a known position instead of from the source map's
/// anchor each time (a passage's highlights are a few hundred bytes apart; an anchor may be kilobytes back).
///
/// Gives exactly what `SourceMap.position(ofBodyOffset:inBytes:)` gives: it defers to the map whenever an anchor
/// lies between the known position and the offset, or the offset precedes the first anchor.
struct SourcePositionWalker {
  let sourceMap: SourceMap
  let bytes: UnsafeBufferPointer<UInt8>
  private var known: (offset: Int, position: SourcePosition)? = nil

  init(sourceMap: SourceMap, bytes: UnsafeBufferPointer<UInt8>) {
    self.sourceMap = sourceMap
    self.bytes = bytes
  }

  /// The source position of a body offset at a character boundary.
  mutating func position(of offset: Int) -> SourcePosition {
    let target = max(0, min(offset, bytes.count))
    if let known, known.offset <= target, !anchorBetween(known.offset, target),
      sourceMap.anchors.first.map({ $0.bodyOffset <= known.offset }) ?? true
    {
      var line = known.position.line
      var column = known.position.column
      var utf16 = known.position.utf16Column
      for i in known.offset..<target {
        let b = bytes[i]
        if b == 0x0A {
          line += 1
          column = 1
          utf16 = 1
        } else {
          column += 1
          if b & 0xC0 != 0x80 { utf16 += b >= 0xF0 ? 2 : 1 }
        }
      }
      let position = SourcePosition(line: line, column: column, utf16Column: utf16)
      self.known = (target, position)
      return position
    }
    let position = sourceMap.position(ofBodyOffset: target, inBytes: bytes)
    known = (target, position)
    return position
  }

  /// Whether an anchor has its body offset in `(from, to]`.
  private func anchorBetween(_ from: Int, _ to: Int) -> Bool {
    let anchors = sourceMap.anchors
    var lo = 0
    var hi = anchors.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if anchors[mid].bodyOffset <= from { lo = mid + 1 } else { hi = mid }
    }
    return lo < anchors.count && anchors[lo].bodyOffset <= to
  }
}
