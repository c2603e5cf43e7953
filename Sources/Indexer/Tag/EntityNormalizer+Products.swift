/// Products the model takes for people: "Huawei Ascend" (a listed company's word before a name), "Ascend 910B"
/// (a name before a model designation).
extension EntityNormalizer {
  /// Splits and retypes person spans that name products:
  /// - a person span of two or more words whose first word is a listed company and no listed person or first name
  ///   ("Huawei Ascend processors"): the company word is ORG and the rest MISC;
  /// - a person span followed by a designation, a word of digits and capitals ("Ascend 910B", "Kirin 9000S"): MISC.
  /// - Parameters:
  ///   - spans: spans in order, not overlapping.
  ///   - t: the document's tokens.
  ///   - info: the tokens' gazetteer marks.
  /// - Returns: the spans, split and retyped.
  static func productsNotPeople(_ spans: [TokenSpan], _ t: NERTokenizedText, _ info: NERTokenInfo) -> [TokenSpan] {
    guard spans.contains(where: { $0.type == .person }) else { return spans }
    var out: [TokenSpan] = []
    out.reserveCapacity(spans.count + 1)
    for s in spans {
      guard s.type == .person else {
        out.append(s)
        continue
      }
      if s.end - s.start >= 2 && isCompanyWord(info.gaz[s.start]) {
        out.append(TokenSpan(start: s.start, end: s.start + 1, type: .org))
        out.append(TokenSpan(start: s.start + 1, end: s.end, type: .misc))
      } else if s.end < t.count && isDesignation(t, s.end) {
        out.append(TokenSpan(start: s.start, end: s.end, type: .misc))
      } else {
        out.append(s)
      }
    }
    return out
  }

  /// Gazetteer bits of one-word companies, and of words that may be people's names.
  static let companyWordBit: UInt64 = 1 << (4 * UInt64(Gazetteer.Category.company.rawValue) + 3)
  static let personWordBits: UInt64 = [Gazetteer.Category.person, .firstName, .trainedPerson].reduce(0) {
    $0 | 0xF << (4 * UInt64($1.rawValue))
  }

  /// Whether a word's gazetteer marks make it a one-word company and no part of a person's name.
  @inline(__always) static func isCompanyWord(_ marks: UInt64) -> Bool {
    marks & companyWordBit != 0 && marks & personWordBits == 0
  }

  /// Whether token `k` is a model designation right after the previous token (one space): digits and capitals with
  /// at least one of each ("910B", "9000S", "A100").
  static func isDesignation(_ t: NERTokenizedText, _ k: Int) -> Bool {
    let start = Int(t.starts[k])
    guard k > 0, start - Int(t.ends[k - 1]) == 1, t.bytes[start - 1] == 0x20 else { return false }
    var digits = false
    var capitals = false
    for b in t.bytes[start..<Int(t.ends[k])] {
      if NERTokenizer.isDigit(b) {
        digits = true
      } else if NERTokenizer.isUpper(b) {
        capitals = true
      } else if b != 0x2D {
        return false
      }
    }
    return digits && capitals
  }
}
