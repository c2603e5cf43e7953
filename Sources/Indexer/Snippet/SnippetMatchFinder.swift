/// One occurrence of a query term or phrase in the body, in tokens and bytes.
struct SnippetMatch: Sendable {
  /// The term, or `"the phrase"`.
  var key: String
  var weight: Double
  /// First and last token index (equal for a term).
  var firstToken: Int
  var lastToken: Int
  /// Absolute UTF-8 byte range in the body.
  var start: Int
  var end: Int
}

/// A token from the injected tokenizer, with byte offsets clamped to character boundaries.
struct SnippetToken: Sendable {
  var term: String
  var start: Int
  var end: Int
}

/// Finds the occurrences of query terms and phrases among the body's tokens.
enum SnippetMatchFinder {
  /// Turns tokenizer output into tokens whose offsets are valid character boundaries of `bytes`.
  static func tokens(
    _ raw: [(term: String, start: Int, end: Int)], bytes: UnsafeBufferPointer<UInt8>
  ) -> [SnippetToken] {
    var out: [SnippetToken] = []
    out.reserveCapacity(raw.count)
    for token in raw {
      let start = boundary(atOrBefore: token.start, in: bytes)
      let end = boundary(atOrAfter: token.end, in: bytes)
      if end > start { out.append(SnippetToken(term: token.term, start: start, end: end)) }
    }
    return out
  }

  /// The matches, sorted by position; term matches inside a phrase match are dropped.
  static func matches(tokens: [SnippetToken], query: SnippetQuery) -> [SnippetMatch] {
    var matches: [SnippetMatch] = []
    var covered = [Bool](repeating: false, count: tokens.count)
    for phrase in query.phrases where !phrase.isEmpty {
      let weight = phrase.reduce(0) { $0 + query.weight($1) } * 1.5
      let key = "\"" + phrase.joined(separator: " ") + "\""
      var i = 0
      while i + phrase.count <= tokens.count {
        var ok = true
        for k in 0..<phrase.count where tokens[i + k].term != phrase[k] {
          ok = false
          break
        }
        if ok {
          let last = i + phrase.count - 1
          matches.append(
            SnippetMatch(
              key: key, weight: weight, firstToken: i, lastToken: last, start: tokens[i].start,
              end: tokens[last].end))
          for k in i...last { covered[k] = true }
          i = last + 1
        } else {
          i += 1
        }
      }
    }
    if !query.terms.isEmpty {
      for (index, token) in tokens.enumerated() where !covered[index] && query.terms.contains(token.term) {
        matches.append(
          SnippetMatch(
            key: token.term, weight: query.weight(token.term), firstToken: index, lastToken: index,
            start: token.start, end: token.end))
      }
    }
    matches.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    // Drop matches overlapping an earlier one (two phrases sharing words).
    var kept: [SnippetMatch] = []
    kept.reserveCapacity(matches.count)
    for match in matches {
      if let last = kept.last, match.start < last.end { continue }
      kept.append(match)
    }
    return kept
  }

  /// Moves an offset back to the first byte of a character (clamped to the buffer).
  static func boundary(atOrBefore offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var i = max(0, min(offset, bytes.count))
    while i > 0 && i < bytes.count && bytes[i] & 0xC0 == 0x80 { i -= 1 }
    return i
  }

  /// Moves an offset forward to the next character start (clamped to the buffer).
  static func boundary(atOrAfter offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var i = max(0, min(offset, bytes.count))
    while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
    return i
  }
}
