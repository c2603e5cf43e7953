/// Byte-level word tokenizer and sentence splitter for the entity tagger.
///
/// Follows CoNLL-2003 conventions closely enough for the model: punctuation, quotes, brackets, currency symbols,
/// `%` and possessive `'s` become tokens of their own; abbreviations ("U.S.", "Inc.", "Mr.") keep their periods;
/// hyphenated words and numbers ("1,000.5", "2024-12-09") stay whole. Sentences end at `.`/`!`/`?` before a
/// non-lower-case token, at blank lines, and at line breaks after short lines (headlines).
package enum NERTokenizer {
  /// Longest sentence in tokens; longer runs are cut.
  static let maxSentence = 150

  /// Tokenizes UTF-8 text.
  /// - Parameters:
  ///   - bytes: the text.
  ///   - plainWords: false sends every chunk through `splitChunk`, the reference way (tests check that the
  ///     shortcut for plain words gives the same tokens).
  /// - Returns: tokens and sentences with byte offsets into `bytes`.
  package static func tokenize(_ bytes: [UInt8], plainWords: Bool = true) -> NERTokenizedText {
    var out = NERTokenizedText(bytes: bytes)
    // Tokens that start a sentence by the line layout (the first token of a chunk after a forced break), ascending.
    var breaks: [Int32] = []
    // A chunk's trailing marks, reused for every chunk.
    var tail: [(Int, Int)] = []
    tail.reserveCapacity(8)
    let expected = bytes.count / 4 + 16
    out.starts.reserveCapacity(expected)
    out.ends.reserveCapacity(expected)
    bytes.withUnsafeBufferPointer { p in
      let n = p.count
      var i = 0
      var newlines = 0
      var lineStart = 0
      var previousLineLength = Int.max
      var lineHasLower = false
      var previousLineHasLower = true
      while i < n {
        let w = spaceWidth(p, i)
        if w > 0 {
          if p[i] == 0x0A {
            newlines += 1
            previousLineLength = i - lineStart
            previousLineHasLower = lineHasLower
            lineHasLower = false
            lineStart = i + 1
          }
          i += w
          continue
        }
        // The chunk runs to the next whitespace. `plain`: only ASCII letters, digits and hyphens, which
        // `splitChunk` always returns whole as one token (no mark, quote, period, comma, currency sign or byte
        // beyond ASCII to split at); most words are plain and skip it.
        var j = i
        var plain = true
        while j < n {
          let b = p[j]
          if b < 0x80 {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { break }
            let folded = b | 0x20
            if folded >= 0x61 && folded <= 0x7A {
              if b >= 0x61 { lineHasLower = true }
            } else if !(isDigit(b) || b == UInt8(ascii: "-")) {
              plain = false
            }
          } else {
            if spaceWidth(p, j) > 0 { break }
            plain = false
          }
          j += 1
        }
        // A single line break ends a sentence after a headline (no lower case), after a short line (title), or
        // before an indented line (new paragraph); wrapped text continues.
        let indent = newlines > 0 ? i - lineStart : 0
        let forcedBreak =
          newlines >= 2
          || (newlines == 1 && (previousLineLength < 40 || !previousLineHasLower || indent >= 2))
        newlines = 0
        let before = out.count
        if plain && plainWords {
          out.append(i, j)
        } else {
          splitChunk(p, i, j, &out, &tail)
        }
        if forcedBreak && out.count > before { breaks.append(Int32(before)) }
        i = j
      }
      out.sentences = sentences(p, out, breaks)
    }
    return out
  }

  /// Width of a whitespace character at `i` (0 if not whitespace).
  @inline(__always) static func spaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    let b = p[i]
    if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
    if b == 0xC2, i + 1 < p.count, p[i + 1] == 0xA0 { return 2 }
    if b == 0xE2, i + 2 < p.count, p[i + 1] == 0x80, (p[i + 2] >= 0x80 && p[i + 2] <= 0x8B) || p[i + 2] == 0xAF {
      return 3
    }
    if b == 0xE3, i + 2 < p.count, p[i + 1] == 0x80, p[i + 2] == 0x80 { return 3 }
    return 0
  }

  /// Width of a punctuation mark that always stands alone at `i` within `..<e` (0 if none): brackets, quotes,
  /// dashes, ellipsis.
  @inline(__always) static func loneMarkWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> Int {
    let b = p[i]
    switch b {
    case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
      UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"),
      UInt8(ascii: "`"):
      return 1
    case 0xE2:
      // “ ” ‘ ’ (80 9C/9D/98/99), – — (80 93/94), … (80 A6)
      if i + 2 < e, p[i + 1] == 0x80 {
        let c = p[i + 2]
        if c == 0x9C || c == 0x9D || c == 0x98 || c == 0x99 || c == 0x93 || c == 0x94 || c == 0xA6 { return 3 }
      }
      return 0
    case 0xC2:
      if i + 1 < e, p[i + 1] == 0xAB || p[i + 1] == 0xBB { return 2 }
      return 0
    default:
      return 0
    }
  }

  /// Splits one whitespace-free chunk `s..<e` into tokens.
  /// - Parameter tail: scratch for the trailing marks (emptied here; passed in so no chunk allocates).
  static func splitChunk(
    _ p: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int, _ out: inout NERTokenizedText, _ tail: inout [(Int, Int)]
  ) {
    var s = s0
    var e = e0
    // Leading marks.
    while s < e {
      let w = loneMarkWidth(p, s, e)
      if w > 0 {
        out.append(s, s + w)
        s += w
      } else if p[s] == UInt8(ascii: "'") && s + 1 < e && !(p[s + 1] == UInt8(ascii: "s") && s + 2 == e) {
        out.append(s, s + 1)
        s += 1
      } else {
        break
      }
    }
    // Trailing marks, collected in reverse.
    if !tail.isEmpty { tail.removeAll(keepingCapacity: true) }
    while e > s {
      let last = p[e - 1]
      if last == UInt8(ascii: ",") || last == UInt8(ascii: ":") || last == UInt8(ascii: "%")
        || last == UInt8(ascii: "'")
      {
        tail.append((e - 1, e))
        e -= 1
        continue
      }
      if e - s >= 3, p[e - 3] == 0xE2, loneMarkWidth(p, e - 3, e) == 3 {
        tail.append((e - 3, e))
        e -= 3
        continue
      }
      if e - s >= 2, p[e - 2] == 0xC2, loneMarkWidth(p, e - 2, e) == 2 {
        tail.append((e - 2, e))
        e -= 2
        continue
      }
      if last < 0x80, loneMarkWidth(p, e - 1, e) == 1 {
        tail.append((e - 1, e))
        e -= 1
        continue
      }
      if last == UInt8(ascii: ".") {
        var k = e
        while k > s, p[k - 1] == UInt8(ascii: ".") { k -= 1 }
        if e - k >= 2 {  // "..."
          tail.append((k, e))
          e = k
          continue
        }
        if k > s && !isAbbreviation(p, s, e) {
          tail.append((e - 1, e))
          e -= 1
          continue
        }
      }
      break
    }
    // Possessive 's / ’s.
    var possessive: (Int, Int)? = nil
    if e - s > 2, p[e - 1] | 0x20 == UInt8(ascii: "s"), p[e - 2] == UInt8(ascii: "'") {
      possessive = (e - 2, e)
      e -= 2
    } else if e - s > 4, p[e - 1] | 0x20 == UInt8(ascii: "s"), p[e - 4] == 0xE2, p[e - 3] == 0x80, p[e - 2] == 0x99 {
      possessive = (e - 4, e)
      e -= 4
    }
    if e > s { splitCore(p, s, e, &out) }
    if let (a, b) = possessive { out.append(a, b) }
    var k = tail.count
    while k > 0 {
      k -= 1
      out.append(tail[k].0, tail[k].1)
    }
  }

  /// Splits the core of a chunk: currency prefixes, inner dashes and quotes, commas between letters.
  static func splitCore(_ p: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e: Int, _ out: inout NERTokenizedText) {
    var s = s0
    // Currency: "$70", "€5", "£3", "¥1", "US$3.5m", "HK$10".
    var k = s
    while k < e, k - s < 3, p[k] >= UInt8(ascii: "A"), p[k] <= UInt8(ascii: "Z") { k += 1 }
    if k < e - 1, p[k] == UInt8(ascii: "$") {
      out.append(s, k + 1)
      s = k + 1
    } else if e - s > 3, p[s] == 0xE2, p[s + 1] == 0x82, p[s + 2] == 0xAC {  // €
      out.append(s, s + 3)
      s += 3
    } else if e - s > 2, p[s] == 0xC2, p[s + 1] == 0xA3 || p[s + 1] == 0xA5 {  // £ ¥
      out.append(s, s + 2)
      s += 2
    }
    var start = s
    var i = s
    while i < e {
      let w = loneMarkWidth(p, i, e)
      if w > 0 {
        if i - start >= 2, p[i - 1] == UInt8(ascii: "."), p[i - 2] != UInt8(ascii: "."), !isAbbreviation(p, start, i) {
          // A sentence's last word before a mark ("States.[5]"): the period stands alone, as before a space.
          out.append(start, i - 1)
          out.append(i - 1, i)
        } else if i > start {
          out.append(start, i)
        }
        out.append(i, i + w)
        i += w
        start = i
        continue
      }
      if p[i] == UInt8(ascii: ","), i > start, i + 1 < e, !(isDigit(p[i - 1]) && isDigit(p[i + 1])) {
        out.append(start, i)
        out.append(i, i + 1)
        i += 1
        start = i
        continue
      }
      i += 1
    }
    if e > start { out.append(start, e) }
  }

  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
  @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

  /// Abbreviations that keep their final period.
  static let abbreviations: Set<[UInt8]> = Set(
    [
      "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "ltd", "jr", "sr", "st", "gen", "gov", "sen", "rep",
      "lt", "col", "capt", "sgt", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
      "oct", "nov", "dec", "mt", "ft", "bros", "dept", "est", "fig", "approx", "ave", "blvd", "rd", "pp", "vol",
      "rev", "hon", "messrs", "plc", "cos", "mln", "bln", "pct", "e.g", "i.e",
    ].map { Array($0.utf8) })

  /// Whether `s..<e` (ending in '.') is an abbreviation: inner periods ("U.S."), one letter ("J."), or listed.
  static func isAbbreviation(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    let body = e - 1 - s
    if body == 1 { return isUpper(p[s]) || isLower(p[s]) }
    var k = s
    while k < e - 1 {
      if p[k] == UInt8(ascii: ".") { return true }
      k += 1
    }
    if body > 6 { return false }
    var packed: UInt64 = 0
    for k in s..<(e - 1) { packed = packed << 8 | UInt64(p[k] | (isUpper(p[k]) ? 0x20 : 0)) }
    return packedAbbreviations.contains(packed | UInt64(body) << 56)
  }

  /// `abbreviations` with each entry's bytes (at most 6) packed into one integer, its length in the top byte.
  static let packedAbbreviations: Set<UInt64> = Set(
    abbreviations.map { a in a.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } | UInt64(a.count) << 56 })

  /// Groups tokens into sentences.
  /// - Parameter breaks: tokens that start a sentence by the line layout, ascending.
  static func sentences(_ p: UnsafeBufferPointer<UInt8>, _ t: NERTokenizedText, _ breaks: [Int32]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var first = 0
    var pendingEnd = false
    var nextBreak = 0
    for k in 0..<t.count {
      let s = Int(t.starts[k])
      let len = Int(t.ends[k]) - s
      let b = p[s]
      var forced = false
      if nextBreak < breaks.count && Int(breaks[nextBreak]) == k {
        forced = true
        nextBreak += 1
      }
      var cut = forced || k - first >= maxSentence
      if !cut && pendingEnd {
        let closing =
          loneMarkWidth(p, s, s + len) == len
          && (b == 0x22 || b == 0x29 || b == 0x5D || (b == 0xE2 && (p[s + 2] == 0x9D || p[s + 2] == 0x99)))
        if closing || (len == 1 && b == UInt8(ascii: "'")) {
          continue  // closing quote/bracket stays with the sentence
        }
        cut = !isLower(b)
      }
      if cut && k > first {
        result.append(first..<k)
        first = k
      }
      pendingEnd =
        (len == 1 && (b == 0x2E || b == 0x21 || b == 0x3F)) || (b == 0x2E && len == 3)
        || (len == 3 && b == 0xE2 && p[s + 2] == 0xA6)
    }
    if t.count > first { result.append(first..<t.count) }
    return result
  }
}
