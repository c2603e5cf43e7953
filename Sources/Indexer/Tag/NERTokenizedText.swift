/// Text split into tokens and sentences for the entity tagger: token byte ranges into `bytes`, and sentences as
/// token-index ranges. Case and punctuation are kept.
package struct NERTokenizedText: Sendable {
  /// The UTF-8 text.
  package var bytes: [UInt8]
  /// Token start byte offsets.
  package var starts: [Int32] = []
  /// Token end byte offsets (exclusive).
  package var ends: [Int32] = []
  /// Sentences as token index ranges, in order, covering every token.
  package var sentences: [Range<Int>] = []

  /// Creates an empty token list over `bytes`.
  package init(bytes: [UInt8]) { self.bytes = bytes }

  /// Number of tokens.
  package var count: Int { starts.count }

  /// Appends a token.
  @inline(__always) package mutating func append(_ start: Int, _ end: Int) {
    starts.append(Int32(start))
    ends.append(Int32(end))
  }

  /// The text of token `i`.
  package func text(_ i: Int) -> String {
    String(decoding: bytes[Int(starts[i])..<Int(ends[i])], as: UTF8.self)
  }

  /// Builds tokenized text from already tokenized sentences (CoNLL files): tokens joined by spaces, sentences by
  /// newlines.
  /// - Parameter sentences: the token strings of each sentence.
  /// - Returns: the text with its tokens and sentences.
  package static func pretokenized(_ sentences: [[String]]) -> NERTokenizedText {
    var bytes: [UInt8] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    var ranges: [Range<Int>] = []
    for sentence in sentences {
      let first = starts.count
      for (k, token) in sentence.enumerated() {
        if k > 0 { bytes.append(0x20) }
        starts.append(Int32(bytes.count))
        bytes.append(contentsOf: token.utf8)
        ends.append(Int32(bytes.count))
      }
      bytes.append(0x0A)
      ranges.append(first..<starts.count)
    }
    var t = NERTokenizedText(bytes: bytes)
    t.starts = starts
    t.ends = ends
    t.sentences = ranges
    return t
  }
}
