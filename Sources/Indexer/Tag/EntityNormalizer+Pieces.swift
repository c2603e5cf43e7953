/// Pieces of one name that the model's chunks or the added spans leave side by side.
extension EntityNormalizer {
  /// Joins touching name spans into one span where they are pieces of one name:
  /// - two pieces of one type ("Paul" "Volcker", "Merrill Lynch" "and Co Inc", "XI" from the model and "JINPING"
  ///   from the lists), unless the first is a whole country ("U.S." "Will" in Reuters' capitalized headlines);
  /// - a person piece and an organization piece of two or more words or ending with a company form ("Dean"
  ///   "Witter Reynolds Inc", "Martin" "Marietta Corp", "Tiangong" "Space Station"): one organization;
  /// - a piece between two touching organization or MISC pieces ("NASDAQ Golden" "Dragon" "Index", "Council of"
  ///   "Economic" "Advisers"): one name of that type; not after a nationality or a "-based" word ("West German"
  ///   "Bundespost"), and not between places ("U.S." "And" "Japan", "Kansas City" "Board").
  ///
  /// Pieces join across nothing, one space or one line break; across a sentence start only over a line break
  /// after a word without a final period ("Exchequer Nigel\nLawson" after a short first line), never across wider
  /// gaps (table columns: "UNC  CINCINNATI").
  /// - Parameters:
  ///   - spans: spans in order, not overlapping.
  ///   - t: the document's tokens.
  ///   - gazetteer: the lists (for countries).
  ///   - rename: called on each joined span (to give it the joined name's id).
  /// - Returns: the spans with touching pieces joined.
  static func joinTouchingPieces(
    _ spans: [TokenSpan], _ t: NERTokenizedText, _ gazetteer: Gazetteer,
    rename: (inout TokenSpan) -> Void = { _ in }
  ) -> [TokenSpan] {
    var out: [TokenSpan] = []
    out.reserveCapacity(spans.count)
    var joined: [Bool] = []
    var sentence = 0
    /// Whether `a` and `b` (touching name spans) may join.
    func touch(_ a: TokenSpan, _ b: TokenSpan) -> Bool {
      while sentence > 0 && t.sentences[sentence].lowerBound > a.start { sentence -= 1 }
      while sentence < t.sentences.count && t.sentences[sentence].upperBound <= a.start { sentence += 1 }
      let crossesSentence = sentence < t.sentences.count && t.sentences[sentence].upperBound <= b.start
      return piecesTouch(t, a.end - 1, b.start, acrossSentence: crossesSentence)
    }
    for s in spans {
      if let last = out.last, last.end == s.start, s.type.isName, last.type.isName, touch(last, s) {
        var type: EntityType? = nil
        if last.type == s.type {
          if s.type != .loc || !isCountry(last, t, gazetteer) { type = s.type }
        } else if last.type == .person && s.type == .org && isOrganizationPiece(s, t) {
          type = .org
        } else if s.type != .loc, out.count >= 2, out[out.count - 2].end == last.start,
          out[out.count - 2].type == s.type, !joined[out.count - 1], touch(out[out.count - 2], last),
          s.type == .org || !isModifier(out[out.count - 2], t, gazetteer)
        {
          // A B A: the middle piece joins its neighbours.
          out.removeLast()
          joined.removeLast()
          type = s.type
        }
        if let type {
          out[out.count - 1].end = s.end
          out[out.count - 1].type = type
          joined[out.count - 1] = true
          continue
        }
      }
      out.append(s)
      joined.append(false)
    }
    for k in out.indices where joined[k] { rename(&out[k]) }
    return out
  }

  /// Whether tokens `a` and `b` (`b == a + 1`) are separated by nothing ("Makers" "'"), one space or one line
  /// break ("\n", "\r\n"); across a sentence start only by a line break, and only when `a` does not end with a
  /// period.
  static func piecesTouch(_ t: NERTokenizedText, _ a: Int, _ b: Int, acrossSentence: Bool) -> Bool {
    let end = Int(t.ends[a])
    let start = Int(t.starts[b])
    let gap = start - end
    if gap == 0 { return !acrossSentence }
    if gap == 1 {
      let c = t.bytes[end]
      if c == 0x0A { return !acrossSentence || t.bytes[end - 1] != 0x2E }
      return c == 0x20 && !acrossSentence
    }
    if gap == 2 && t.bytes[end] == 0x0D && t.bytes[end + 1] == 0x0A {
      return !acrossSentence || t.bytes[end - 1] != 0x2E
    }
    return false
  }

  /// Whether a span is a whole country by the lists or the alias table ("U.S.", "Britain").
  static func isCountry(_ s: TokenSpan, _ t: NERTokenizedText, _ gazetteer: Gazetteer) -> Bool {
    let text = surface(s, t)
    let country = UInt16(1 << Gazetteer.Category.country.rawValue)
    return gazetteer.mask(of: text) & country != 0 || aliases[text.lowercased()] != nil
  }

  /// Whether an organization span is a whole organization name rather than a stray word: two or more words, or a
  /// company form ("Inc", "Plc").
  static func isOrganizationPiece(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    s.end - s.start >= 2 || companySuffixes.contains(t.text(s.start).lowercased())
  }

  /// Whether a MISC piece ends with a nationality ("West German", "Canadian") or a hyphenated modifier
  /// ("Houston-based", "British-built"): it qualifies the name after it rather than starting it.
  static func isModifier(_ s: TokenSpan, _ t: NERTokenizedText, _ gazetteer: Gazetteer) -> Bool {
    let word = t.text(s.end - 1)
    let nationality = UInt16(1 << Gazetteer.Category.nationality.rawValue)
    return word.contains("-") || gazetteer.mask(of: word) & nationality != 0
  }
}
