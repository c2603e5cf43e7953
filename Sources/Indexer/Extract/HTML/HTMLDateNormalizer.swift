/// Turns the date notations found in web pages into ISO 8601: `2024-12-09` or `2024-12-09T10:00:00Z`.
enum HTMLDateNormalizer {
  private static let months: [String: Int] = [
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
  ]

  /// Normalizes a date.
  /// - Parameter text: `2024-12-09T10:00:00+08:00`, `2024-12-09 10:00`, `2024/12/09`, `20241209`,
  ///   `December 9, 2024`, `9 Dec 2024`, `Mon, 09 Dec 2024 10:00:00 GMT`...
  /// - Returns: the ISO 8601 form, or nil when it does not parse.
  static func iso8601(_ text: String) -> String? {
    let s = Array(text.utf8.prefix(64)).filter { $0 != 0x0D && $0 != 0x0A }
    func digits(_ from: Int, _ n: Int) -> Int? {
      guard from + n <= s.count else { return nil }
      var v = 0
      for k in from..<(from + n) {
        guard s[k] >= 0x30 && s[k] <= 0x39 else { return nil }
        v = v * 10 + Int(s[k] - 0x30)
      }
      return v
    }
    func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool { y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 }
    func ymd(_ y: Int, _ m: Int, _ d: Int) -> String {
      String(format4(y)) + "-" + two(m) + "-" + two(d)
    }
    var i = 0
    while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 }
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD
    if let y = digits(i, 4) {
      var m: Int?
      var d: Int?
      var after = i + 4
      if after < s.count, s[after] == 0x2D || s[after] == 0x2F || s[after] == 0x2E {
        let sep = s[after]
        if let mm = digits(after + 1, 2), after + 3 < s.count, s[after + 3] == sep, let dd = digits(after + 4, 2) {
          m = mm
          d = dd
          after += 6
        } else if let mm = digits(after + 1, 1), after + 2 < s.count, s[after + 2] == sep {
          m = mm
          d = digits(after + 3, 2) ?? digits(after + 3, 1)
          after += (digits(after + 3, 2) != nil) ? 5 : 4
        } else if let mm = digits(after + 1, 2), after + 3 == s.count || s[after + 3] == 0x20 {
          // YYYY-MM only.
          guard valid(y, mm, 1) else { return nil }
          return format4(y) + "-" + two(mm)
        }
      } else if let mm = digits(i + 4, 2), let dd = digits(i + 6, 2), i + 8 == s.count || s[i + 8] == 0x54 {
        m = mm
        d = dd
        after = i + 8
      }
      guard let m, let d, valid(y, m, d) else { return nil }
      let date = ymd(y, m, d)
      // Time part: THH:MM[:SS][.fff][Z|±HH[:]MM]
      if after < s.count, s[after] == 0x54 || s[after] == 0x20, let hh = digits(after + 1, 2), after + 3 < s.count,
        s[after + 3] == 0x3A, let mi = digits(after + 4, 2), hh < 24, mi < 60
      {
        var k = after + 6
        var ss = 0
        if k < s.count, s[k] == 0x3A, let sec = digits(k + 1, 2) {
          ss = sec
          k += 3
        }
        if k < s.count, s[k] == 0x2E {
          k += 1
          while k < s.count, s[k] >= 0x30 && s[k] <= 0x39 { k += 1 }
        }
        while k < s.count, s[k] == 0x20 { k += 1 }
        var zone = ""
        if k < s.count, s[k] == 0x5A || s[k] == 0x7A {
          zone = "Z"
        } else if k < s.count, s[k] == 0x2B || s[k] == 0x2D, let zh = digits(k + 1, 2) {
          let zm = digits(k + 3, 2) ?? (k + 3 < s.count && s[k + 3] == 0x3A ? digits(k + 4, 2) : nil) ?? 0
          zone = (s[k] == 0x2B ? "+" : "-") + two(zh) + ":" + two(zm)
        } else if k + 3 <= s.count, String(decoding: s[k..<(k + 3)], as: UTF8.self).uppercased() == "UTC"
          || String(decoding: s[k..<(k + 3)], as: UTF8.self).uppercased() == "GMT"
        {
          zone = "Z"
        }
        return date + "T" + two(hh) + ":" + two(mi) + ":" + two(ss) + zone
      }
      return date
    }
    // Textual forms: words, numbers; find a month name, a year and a day.
    var words: [String] = []
    var current: [UInt8] = []
    for b in s[i...] {
      let isWordByte = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
      if isWordByte {
        current.append(b | (b >= 0x41 ? 0x20 : 0))
      } else if !current.isEmpty {
        words.append(String(decoding: current, as: UTF8.self))
        current = []
      }
      if words.count > 8 { break }
    }
    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
    var month: Int?
    var year: Int?
    var day: Int?
    for w in words {
      if month == nil, w.count >= 3, let m = months[String(w.prefix(3))], w.first!.isLetter {
        month = m
      } else if let n = Int(w.hasSuffix("st") || w.hasSuffix("nd") || w.hasSuffix("rd") || w.hasSuffix("th")
        ? String(w.dropLast(2)) : w)
      {
        if n >= 1000, n <= 2999, year == nil {
          year = n
        } else if n >= 1, n <= 31, day == nil, year == nil {
          day = n
        }
      }
    }
    if let year, let month, let day, valid(year, month, day) { return ymd(year, month, day) }
    return nil
  }

  private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
  private static func format4(_ v: Int) -> String { String(v) }
}
