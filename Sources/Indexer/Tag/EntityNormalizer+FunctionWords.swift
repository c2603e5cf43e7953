/// Name spans made only of function words or punctuation: "Of" at a sentence start, "of" out of "Archbishop of
/// Canterbury", "de", "&", "} }" (template residue on encyclopedia pages), "However" and "Additionally" opening a
/// sentence. The model tags them as names now and then, and on long pages the same word repeats, so one slip
/// fills a facet. No such span is a name, and no name ends in one.
extension EntityNormalizer {
  /// Drops name spans made only of function words and punctuation, and trims lower-case function words off the
  /// end of the others: a piece "of" or "and" that joined nothing
  /// on its right ends a name ("Morgan Guaranty Trust Co of"), one that joined nothing at all stands alone. Runs
  /// after the last join, so that a particle between two pieces ("De" "la" "Dehesa") still joins them.
  /// - Parameters:
  ///   - spans: the document's spans, joined.
  ///   - t: the document's tokens.
  ///   - rename: names a trimmed span again.
  /// - Returns: the spans, name spans trimmed.
  static func trimFunctionWords(
    _ spans: [TokenSpan], _ t: NERTokenizedText, rename: (inout TokenSpan) -> Void
  ) -> [TokenSpan] {
    var out: [TokenSpan] = []
    out.reserveCapacity(spans.count)
    for var s in spans {
      if s.type.isName {
        if isFunctionWordsOnly(s, t) { continue }
        let end = s.end
        while s.end > s.start + 1 && isLowerCaseFunctionWord(s.end - 1, t) { s.end -= 1 }
        if s.end != end { rename(&s) }
      }
      out.append(s)
    }
    return out
  }

  /// Whether token `k` is a function word written in lower case ("of", "and", "de"): a capitalized one may end a
  /// name ("Serie A", "Charles I"), and so may punctuation ("Fla.", "Sporting ( Lisbon )").
  private static func isLowerCaseFunctionWord(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let first = t.bytes[Int(t.starts[k])]
    return NERTokenizer.isLower(first) && isFunctionWord(k, t)
  }

  /// Whether every token of the span is a function word or has no letter or digit.
  static func isFunctionWordsOnly(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    (s.start..<s.end).allSatisfy { isFunctionWord($0, t) }
  }

  /// Whether token `k` is one of ``nameFunctionWords`` in any case but all capitals ("US" and "IT" may be names),
  /// or has no letter or digit.
  static func isFunctionWord(_ k: Int, _ t: NERTokenizedText) -> Bool {
    t.bytes.withUnsafeBufferPointer { bytes in
      let token = UnsafeBufferPointer(rebasing: bytes[Int(t.starts[k])..<Int(t.ends[k])])
      var hasLetterOrDigit = false
      var upper = 0
      for c in token {
        // Not ASCII: a letter of some script, and no word of the list.
        if c >= 0x80 { return false }
        if NERTokenizer.isUpper(c) { upper += 1 }
        if NERTokenizer.isUpper(c) || NERTokenizer.isLower(c) || NERTokenizer.isDigit(c) { hasLetterOrDigit = true }
      }
      if !hasLetterOrDigit { return true }
      if upper > 1 && upper == token.count { return false }
      guard token.count <= StopwordTable.maxLength else { return false }
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: StopwordTable.maxLength) { lower in
        for (i, c) in token.enumerated() { lower[i] = NERTokenizer.isUpper(c) ? c | 0x20 : c }
        return nameFunctionWords.contains(UnsafeBufferPointer(rebasing: lower[0..<token.count]))
      }
    }
  }

  /// English function words, the particles of names from other languages that never stand alone, and the
  /// adverbs that open sentences (lower case).
  static let nameFunctionWords = StopwordTable([
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "nor", "as",
    "if", "then", "so", "yet", "not", "no", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "him", "them", "who", "whom", "whose", "which", "what",
    "when", "where", "why", "how", "all", "any", "each", "every", "some", "there", "here", "after", "before",
    "during", "since", "until", "upon", "into", "onto", "over", "under", "about", "between", "among", "through",
    "within", "without", "against", "towards", "toward", "&", "de", "la", "le", "les", "du", "des", "del", "van",
    "von", "der", "den", "da", "di", "y", "however", "moreover", "thus", "hence", "also", "instead", "although",
    "though", "while", "whereas", "despite", "unlike", "indeed", "likewise", "overall", "finally", "meanwhile",
    "therefore", "additionally",
    "furthermore", "nevertheless", "nonetheless", "consequently", "accordingly", "similarly", "otherwise",
    // Sentence adverbs, capitalized at a sentence start ("Unfortunately, ...").
    "unfortunately", "fortunately", "interestingly", "ironically", "surprisingly", "unsurprisingly", "sadly",
    "luckily", "notably", "ultimately", "eventually", "apparently", "originally", "initially", "subsequently",
    "currently", "presently", "traditionally", "historically", "generally", "typically", "usually", "recently",
    "previously", "afterwards", "afterward", "clearly", "obviously", "naturally", "importantly", "specifically",
    "essentially", "basically", "allegedly", "reportedly", "supposedly", "arguably", "undoubtedly", "certainly",
    "perhaps", "nowadays", "alternatively", "conversely", "coincidentally", "incidentally", "regardless",
  ])
}
