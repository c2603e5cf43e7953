/// One occurrence of a query term or phrase in the body, in tokens and bytes.
struct SnippetMatch: Sendable {
  /// The term, or `"the phrase"`.
  var key: String
  /// A small integer per distinct key (0..<keyCount), for fast distinct counting.
  var keyID: Int
  var weight: Double
  /// First and last token index (equal for a term).
  var firstToken: Int
  var lastToken: Int
  /// Absolute UTF-8 byte range in the body.
  var start: Int
  var end: Int
}

/// A token's byte range, clamped to character boundaries.
struct SnippetToken: Sendable, Equatable {
  var start: Int
  var end: Int
}

/// Finds the occurrences of query terms and phrases among the body's tokens.
enum SnippetMatchFinder {
  /// Turns tokenizer output into tokens whose offsets are valid character boundaries of `bytes`.
  static func tokens(
    _ raw: [(term: String, start: Int, end: Int)], bytes: UnsafeBufferPointer<UInt8>
  ) -> [SnippetToken] {
    tokens(raw.map { SnippetToken(start: $0.start, end: $0.end) }, bytes: bytes)
  }

  /// The matches, sorted by position; term matches inside a phrase match are dropped.
  /// - Parameters:
  ///   - raw: the tokenizer output.
  ///   - tokens: the same tokens with clamped offsets (same count and order as `raw` minus empty ones).
  ///   - query: what to find.
  /// - Returns: the matches and the number of distinct keys.
  static func matches(
    raw: [(term: String, start: Int, end: Int)], bytes: UnsafeBufferPointer<UInt8>, query: SnippetQuery
  ) -> (matches: [SnippetMatch], keyCount: Int) {
    var matches: [SnippetMatch] = []
    var keyCount = 0
    var covered = [Bool](repeating: false, count: raw.count)
    func clamped(_ i: Int) -> (Int, Int) {
      (boundary(atOrBefore: raw[i].start, in: bytes), boundary(atOrAfter: raw[i].end, in: bytes))
    }
    for phrase in query.phrases where !phrase.isEmpty {
      let weight = phrase.reduce(0) { $0 + query.weight($1) } * 1.5
      let key = "\"" + phrase.joined(separator: " ") + "\""
      let keyID = keyCount
      var found = false
      var i = 0
      while i + phrase.count <= raw.count {
        var ok = true
        for k in 0..<phrase.count where raw[i + k].term != phrase[k] {
          ok = false
          break
        }
        if ok {
          let last = i + phrase.count - 1
          let (start, _) = clamped(i)
          let (_, end) = clamped(last)
          if end > start {
            matches.append(
              SnippetMatch(
                key: key, keyID: keyID, weight: weight, firstToken: i, lastToken: last, start: start, end: end))
            found = true
          }
          for k in i...last { covered[k] = true }
          i = last + 1
        } else {
          i += 1
        }
      }
      if found { keyCount += 1 }
    }
    if !query.terms.isEmpty {
      // Cheap pre-filter on first byte and length before hashing the token's term.
      var firstBytes = [Bool](repeating: false, count: 256)
      var lengths = Set<Int>()
      for term in query.terms {
        if let first = term.utf8.first { firstBytes[Int(first)] = true }
        lengths.insert(term.utf8.count)
      }
      var ids: [String: Int] = [:]
      for index in raw.indices where !covered[index] {
        let term = raw[index].term
        guard let first = term.utf8.first, firstBytes[Int(first)], lengths.contains(term.utf8.count),
          query.terms.contains(term)
        else { continue }
        let (start, end) = clamped(index)
        guard end > start else { continue }
        let keyID: Int
        if let known = ids[term] {
          keyID = known
        } else {
          keyID = keyCount
          ids[term] = keyID
          keyCount += 1
        }
        matches.append(
          SnippetMatch(
            key: term, keyID: keyID, weight: query.weight(term), firstToken: index, lastToken: index, start: start,
            end: end))
      }
    }
    return (inOrder(matches), keyCount)
  }

  /// Matches sorted by position, without those overlapping an earlier one (two phrases sharing words).
  private static func inOrder(_ matches: [SnippetMatch]) -> [SnippetMatch] {
    var matches = matches
    matches.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    var kept: [SnippetMatch] = []
    kept.reserveCapacity(matches.count)
    for match in matches {
      if let last = kept.last, match.start < last.end { continue }
      kept.append(match)
    }
    return kept
  }

  /// Token ranges clamped to character boundaries, empty ones dropped (as ``tokens(_:bytes:)`` does).
  static func tokens(_ ranges: [SnippetToken], bytes: UnsafeBufferPointer<UInt8>) -> [SnippetToken] {
    var out: [SnippetToken] = []
    out.reserveCapacity(ranges.count)
    for token in ranges {
      let start = boundary(atOrBefore: token.start, in: bytes)
      let end = boundary(atOrAfter: token.end, in: bytes)
      if end > start { out.append(SnippetToken(start: start, end: end)) }
    }
    return out
  }

  /// The matches found from a ``SnippetTokenList``: the same as ``matches(raw:bytes:query:)`` gives for the full
  /// token list with empty terms for the tokens not listed as wanted, found from the wanted tokens alone.
  /// - Parameters:
  ///   - list: the token ranges and wanted tokens.
  ///   - bytes: the body.
  ///   - query: what to find.
  /// - Returns: the matches and the number of distinct keys.
  static func matches(
    _ list: SnippetTokenList, bytes: UnsafeBufferPointer<UInt8>, query: SnippetQuery
  ) -> (matches: [SnippetMatch], keyCount: Int) {
    var matches: [SnippetMatch] = []
    var keyCount = 0
    let hits = list.hits
    let ranges = list.ranges
    var covered = [Bool](repeating: false, count: hits.count)
    func clamped(_ i: Int) -> (Int, Int) {
      (boundary(atOrBefore: ranges[i].start, in: bytes), boundary(atOrAfter: ranges[i].end, in: bytes))
    }
    for phrase in query.phrases where !phrase.isEmpty {
      let weight = phrase.reduce(0) { $0 + query.weight($1) } * 1.5
      let key = "\"" + phrase.joined(separator: " ") + "\""
      let keyID = keyCount
      var found = false
      // A phrase word outside the wanted terms never matches (its tokens have no term).
      let words = phrase.map { list.terms.firstIndex(of: $0) ?? -1 }
      // A match starts at a wanted token whose next phrase.count - 1 tokens are the next wanted tokens.
      var next = 0
      var p = 0
      while p < hits.count {
        let first = hits[p].index
        guard first + phrase.count <= ranges.count else { break }
        if first < next {
          p += 1
          continue
        }
        var ok = true
        for k in 0..<phrase.count {
          if p + k >= hits.count || hits[p + k].index != first + k || hits[p + k].term != words[k] {
            ok = false
            break
          }
        }
        guard ok else {
          p += 1
          continue
        }
        let last = first + phrase.count - 1
        let (start, _) = clamped(first)
        let (_, end) = clamped(last)
        if end > start {
          matches.append(
            SnippetMatch(
              key: key, keyID: keyID, weight: weight, firstToken: first, lastToken: last, start: start, end: end))
          found = true
        }
        for k in 0..<phrase.count { covered[p + k] = true }
        next = last + 1
        p += phrase.count
      }
      if found { keyCount += 1 }
    }
    if !query.terms.isEmpty {
      let isQueryTerm = list.terms.map { query.terms.contains($0) }
      let weights = list.terms.map { query.weight($0) }
      var ids = [Int](repeating: -1, count: list.terms.count)
      for p in hits.indices where !covered[p] && isQueryTerm[hits[p].term] {
        let index = hits[p].index
        let term = hits[p].term
        let (start, end) = clamped(index)
        guard end > start else { continue }
        if ids[term] < 0 {
          ids[term] = keyCount
          keyCount += 1
        }
        matches.append(
          SnippetMatch(
            key: list.terms[term], keyID: ids[term], weight: weights[term], firstToken: index, lastToken: index,
            start: start, end: end))
      }
    }
    return (inOrder(matches), keyCount)
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
