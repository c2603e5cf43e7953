/// Turns the date formats found in feeds, XML and SGML into ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ` in UTC, or
/// `YYYY-MM-DD` when only a day is given).
enum DateNormalizer {
  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
  /// Offsets of the zone names RFC 822 allows, in minutes.
  private static let zones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420,
  ]

  /// Normalizes any supported date; nil when the text is not understood.
  /// - Parameter text: RFC 822 (`Tue, 14 Jan 2025 09:30:00 GMT`), ISO 8601/RFC 3339, or Reuters
  ///   (`26-FEB-1987 15:01:01.79`).
  /// - Returns: the ISO 8601 form, or nil.
  static func normalize(_ text: String) -> String? {
    let t = BodyBuilder.collapse(text)
    if t.isEmpty { return nil }
    let bytes = Array(t.utf8)
    if bytes.count >= 4, bytes[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return iso(bytes) }
    return rfc822(t) ?? reuters(t)
  }

  /// RFC 3339 / ISO 8601: `2025-01-14`, `2025-01-14T09:30:00Z`, `2025-01-14T09:30:00.5+08:00`.
  static func iso(_ b: [UInt8]) -> String? {
    var i = 0
    func number(_ count: Int) -> Int? {
      guard i + count <= b.count else { return nil }
      var v = 0
      for k in 0..<count {
        let c = b[i + k]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
      }
      i += count
      return v
    }
    func skip(_ c: UInt8) -> Bool {
      if i < b.count && b[i] == c {
        i += 1
        return true
      }
      return false
    }
    guard let year = number(4) else { return nil }
    guard skip(0x2D), let month = number(2), (1...12).contains(month) else {
      return i == b.count ? "\(year)" : nil
    }
    guard skip(0x2D), let day = number(2), (1...31).contains(day) else { return nil }
    guard i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return ymd(year, month, day) }
    i += 1
    guard let hour = number(2), skip(0x3A), let minute = number(2) else { return ymd(year, month, day) }
    var second = 0
    if skip(0x3A), let s = number(2) { second = s }
    if skip(0x2E) || skip(0x2C) { while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 } }
    var offset = 0
    if i < b.count {
      let sign = b[i]
      if sign == 0x2B || sign == 0x2D {
        i += 1
        guard let oh = number(2) else { return nil }
        _ = skip(0x3A)
        let om = number(2) ?? 0
        offset = (oh * 60 + om) * (sign == 0x2D ? -1 : 1)
      }
    }
    return utc(year, month, day, hour, minute, second, offsetMinutes: offset)
  }

  /// RFC 822 / 2822: `[Day,] DD Mon YYYY HH:MM[:SS] ZONE`.
  static func rfc822(_ t: String) -> String? {
    var parts = t.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    if let first = parts.first, first.first?.isLetter == true, first.count >= 3,
      months.firstIndex(of: String(first.prefix(3))) == nil
    {
      parts.removeFirst()
    }
    guard parts.count >= 3, let day = Int(parts[0]), (1...31).contains(day),
      let month = months.firstIndex(of: String(parts[1].prefix(3))).map({ $0 + 1 }), var year = Int(parts[2])
    else { return nil }
    if year < 100 { year += year < 50 ? 2000 : 1900 }
    guard parts.count >= 4 else { return ymd(year, month, day) }
    let clock = parts[3].split(separator: ":").compactMap { Int($0) }
    guard clock.count >= 2 else { return ymd(year, month, day) }
    var offset = 0
    if parts.count >= 5 {
      let zone = parts[4]
      if let z = zones[zone] {
        offset = z
      } else if let f = zone.first, f == "+" || f == "-", zone.count >= 5, let v = Int(zone.dropFirst().prefix(4)) {
        offset = (v / 100 * 60 + v % 100) * (f == "-" ? -1 : 1)
      }
    }
    return utc(year, month, day, clock[0], clock[1], clock.count > 2 ? clock[2] : 0, offsetMinutes: offset)
  }

  /// Reuters-21578: ` 26-FEB-1987 15:01:01.79` (taken as UTC); a broken clock keeps the day.
  static func reuters(_ t: String) -> String? {
    var t = t
    return t.withUTF8 { reuters(bytes: $0) }
  }

  /// Reuters-21578 dates from bytes (no allocation but the result).
  static func reuters(bytes b: UnsafeBufferPointer<UInt8>) -> String? {
    var i = 0
    let n = b.count
    func skipSpaces() { while i < n && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A) { i += 1 } }
    func number(max: Int) -> Int? {
      var v = 0
      var digits = 0
      while i < n && digits < max && b[i] >= 0x30 && b[i] <= 0x39 {
        v = v * 10 + Int(b[i] - 0x30)
        i += 1
        digits += 1
      }
      return digits > 0 ? v : nil
    }
    skipSpaces()
    guard let day = number(max: 2), i + 9 <= n, b[i] == 0x2D, b[i + 4] == 0x2D else { return nil }
    var key: UInt32 = 0
    for k in 1...3 { key = key << 8 | UInt32(b[i + k] | 0x20) }
    let monthKeys: [UInt32] = [
      0x6a_616e, 0x66_6562, 0x6d_6172, 0x61_7072, 0x6d_6179, 0x6a_756e, 0x6a_756c, 0x61_7567, 0x73_6570, 0x6f_6374,
      0x6e_6f76, 0x64_6563,
    ]
    guard let m = monthKeys.firstIndex(of: key) else { return nil }
    i += 5
    guard let year = number(max: 4), (1...31).contains(day) else { return nil }
    skipSpaces()
    guard let h = number(max: 3), i < n, b[i] == 0x3A else { return ymd(year, m + 1, day) }
    i += 1
    guard let mi = number(max: 2) else { return ymd(year, m + 1, day) }
    var sec = 0
    if i < n && b[i] == 0x3A {
      i += 1
      sec = number(max: 2) ?? 0
    }
    return utc(year, m + 1, day, h, mi, sec, offsetMinutes: 0) ?? ymd(year, m + 1, day)
  }

  private static func ymd(_ y: Int, _ m: Int, _ d: Int) -> String {
    pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
  }

  private static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// A local time with a UTC offset, as UTC.
  private static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, offsetMinutes: Int) -> String? {
    guard (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
    var minutes = daysFromCivil(y, m, d) * 1440 + h * 60 + mi - offsetMinutes
    let days = Int((Double(minutes) / 1440).rounded(.down))
    minutes -= days * 1440
    let (yy, mm, dd) = civilFromDays(days)
    return ymd(yy, mm, dd) + "T" + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2) + ":" + pad(min(s, 59), 2) + "Z"
  }

  /// Days since 1970-01-01 (Howard Hinnant's algorithm).
  private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }
}
