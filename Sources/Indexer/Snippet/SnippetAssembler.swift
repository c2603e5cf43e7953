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
    var textUTF16 = 0
    var passages: [SnippetPassage] = []
    var highlights: [SnippetHighlight] = []
    var bestMatch: SnippetHighlight? = nil
    for (index, passage) in plan.passages.enumerated() {
      let range = passage.range
      if index > 0 {
        text += Self.separator
        textUTF16 += 3
      } else if hasText(0..<range.lowerBound) {
        text += Self.ellipsis
        textUTF16 += 1
      }
      let start8 = text.count
      let start16 = textUTF16
      for i in range {
        let b = bytes[i]
        text.append(b == 0x0A || b == 0x0D || b == 0x09 ? 0x20 : b)
      }
      textUTF16 += utf16[range.upperBound] - utf16[range.lowerBound]
      passages.append(
        SnippetPassage(
          body: span(range.lowerBound, range.upperBound, utf16),
          snippet: TextSpan(utf8Start: start8, utf8End: text.count, utf16Start: start16, utf16End: textUTF16),
          score: passage.window?.score ?? 0))
      for match in inside[index] {
        let highlight = SnippetHighlight(
          term: match.key,
          body: span(match.start, match.end, utf16),
          snippet: TextSpan(
            utf8Start: start8 + match.start - range.lowerBound, utf8End: start8 + match.end - range.lowerBound,
            utf16Start: start16 + utf16[match.start] - utf16[range.lowerBound],
            utf16End: start16 + utf16[match.end] - utf16[range.lowerBound]),
          start: sourceMap.position(ofBodyOffset: match.start, inBytes: bytes),
          end: sourceMap.position(ofBodyOffset: match.end, inBytes: bytes))
        highlights.append(highlight)
        if index == plan.best, let window = passage.window, bestMatch == nil, match.start >= matches[window.first].start
        {
          bestMatch = highlight
        }
      }
      if index == plan.passages.count - 1 && hasText(range.upperBound..<bytes.count) {
        text += Self.ellipsis
        textUTF16 += 1
      }
    }
    return Snippet(
      text: String(decoding: text, as: UTF8.self), passages: passages, highlights: highlights, bestMatch: bestMatch)
  }

  private func span(_ start: Int, _ end: Int, _ utf16: UTF16OffsetTable) -> TextSpan {
    TextSpan(utf8Start: start, utf8End: end, utf16Start: utf16[start], utf16End: utf16[end])
  }

  /// Whether a byte range holds anything but whitespace (checked from the passage side, so usually at once).
  private func hasText(_ range: Range<Int>) -> Bool {
    range.contains { !PassageSelector.isSpace(bytes[$0]) }
  }
}
