/// Converts UTF-8 byte offsets of a text to UTF-16 code-unit offsets, for a given set of offsets, in one pass.
struct UTF16OffsetTable {
  private var table: [Int: Int] = [:]

  /// - Parameters:
  ///   - bytes: valid UTF-8 text.
  ///   - offsets: byte offsets at character boundaries (clamped to the text).
  init(bytes: UnsafeBufferPointer<UInt8>, offsets: [Int]) {
    let sorted = Array(Set(offsets.map { max(0, min($0, bytes.count)) })).sorted()
    var units = 0
    var i = 0
    for offset in sorted {
      while i < offset {
        // Eight ASCII bytes at a time are eight units.
        if i + 8 <= offset,
          UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
          units += 8
          i += 8
          continue
        }
        let b = bytes[i]
        if b & 0xC0 != 0x80 { units += b >= 0xF0 ? 2 : 1 }
        i += 1
      }
      table[offset] = units
    }
  }

  /// The UTF-16 offset of a byte offset given at construction.
  subscript(_ offset: Int) -> Int { table[offset] ?? 0 }
}

/// Writes the snippet text and computes every highlight's offsets in all units.
struct SnippetAssembler {
  static let ellipsis: [UInt8] = Array("…".utf8)
  static let separator: [UInt8] = Array(" … ".utf8)

  let bytes: UnsafeBufferPointer<UInt8>
  let sourceMap: SourceMap

  func assemble(_ plan: SnippetPlan, matches: [SnippetMatch]) -> Snippet {
    let inside: [[SnippetMatch]] = plan.passages.map { passage in
      matches.filter { $0.start >= passage.range.lowerBound && $0.end <= passage.range.upperBound }
    }
    var offsets: [Int] = []
    for (passage, found) in zip(plan.passages, inside) {
      offsets.append(passage.range.lowerBound)
      offsets.append(passage.range.upperBound)
      for match in found {
        offsets.append(match.start)
        offsets.append(match.end)
      }
    }
    let utf16 = UTF16OffsetTable(bytes: bytes, offsets: offsets)

    var text: [UInt8] = []
    var passages: [SnippetPassage] = []
    var highlights: [SnippetHighlight] = []
    var bestIndex: Int? = nil
    var positions = SourcePositionWalker(sourceMap: sourceMap, bytes: bytes)
    for (index, passage) in plan.passages.enumerated() {
      let range = passage.range
      if index > 0 {
        text += Self.separator
      } else if hasText(0..<range.lowerBound) {
        text += Self.ellipsis
      }
      // Copy the passage, showing each run of whitespace as one space; remember where each body byte landed.
      var landed = [Int](repeating: 0, count: range.count + 1)
      let start8 = text.count
      for i in range {
        landed[i - range.lowerBound] = text.count
        let b = bytes[i]
        if PassageSelector.isSpace(b) {
          if text.count > start8 && text.last != 0x20 { text.append(0x20) }
        } else {
          text.append(b)
        }
      }
      landed[range.count] = text.count
      passages.append(
        SnippetPassage(
          body: span(range.lowerBound, range.upperBound, utf16),
          snippet: TextSpan(utf8Start: start8, utf8End: text.count, utf16Start: 0, utf16End: 0),
          score: passage.window?.score ?? 0))
      for match in inside[index] {
        let relativeStart = landed[match.start - range.lowerBound]
        let relativeEnd = landed[match.end - range.lowerBound]
        if index == plan.best, let window = passage.window, bestIndex == nil,
          match.start >= matches[window.first].start
        {
          bestIndex = highlights.count
        }
        highlights.append(
          SnippetHighlight(
            term: match.key,
            body: span(match.start, match.end, utf16),
            snippet: TextSpan(utf8Start: relativeStart, utf8End: relativeEnd, utf16Start: 0, utf16End: 0),
            start: positions.position(of: match.start),
            end: positions.position(of: match.end)))
      }
      if index == plan.passages.count - 1 && hasText(range.upperBound..<bytes.count) {
        text += Self.ellipsis
      }
    }
    // UTF-16 offsets inside the snippet text.
    var textOffsets: [Int] = []
    for p in passages { textOffsets += [p.snippet.utf8Start, p.snippet.utf8End] }
    for h in highlights { textOffsets += [h.snippet.utf8Start, h.snippet.utf8End] }
    text.withUnsafeBufferPointer { textBytes in
      let table = UTF16OffsetTable(bytes: textBytes, offsets: textOffsets)
      for i in passages.indices {
        passages[i].snippet.utf16Start = table[passages[i].snippet.utf8Start]
        passages[i].snippet.utf16End = table[passages[i].snippet.utf8End]
      }
      for i in highlights.indices {
        highlights[i].snippet.utf16Start = table[highlights[i].snippet.utf8Start]
        highlights[i].snippet.utf16End = table[highlights[i].snippet.utf8End]
      }
    }
    return Snippet(
      text: String(decoding: text, as: UTF8.self), passages: passages, highlights: highlights,
      bestMatch: bestIndex.map { highlights[$0] })
  }

  private func span(_ start: Int, _ end: Int, _ utf16: UTF16OffsetTable) -> TextSpan {
    TextSpan(utf8Start: start, utf8End: end, utf16Start: utf16[start], utf16End: utf16[end])
  }

  /// Whether a byte range holds anything but whitespace (checked from the passage side, so usually at once).
  private func hasText(_ range: Range<Int>) -> Bool {
    range.contains { !PassageSelector.isSpace(bytes[$0]) }
  }
}
