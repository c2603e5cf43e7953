/// Byte-level patterns for DATE, MONEY and PERCENT over the tagger's tokens.
///
/// Examples: "December 2024", "December 9, 2024", "9 December 2024", "mid-January", "the past decade", "by 2030",
/// "Monday", "last year"; "$70 billion", "US$3.5m", "70 billion dollars", "€5 million", "¥1 trillion",
/// "10 billion yuan"; "7 percent", "78%", "7 per cent".
package enum EntityRules {
  enum Word: UInt8 {
    case month, ambiguousMonth, weekday, relative, unit, dayWord, the, scale, currency, percent, per, cent
    case numberWord, ordinal, quarter, yearContext, monthModifier, points
  }

  static let words: [UInt64: Word] = {
    var d: [UInt64: Word] = [:]
    func add(_ list: String, _ w: Word) {
      for s in list.split(separator: " ") {
        let bytes = Array(s.utf8)
        d[bytes.withUnsafeBufferPointer { NERTokenInfo.lowerHash($0, 0, $0.count) }] = w
      }
    }
    add(
      "january february april june july august september october november december jan. feb. apr. jun. jul. "
        + "aug. sep. sept. oct. nov. dec. jan feb apr jun jul aug sep sept oct nov dec", .month)
    add("may march mar. mar", .ambiguousMonth)
    add("monday tuesday wednesday thursday friday saturday sunday weekend", .weekday)
    add("last next past coming previous recent this same following", .relative)
    add(
      "year years month months week weeks decade decades century centuries quarter quarters day days "
        + "weekend summer winter spring autumn fall half", .unit)
    add("yesterday today tomorrow tonight", .dayWord)
    add("the", .the)
    add("million billion trillion thousand bn mln bln m b k tn", .scale)
    add(
      "dollars dollar yuan renminbi rmb euros euro yen pounds pound sterling won rupees rupee francs franc pesos "
        + "peso roubles rubles rouble ruble cents rand ringgit baht dinars riyals dirhams lira usd eur gbp jpy cny "
        + "dlrs dlr cts ct stg",
      .currency)
    add("percent pct % percentage", .percent)
    add("per", .per)
    add("point points", .points)
    add("cent", .cent)
    add("two three four five six seven eight nine ten eleven twelve few several", .numberWord)
    add("first second third fourth", .ordinal)
    add("q1 q2 q3 q4 h1 h2", .quarter)
    add(
      "in by since until till from to of before after during through fiscal around circa early late end", .yearContext)
    add("early mid late end beginning", .monthModifier)
    return d
  }()

  /// Finds rule spans as token ranges with their type.
  /// - Parameters:
  ///   - text: the tokens.
  ///   - info: their values.
  /// - Returns: non-overlapping (start, end, type) token ranges, in order.
  package static func find(_ text: NERTokenizedText, _ info: NERTokenInfo) -> [(Int, Int, EntityType)] {
    var out: [(Int, Int, EntityType)] = []
    let kinds = EntityRules.kinds(info)
    text.bytes.withUnsafeBufferPointer { p in
      for r in text.sentences {
        var i = r.lowerBound
        while i < r.upperBound {
          if kinds[i] == noWord && !mayStartSpan(p, text, info, i) {
            i += 1
          } else if let (end, type) = match(p, text, info, kinds, i, r) {
            out.append((i, end, type))
            i = end
          } else {
            i += 1
          }
        }
      }
    }
    return out
  }

  /// Whether a token that is none of `words` can start a span: only a currency symbol, a number, an ISO date, a
  /// decade, a year or a hyphenated "mid-January" can (`match` returns nil for every other such token).
  @inline(__always) static func mayStartSpan(
    _ p: UnsafeBufferPointer<UInt8>, _ t: NERTokenizedText, _ info: NERTokenInfo, _ i: Int
  ) -> Bool {
    if info.flags[i] & (NERTokenInfo.hasDigit | NERTokenInfo.hasHyphen) != 0 { return true }
    let s = Int(t.starts[i])
    let e = Int(t.ends[i])
    return p[s] >= 0x80 || p[e - 1] == UInt8(ascii: "$")
  }

  /// `words` in a fast map (values are `Word` raw values).
  static let wordMap = NERHashMap(words.mapValues { $0.rawValue })

  /// The `Word` raw value of every token (`noWord` for none).
  static func kinds(_ info: NERTokenInfo) -> [UInt8] {
    let map = wordMap
    return info.lower.map { h in map[h].map { UInt8(truncatingIfNeeded: $0) } ?? noWord }
  }
  static let noWord: UInt8 = 0xFF

  @inline(__always) static func word(_ kinds: [UInt8], _ i: Int, _ r: Range<Int>) -> Word? {
    i >= r.lowerBound && i < r.upperBound ? Word(rawValue: kinds[i]) : nil
  }

  /// Numeric value class of a token: 0 not a number, 1 number, 2 number with a scale suffix ("3.5m", "2bn").
  static func numberKind(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
    guard s < e, NERTokenizer.isDigit(p[s]) else { return 0 }
    var i = s
    while i < e, NERTokenizer.isDigit(p[i]) || p[i] == UInt8(ascii: ",") || p[i] == UInt8(ascii: ".") { i += 1 }
    if i == e { return 1 }
    let rest = e - i
    let a = p[i] | 0x20
    if rest == 1 && (a == UInt8(ascii: "m") || a == UInt8(ascii: "b") || a == UInt8(ascii: "k")) { return 2 }
    if rest == 2 && a == UInt8(ascii: "b") && p[i + 1] | 0x20 == UInt8(ascii: "n") { return 2 }
    if rest == 2 && a == UInt8(ascii: "t") && p[i + 1] | 0x20 == UInt8(ascii: "n") { return 2 }
    return 0
  }

  /// Integer value of an all-digit token (nil otherwise or when longer than 4 digits).
  static func smallInt(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    guard e > s, e - s <= 4 else { return nil }
    var v = 0
    for i in s..<e {
      guard NERTokenizer.isDigit(p[i]) else { return nil }
      v = v * 10 + Int(p[i] - 0x30)
    }
    return v
  }

  /// Day of month: "9", "09", "9th", "1st".
  static func isDay(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    var k = s
    while k < e, NERTokenizer.isDigit(p[k]) { k += 1 }
    guard k > s, k - s <= 2, let v = smallInt(p, s, k), v >= 1, v <= 31 else { return false }
    if k == e { return true }
    guard e - k == 2 else { return false }
    let suf = [p[k] | 0x20, p[k + 1] | 0x20]
    return suf == Array("st".utf8) || suf == Array("nd".utf8) || suf == Array("rd".utf8) || suf == Array("th".utf8)
  }

  static func isYear(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    guard e - s == 4, let v = smallInt(p, s, e) else { return false }
    return v >= 1900 && v <= 2100
  }

  /// "1990s", "2010s".
  static func isDecade(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    e - s == 5 && p[e - 1] == UInt8(ascii: "s") && isYear(p, s, e - 1)
  }

  /// "2024-12-09", "1996-08-30".
  static func isISODate(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    guard e - s == 10, p[s + 4] == UInt8(ascii: "-"), p[s + 7] == UInt8(ascii: "-") else { return false }
    return isYear(p, s, s + 4) && smallInt(p, s + 5, s + 7) != nil && smallInt(p, s + 8, s + 10) != nil
  }

  /// "mid-January", "early-2024", "late-March".
  static func isModifiedMonth(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    var k = s
    while k < e, p[k] != UInt8(ascii: "-") { k += 1 }
    guard k < e - 2, let m = words[NERTokenInfo.lowerHash(p, s, k)], m == .monthModifier else { return false }
    let rest = words[NERTokenInfo.lowerHash(p, k + 1, e)]
    return rest == .month || rest == .ambiguousMonth || isYear(p, k + 1, e) || isDecade(p, k + 1, e)
  }

  /// Currency symbol token: "$", "US$", "HK$", "€", "£", "¥".
  static func isCurrencySymbol(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    if e - s <= 4 && p[e - 1] == UInt8(ascii: "$") { return true }
    if e - s == 3 && p[s] == 0xE2 && p[s + 1] == 0x82 && p[s + 2] == 0xAC { return true }
    if e - s == 2 && p[s] == 0xC2 && (p[s + 1] == 0xA3 || p[s + 1] == 0xA5) { return true }
    return false
  }

  static func match(
    _ p: UnsafeBufferPointer<UInt8>, _ t: NERTokenizedText, _ info: NERTokenInfo, _ kinds: [UInt8], _ i: Int,
    _ r: Range<Int>
  ) -> (Int, EntityType)? {
    func s(_ k: Int) -> Int { Int(t.starts[k]) }
    func e(_ k: Int) -> Int { Int(t.ends[k]) }
    func inside(_ k: Int) -> Bool { k >= r.lowerBound && k < r.upperBound }
    func number(_ k: Int) -> Int { inside(k) ? numberKind(p, s(k), e(k)) : 0 }
    func isComma(_ k: Int) -> Bool { inside(k) && e(k) - s(k) == 1 && p[s(k)] == UInt8(ascii: ",") }
    func year(_ k: Int) -> Bool { inside(k) && isYear(p, s(k), e(k)) }
    func day(_ k: Int) -> Bool { inside(k) && isDay(p, s(k), e(k)) }
    let w = word(kinds, i, r)

    // MONEY: currency symbol + number (+ scale).
    if isCurrencySymbol(p, s(i), e(i)) {
      let n = number(i + 1)
      if n > 0 {
        var end = i + 2
        if n == 1, word(kinds, end, r) == .scale { end += 1 }
        return (end, .money)
      }
      return nil
    }
    let n = numberKind(p, s(i), e(i))
    if n > 0 || w == .numberWord {
      var k = i + 1
      if word(kinds, k, r) == .scale { k += 1 }
      // "70 billion dollars", "5 million yuan", "10 U.S. dollars"
      if word(kinds, k, r) == .currency { return (k + 1, .money) }
      if inside(k + 1), word(kinds, k + 1, r) == .currency, e(k) - s(k) <= 4, info.flags[k] & NERTokenInfo.allUpper != 0
      {
        return (k + 2, .money)
      }
      // PERCENT
      if n > 0 {
        if word(kinds, i + 1, r) == .percent {
          return (word(kinds, i + 2, r) == .points ? i + 3 : i + 2, .percent)
        }
        if word(kinds, i + 1, r) == .per, word(kinds, i + 2, r) == .cent { return (i + 3, .percent) }
      }
      // "9 December 2024"
      if n > 0, isDay(p, s(i), e(i)), let m = word(kinds, i + 1, r), m == .month || m == .ambiguousMonth {
        return (year(i + 2) ? i + 3 : i + 2, .date)
      }
    }
    // DATE
    if isISODate(p, s(i), e(i)) || isModifiedMonth(p, s(i), e(i)) || isDecade(p, s(i), e(i)) { return (i + 1, .date) }
    guard let w else {
      if year(i) {
        let prev = word(kinds, i - 1, r)
        if prev == .yearContext || prev == .the || prev == .monthModifier { return (i + 1, .date) }
      }
      return nil
    }
    switch w {
    case .month, .ambiguousMonth:
      if day(i + 1) {
        if isComma(i + 2) && year(i + 3) { return (i + 4, .date) }
        if year(i + 2) { return (i + 3, .date) }
        return (i + 2, .date)
      }
      if year(i + 1) { return (i + 2, .date) }
      if w == .month && info.flags[i] & NERTokenInfo.initialUpper != 0 { return (i + 1, .date) }
      if w == .ambiguousMonth, info.flags[i] & NERTokenInfo.initialUpper != 0,
        let prev = word(kinds, i - 1, r), prev == .yearContext || prev == .relative
      {
        return (i + 1, .date)
      }
      return nil
    case .weekday:
      return info.flags[i] & (NERTokenInfo.initialUpper | NERTokenInfo.initialLower) != 0 ? (i + 1, .date) : nil
    case .dayWord:
      return (i + 1, .date)
    case .the, .relative:
      var k = i
      if w == .the {
        k += 1
        guard word(kinds, k, r) == .relative else {
          if isDecade(p, s(min(k, r.upperBound - 1)), e(min(k, r.upperBound - 1))) && inside(k) {
            return (k + 1, .date)
          }
          return nil
        }
      }
      k += 1
      if word(kinds, k, r) == .numberWord || number(k) == 1 { k += 1 }
      if word(kinds, k, r) == .unit || word(kinds, k, r) == .weekday { return (k + 1, .date) }
      if word(kinds, k, r) == .month { return (k + 1, .date) }
      return nil
    case .ordinal:
      return word(kinds, i + 1, r) == .unit ? (i + 2, .date) : nil
    case .quarter:
      return (year(i + 1) ? i + 2 : i + 1, .date)
    case .monthModifier:
      if let m = word(kinds, i + 1, r), m == .month || m == .ambiguousMonth { return (i + 2, .date) }
      if year(i + 1) { return (i + 2, .date) }
      return nil
    default:
      return nil
    }
  }
}
