/// Pieces of text the model takes for names that name nothing alone: an author's initial in a reference list
/// ("Wolf, A.: A History of Science"), a genus abbreviated before its species ("A. phalloides"), an era label next
/// to a year ("70 AD", "500 BC"); and the numeral the model leaves off "World War I".
extension EntityNormalizer {
  /// Whether token `k` is one capital letter and a period ("A.").
  @inline(__always) static func isInitial(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    return t.ends[k] - t.starts[k] == 2 && NERTokenizer.isUpper(t.bytes[a]) && t.bytes[a + 1] == 0x2E
  }

  /// Whether a name span is a fragment that names nothing alone: a lone initial, or an era label ("AD", "BC",
  /// "BCE", "CE") before or after a number.
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  /// - Returns: true when the span should be dropped.
  static func isFragment(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    guard s.end - s.start == 1 else { return false }
    let k = s.start
    let a = Int(t.starts[k])
    let n = Int(t.ends[k]) - a
    guard n == 2 || n == 3, NERTokenizer.isUpper(t.bytes[a]) else { return false }
    if n == 2 && t.bytes[a + 1] == 0x2E { return true }
    let b1 = t.bytes[a + 1]
    let era: Bool
    if n == 2 {
      era =
        (t.bytes[a] == 0x41 && b1 == 0x44) || (t.bytes[a] == 0x42 && b1 == 0x43) || (t.bytes[a] == 0x43 && b1 == 0x45)
    } else {
      era = t.bytes[a] == 0x42 && b1 == 0x43 && t.bytes[a + 2] == 0x45
    }
    guard era else { return false }
    return (k > 0 && isNumber(k - 1, t)) || (k + 1 < t.count && isNumber(k + 1, t))
  }

  /// Drops the name spans that are fragments (after touching pieces joined: "W." "C. Anderson" is one name).
  /// - Parameters:
  ///   - spans: the document's spans.
  ///   - t: the document's tokens.
  /// - Returns: the spans without fragments; `spans` itself when there is none.
  static func droppingFragments(_ spans: [TokenSpan], _ t: NERTokenizedText) -> [TokenSpan] {
    guard spans.contains(where: { $0.type.isName && isFragment($0, t) }) else { return spans }
    return spans.filter { !($0.type.isName && isFragment($0, t)) }
  }

  /// Whether token `k` is made of digits (and inner dashes: "1258-1517").
  static func isNumber(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    guard NERTokenizer.isDigit(t.bytes[a]) else { return false }
    for i in a..<Int(t.ends[k]) where !NERTokenizer.isDigit(t.bytes[i]) && t.bytes[i] != 0x2D { return false }
    return true
  }

  /// Extends a name span ending in "World War" over the "I" after it (one space apart): the model takes the
  /// numeral of the first war for the pronoun.
  /// - Parameters:
  ///   - spans: the document's spans in order.
  ///   - t: the document's tokens.
  /// - Returns: the spans, "World War" + "I" joined.
  static func joiningFirstWorldWar(_ spans: [TokenSpan], _ t: NERTokenizedText) -> [TokenSpan] {
    var out = spans
    for i in out.indices where out[i].type.isName && out[i].end - out[i].start >= 2 && out[i].end < t.count {
      let e = out[i].end
      guard isWord(e - 1, "War", t), isWord(e - 2, "World", t), isWord(e, "I", t),
        t.starts[e] == t.ends[e - 1] + 1, t.bytes[Int(t.ends[e - 1])] == 0x20,
        i + 1 == out.count || out[i + 1].start > e
      else { continue }
      out[i].end = e + 1
    }
    return out
  }

  /// Whether token `k` is exactly `word` (ASCII, case-sensitive).
  @inline(__always) static func isWord(_ k: Int, _ word: StaticString, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    let n = word.utf8CodeUnitCount
    guard Int(t.ends[k]) - a == n else { return false }
    return word.withUTF8Buffer { w in
      for i in 0..<n where t.bytes[a + i] != w[i] { return false }
      return true
    }
  }
}
