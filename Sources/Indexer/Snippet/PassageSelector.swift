/// A run of consecutive matches chosen for a passage.
struct PassageWindow: Sendable {
  /// Indices into the match list.
  var first: Int
  var last: Int
  var score: Double
  /// Distinct match key ids in the window.
  var keys: Set<Int>
}

/// Chooses the best runs of matches and turns them into passage byte ranges cut at word boundaries.
enum PassageSelector {
  /// Share of the extra room placed before the matches (the rest goes after).
  static let contextBefore = 0.3

  /// The best window of matches whose extent fits in `budget` bytes.
  /// - Parameters:
  ///   - matches: matches sorted by position.
  ///   - keyCount: number of distinct keys (ids are below it).
  ///   - bodyLength: body size in bytes (for the earliness preference).
  ///   - budget: the passage length in bytes.
  ///   - excluding: a byte range the window must not touch (the other passage).
  ///   - coveredKeys: when given, these keys do not count (choosing a second passage).
  /// - Returns: the best window, or `nil` when no match qualifies.
  static func bestWindow(
    _ matches: [SnippetMatch], keyCount: Int, bodyLength: Int, budget: Int, excluding: Range<Int>? = nil,
    coveredKeys: Set<Int>? = nil
  ) -> PassageWindow? {
    var bestRange: (Int, Int)? = nil
    var bestScore = 0.0
    var seen = [Int](repeating: -1, count: keyCount)
    var covered = [Bool](repeating: false, count: keyCount)
    for key in coveredKeys ?? [] where key < keyCount { covered[key] = true }
    for i in matches.indices {
      if let excluding, overlaps(matches[i].start, matches[i].end, excluding) { continue }
      var j = i
      while j + 1 < matches.count && matches[j + 1].end - matches[i].start <= budget {
        if let excluding, overlaps(matches[i].start, matches[j + 1].end, excluding) { break }
        j += 1
      }
      let score = score(matches, i, j, bodyLength: bodyLength, seen: &seen, stamp: i, covered: covered)
      if score > bestScore {
        bestScore = score
        bestRange = (i, j)
      }
    }
    guard let (first, last) = bestRange else { return nil }
    var keys = Set<Int>()
    for k in first...last where !covered[matches[k].keyID] { keys.insert(matches[k].keyID) }
    return PassageWindow(first: first, last: last, score: bestScore, keys: keys)
  }

  private static func overlaps(_ start: Int, _ end: Int, _ range: Range<Int>) -> Bool {
    start < range.upperBound && end > range.lowerBound
  }

  /// Score: each distinct key's weight, 0.15 per repeat, a proximity bonus for different keys close together, and
  /// a slight preference (up to 10%) for earlier passages. `seen[key] == stamp` marks keys already counted.
  private static func score(
    _ matches: [SnippetMatch], _ first: Int, _ last: Int, bodyLength: Int, seen: inout [Int], stamp: Int,
    covered: [Bool]
  ) -> Double {
    var score = 0.0
    for k in first...last {
      let match = matches[k]
      if covered[match.keyID] { continue }
      if seen[match.keyID] != stamp {
        seen[match.keyID] = stamp
        score += match.weight
      } else {
        score += 0.15 * match.weight
      }
      if k > first && matches[k - 1].keyID != match.keyID {
        let gap = max(0, match.firstToken - matches[k - 1].lastToken - 1)
        score += 0.5 * min(match.weight, matches[k - 1].weight) / Double(1 + gap)
      }
    }
    let earliness = 1 - 0.1 * Double(matches[first].start) / Double(max(1, bodyLength))
    return score * earliness
  }

  /// Expands a core byte range to about `budget` bytes, cut at word boundaries and trimmed of whitespace.
  /// - Parameters:
  ///   - core: the byte range of the matches (kept whole).
  ///   - budget: wanted length in bytes.
  ///   - limit: the bytes the passage may use (the whole body, or the side of the other passage).
  ///   - tokens: the body tokens, sorted.
  ///   - bytes: the body.
  /// - Returns: the passage byte range.
  static func expand(
    core: Range<Int>, budget: Int, limit: Range<Int>, tokens: [SnippetToken], bytes: UnsafeBufferPointer<UInt8>
  ) -> Range<Int> {
    let extra = max(0, budget - core.count)
    var start = core.lowerBound - Int(Double(extra) * contextBefore)
    var end = start + max(budget, core.count)
    if start < limit.lowerBound {
      end += limit.lowerBound - start
      start = limit.lowerBound
    }
    if end > limit.upperBound {
      start = max(limit.lowerBound, start - (end - limit.upperBound))
      end = limit.upperBound
    }
    start = min(start, core.lowerBound)
    end = max(end, core.upperBound)
    if start > limit.lowerBound { start = snapStart(start, before: core.lowerBound, tokens: tokens, bytes: bytes) }
    if end < limit.upperBound {
      end = snapEnd(end, after: core.upperBound, tokens: tokens, bytes: bytes)
      end = extendOverPunctuation(end, limit: limit.upperBound, bytes: bytes)
    }
    while start < end && isSpace(bytes[start]) { start += 1 }
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    return start..<end
  }

  /// How far a cut may move to reach a word boundary.
  static let maxSnap = 40

  /// A word start at or after `offset` (not after `limit`): a token start after a space or punctuation, else a
  /// position after a space, else any token start, else the next character boundary.
  private static func snapStart(
    _ offset: Int, before limit: Int, tokens: [SnippetToken], bytes: UnsafeBufferPointer<UInt8>
  ) -> Int {
    let farthest = min(limit, offset + maxSnap)
    var index = firstToken(startingAtOrAfter: offset, tokens)
    var anyToken: Int? = nil
    while index < tokens.count && tokens[index].start <= farthest {
      let start = tokens[index].start
      if anyToken == nil { anyToken = start }
      if start == 0 || isWordEdge(bytes[start - 1]) { return start }
      index += 1
    }
    var p = max(offset, 1)
    while p <= farthest {
      if isSpace(bytes[p - 1]) { return p }
      p += 1
    }
    return anyToken ?? min(SnippetMatchFinder.boundary(atOrAfter: offset, in: bytes), limit)
  }

  /// A word end at or before `offset` (not before `limit`), chosen like ``snapStart``.
  private static func snapEnd(
    _ offset: Int, after limit: Int, tokens: [SnippetToken], bytes: UnsafeBufferPointer<UInt8>
  ) -> Int {
    let farthest = max(limit, offset - maxSnap)
    var index = firstToken(startingAtOrAfter: offset, tokens) - 1
    var anyToken: Int? = nil
    while index >= 0 && tokens[index].start >= farthest - 64 {
      let end = tokens[index].end
      if end <= offset && end >= farthest {
        if anyToken == nil { anyToken = end }
        if end == bytes.count || isWordEdge(bytes[end]) { return end }
      }
      index -= 1
    }
    var p = min(offset, bytes.count - 1)
    while p >= farthest && p >= 0 {
      if isSpace(bytes[p]) { return p }
      p -= 1
    }
    return anyToken ?? max(SnippetMatchFinder.boundary(atOrBefore: offset, in: bytes), limit)
  }

  /// Includes up to two closing punctuation characters right after a passage (`.`, `,`, `)`, `。`, `」` ...).
  private static func extendOverPunctuation(_ offset: Int, limit: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var end = offset
    for _ in 0..<2 {
      guard end < limit else { break }
      let b = bytes[end]
      if b < 0x80 {
        guard
          b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: ":")
            || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: ")") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
        else { break }
        end += 1
      } else {
        var next = end + 1
        while next < limit && bytes[next] & 0xC0 == 0x80 { next += 1 }
        let scalars = String(decoding: UnsafeBufferPointer(rebasing: bytes[end..<next]), as: UTF8.self).unicodeScalars
        guard let scalar = scalars.first else { break }
        switch scalar.properties.generalCategory {
        case .otherPunctuation, .closePunctuation, .finalPunctuation: end = next
        default: return end
        }
      }
    }
    return end
  }

  private static func firstToken(startingAtOrAfter offset: Int, _ tokens: [SnippetToken]) -> Int {
    var lo = 0
    var hi = tokens.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if tokens[mid].start < offset { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// A byte next to which a word may begin or end: ASCII space or punctuation, or any non-ASCII byte (CJK text has
  /// no spaces; a tokenizer's split there is a character boundary).
  private static func isWordEdge(_ byte: UInt8) -> Bool {
    if byte >= 0x80 { return true }
    let isAlnum =
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    return !isAlnum && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: "'")
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
  }
}
