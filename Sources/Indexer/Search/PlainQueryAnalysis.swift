/// A plain-word query (`SearchRequest/plain`: the text's words, any syntax ignored) analyzed in one pass: the
/// query of its folded words, as ``Searcher/plainQuery(_:)`` makes it, and each word's index term.
///
/// ``QueryCompiler`` takes the terms from here (``QueryCompiler/seed(_:)``) instead of analyzing every word on its
/// own again, for the words where both give the same term by construction: folded words of ASCII letters and
/// digits only, which analyze to exactly one token, themselves stemmed. Other words (CJK bigrams, accented or
/// joined forms such as `r&d` or `3.5`) are analyzed again by the compiler, as before.
struct PlainQueryAnalysis {
  /// The words as optional ranked terms (``Query/matchNone`` without words).
  let query: Query
  /// The folded words, in text order.
  let words: [String]
  /// Each word's term (stemmed as the analyzer stems it).
  let terms: [String]
  /// Whether each word is made of ASCII lower-case letters and digits only (``isLowerASCIIWord(_:)``).
  let lowerASCII: [Bool]
  /// Whether each word, lower-cased, is a function word (``QueryWordWeights/isStopword(_:)``).
  let stopwords: [Bool]
  /// `query.description` (the words joined by spaces), made from the words' bytes.
  let description: String

  /// Analyzes a query text.
  /// - Parameters:
  ///   - text: the query as typed.
  ///   - analyzer: the analyzer documents were indexed with (its tokenizer is the plain query's).
  init(_ text: String, analyzer: Analyzer) {
    var words: [String] = []
    var terms: [String] = []
    var lowerASCII: [Bool] = []
    var stopwords: [Bool] = []
    var joined: [UInt8] = []
    var text = text
    text.withUTF8 { bytes in
      // Room for the folded words and the spaces between them, usually without regrowing.
      joined.reserveCapacity(2 * bytes.count)
      // Room for the words of a long natural-language query without regrowing.
      let room = bytes.count / 4 + 4
      words.reserveCapacity(room)
      terms.reserveCapacity(room)
      lowerASCII.reserveCapacity(room)
      stopwords.reserveCapacity(room)
      analyzer.analyze(bytes) { token in
        words.append(token.exact)
        terms.append(token.term)
        var exact = token.exact
        if !joined.isEmpty { joined.append(0x20) }
        exact.withUTF8 { joined.append(contentsOf: $0) }
        let lower = exact.withUTF8 { Self.isLowerASCIIWord($0) }
        lowerASCII.append(lower)
        stopwords.append(
          lower
            ? exact.withUTF8 { QueryWordWeights.isStopword($0) } : QueryWordWeights.isStopword(exact.lowercased()))
      }
    }
    self.words = words
    self.terms = terms
    self.lowerASCII = lowerASCII
    self.stopwords = stopwords
    description = String(decoding: joined, as: UTF8.self)
    if words.isEmpty {
      query = .matchNone
    } else if words.count == 1 {
      query = .term(TermQuery(words[0]))
    } else {
      query = .boolean(BooleanQuery(should: words.map { .term(TermQuery($0)) }))
    }
  }

  /// The term of word `index` when `word` is that word and re-analyzing it alone would give the same term
  /// (letters a-z and digits only); nil otherwise.
  /// - Parameters:
  ///   - index: the word's position in the query.
  ///   - word: the word's text as the query holds it.
  /// - Returns: the term, or nil when the caller must analyze the word itself.
  func term(at index: Int, word: String) -> String? {
    guard index < words.count, words[index] == word, Self.isLowerASCIIWord(word) else { return nil }
    return terms[index]
  }

  /// Whether a word is made of ASCII lowercase letters and digits only (at least one byte): such a word is one
  /// token, equal to its own folded and lower-cased form.
  static func isLowerASCIIWord(_ word: String) -> Bool {
    var word = word
    return word.withUTF8 { isLowerASCIIWord($0) }
  }

  /// Whether a word given as UTF-8 bytes is made of ASCII lowercase letters and digits only (at least one byte).
  static func isLowerASCIIWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !bytes.isEmpty else { return false }
    for b in bytes where !((b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)) { return false }
    return true
  }
}
