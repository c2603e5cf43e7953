import Testing

@testable import Indexer

/// The map of an NDJSON text value: the shortcut for a value the line holds byte for byte gives the map the walk
/// over the value gives, and values with escapes or invalid bytes still get their anchors.
@Suite struct JSONStringSourceMapTests {
  /// Lines of one record each, with the value of `text` in several forms, and whether the line holds the value
  /// byte for byte (one anchor).
  static let lines: [([UInt8], verbatim: Bool)] = [
    (Array(#"{"id":"a","text":"plain words about export controls"}"#.utf8), true),
    (Array(#"{"id":"é😀","text":"accents é and emoji 😀 stay verbatim"}"#.utf8), true),
    (Array(#"{"id":"b","text":"a line\nbreak and a \"quote\" and \u00e9"}"#.utf8), false),
    (Array(#"{"id":"c","text":"back\\slash"}"#.utf8), false),
    (Array(#"{"id":"d","text":""}"#.utf8), true),
    (Array(#"{"id":"e","text":"bad "#.utf8) + [0xC3, 0x28] + Array(#" byte"}"#.utf8), false),
  ]

  @Test func shortcutGivesTheWalksMap() throws {
    for (line, verbatim) in Self.lines {
      let decoded = try JSONValue.parse(line)["text"]?.stringValue ?? ""
      let marker = Array(#""text":""#.utf8)
      let start =
        (0...(line.count - marker.count)).first { Array(line[$0..<($0 + marker.count)]) == marker }!
        + marker.count
      line.withUnsafeBufferPointer { bytes in
        let fast = SourceMap.jsonString(in: bytes, valueStart: start, lineNumber: 3, decoded: decoded)
        // A text that is not the value's makes the shortcut fail: the map comes from the walk.
        let walked = SourceMap.jsonString(in: bytes, valueStart: start, lineNumber: 3, decoded: decoded + "\u{1}")
        #expect(fast == walked, "\(String(decoding: line, as: UTF8.self))")
        #expect((fast.anchors.count == 1) == verbatim, "\(fast.anchors)")
      }
    }
  }
}
