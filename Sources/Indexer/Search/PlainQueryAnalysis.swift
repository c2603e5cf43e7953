/// A plain-word query (`SearchRequest/plain`: the text's words, any syntax ignored) analyzed in one pass: the
/// query of its folded words (matching and ranking as the one ``Searcher/plainQuery(_:)`` makes), and each word's
/// index term.
///
/// ``QueryCompiler`` takes the terms from here (``QueryCompiler/seed(_:)``) instead of analyzing every word on its
/// own again, for the words where both give the same term by construction: folded words of ASCII letters and
/// digits only, which analyze to exactly one token, themselves stemmed. Other words (CJK bigrams, accented or
/// joined forms such as `r&d` or `3.5`) are analyzed again by the compiler, as before.
struct PlainQueryAnalysis {
  /// One word of the query: what the compiler needs of it, kept together (one list, one append a word).
  struct Word: Sendable, Equatable {
    /// The folded word.
    var exact: String
    /// Its term (stemmed as the analyzer stems it).
    var term: String
    /// Whether it is made of ASCII lower-case letters and digits only (``isLowerASCIIWord(_:)``).
    var lowerASCII: Bool
    /// Whether it, lower-cased, is a function word (``QueryWordWeights/isStopword(_:)``).
    var stopword: Bool
  }

  /// The words as optional ranked terms: ``Query/matchNone`` without words, one `.term` for one word, else
  /// ``Query/plainWords(_:)`` of ``entries`` (the same matches and ranking as a `.boolean` of `.term` clauses, without
  /// a box per word).
  let query: Query
  /// The words in text order.
  let entries: [Word]
  /// `query.description` (the words joined by spaces), made from the words' bytes.
  let description: String

  /// Analyzes a query text.
  /// - Parameters:
  ///   - text: the query as typed.
  ///   - analyzer: the analyzer documents were indexed with (its tokenizer is the plain query's).
  init(_ text: String, analyzer: Analyzer) {
    var entries: [Word] = []
    var text = text
    var description = ""
    text.withUTF8 { bytes in
      // Room for the words of a long natural-language query without regrowing.
      entries.reserveCapacity(bytes.count / 4 + 4)
      // The folded words and the spaces between them, in a buffer of this call (no list allocated for them). Folding
      // may lengthen a word (up to three bytes from one in Unicode case folding): past the room, the list takes over.
      let room = 2 * bytes.count + 16
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer in
        var used = 0
        var overflow: [UInt8]? = nil
        analyzer.analyzeWords(bytes) { exact, term, folded in
          if overflow == nil && used + folded.count + 1 > room {
            overflow = Array(buffer[0..<used])
          }
          if overflow != nil {
            if !overflow!.isEmpty { overflow!.append(0x20) }
            overflow!.append(contentsOf: folded)
          } else {
            if used > 0 {
              buffer[used] = 0x20
              used += 1
            }
            if let start = folded.baseAddress, !folded.isEmpty {
              (buffer.baseAddress! + used).update(from: start, count: folded.count)
              used += folded.count
            }
          }
          let lower = Self.isLowerASCIIWord(folded)
          let stopword = lower ? QueryWordWeights.isStopword(folded) : QueryWordWeights.isStopword(exact.lowercased())
          entries.append(Word(exact: exact, term: term, lowerASCII: lower, stopword: stopword))
        }
        description =
          overflow.map { String(decoding: $0, as: UTF8.self) }
          ?? String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<used]), as: UTF8.self)
      }
    }
    self.description = description
    self.entries = entries
    if entries.isEmpty {
      query = .matchNone
    } else if entries.count == 1 {
      query = .term(TermQuery(entries[0].exact))
    } else {
      query = .plainWords(PlainWordList(entries))
    }
  }

  /// The term of word `index` when `word` is that word and re-analyzing it alone would give the same term
  /// (letters a-z and digits only); nil otherwise.
  /// - Parameters:
  ///   - index: the word's position in the query.
  ///   - word: the word's text as the query holds it.
  /// - Returns: the term, or nil when the caller must analyze the word itself.
  func term(at index: Int, word: String) -> String? {
    guard index < entries.count, entries[index].exact == word, Self.isLowerASCIIWord(word) else { return nil }
    return entries[index].term
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
