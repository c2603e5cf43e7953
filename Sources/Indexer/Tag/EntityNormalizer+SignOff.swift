/// The sign-off of a wire story: one capitalized word alone on the last line ("REUTER", "SYNTH", "Reuters.").
extension EntityNormalizer {
  /// The token of a document's sign-off: the last word, alone on the last line after a line that ends a sentence
  /// (".", "!", "?", a closing quote, bracket or ">"), a capital first and letters only, with nothing but
  /// punctuation after it. Such a word is the agency's or the desk's signature, not a name in the story.
  /// - Parameter t: the document's tokens.
  /// - Returns: the token index, or nil when the document ends otherwise.
  static func signOffToken(_ t: NERTokenizedText) -> Int? {
    var k = t.count - 1
    return t.bytes.withUnsafeBufferPointer { b -> Int? in
      // The last token with a letter or digit; the tokens after it must be punctuation on the same line.
      while k >= 0 {
        let s = Int(t.starts[k])
        let e = Int(t.ends[k])
        if b[s..<e].contains(where: { NERTokenizer.isUpper($0) || NERTokenizer.isLower($0) || NERTokenizer.isDigit($0) }
        ) {
          break
        }
        k -= 1
      }
      guard k >= 1 else { return nil }
      let start = Int(t.starts[k])
      let end = Int(t.ends[k])
      guard end - start >= 2, NERTokenizer.isUpper(b[start]),
        b[start..<end].allSatisfy({ NERTokenizer.isUpper($0) || NERTokenizer.isLower($0) })
      else { return nil }
      for j in (k + 1)..<t.count where b[Int(t.ends[j - 1])..<Int(t.starts[j])].contains(0x0A) { return nil }
      // Alone on its line, and the line before ends a sentence.
      var i = start - 1
      while i >= 0 && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D) { i -= 1 }
      guard i >= 0, b[i] == 0x0A else { return nil }
      while i >= 0 && (b[i] <= 0x20 || b[i] == 0x7F) { i -= 1 }
      guard i >= 0 else { return nil }
      switch b[i] {
      case 0x2E, 0x21, 0x3F, 0x22, 0x27, 0x29, 0x3E, 0x9D, 0x99: return k
      default: return nil
      }
    }
  }
}
