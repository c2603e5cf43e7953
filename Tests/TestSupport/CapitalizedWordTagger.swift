import Indexer

/// A stand-in entity tagger for tests that need entities but not the model: every capitalized word is an
/// organization.
public enum CapitalizedWordTagger {
  /// The tagger.
  /// - Parameter digits: whether digits belong to words ("A320" one word) or end them.
  /// - Returns: a tagger giving one ORG span per capitalized word.
  public static func make(digits: Bool) -> EntityTagging {
    { body in
      var spans: [EntitySpan] = []
      var start: Int?
      let bytes = Array(body.utf8)
      for i in 0...bytes.count {
        let b = i < bytes.count ? bytes[i] : 0
        let wordByte = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (digits && b >= 0x30 && b <= 0x39)
        if wordByte, start == nil { start = i }
        if !wordByte, let s = start {
          if bytes[s] >= 0x41 && bytes[s] <= 0x5A {
            let text = String(decoding: bytes[s..<i], as: UTF8.self)
            spans.append(EntitySpan(start: s, end: i, type: .org, text: text, normalized: text))
          }
          start = nil
        }
      }
      return spans
    }
  }
}
