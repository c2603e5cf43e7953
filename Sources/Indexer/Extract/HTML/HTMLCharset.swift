/// Decides which character encoding to hand libxml2's HTML parser.
///
/// libxml2 reads an HTML page without a BOM or `<meta charset>` as ISO-8859-1, and an explicit encoding argument
/// overrides `<meta>`, so the choice is made here: a BOM wins (nil: libxml2 detects it), else a charset label in
/// the first 4 KB (`<meta charset>`, `http-equiv` content, XML declaration) mapped the WHATWG way, else UTF-8 when
/// the bytes are valid UTF-8, else windows-1252.
enum HTMLCharset {
  /// Where the decision came from.
  enum Source: Equatable, Sendable {
    case byteOrderMark, declared, validUTF8, fallback
  }

  /// The encoding name for libxml2 (nil: let it detect a BOM) and where it came from.
  struct Decision: Equatable, Sendable {
    var encoding: String?
    var source: Source
  }

  /// Chooses the encoding of an HTML page.
  /// - Parameter bytes: the raw page.
  /// - Returns: the encoding name to pass to libxml2 and how it was found.
  static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Decision {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      return Decision(encoding: nil, source: .byteOrderMark)
    }
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      return Decision(encoding: nil, source: .byteOrderMark)
    }
    let head = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 4096)])
    if let label = declaredLabel(head), let name = whatwgName(label) {
      return Decision(encoding: name, source: .declared)
    }
    if UTF8Validation.firstInvalidOffset(bytes) == nil { return Decision(encoding: "UTF-8", source: .validUTF8) }
    return Decision(encoding: "windows-1252", source: .fallback)
  }

  /// The charset label declared in a page's head: `<meta charset=...>`, `<meta http-equiv content="...;
  /// charset=...">` or `<?xml ... encoding="..."?>`, lowercased.
  /// - Parameter head: the first bytes of the page.
  /// - Returns: the label, or nil.
  static func declaredLabel(_ head: UnsafeBufferPointer<UInt8>) -> String? {
    let n = head.count
    // XML declaration at the very start.
    if n > 5, head[0] == UInt8(ascii: "<"), head[1] == UInt8(ascii: "?"), lower(head[2]) == UInt8(ascii: "x") {
      var end = 2
      while end < n, head[end] != UInt8(ascii: ">") { end += 1 }
      if let at = find("encoding", in: head, from: 2, to: end), let label = value(in: head, after: at + 8, to: end) {
        return label
      }
    }
    var i = 0
    while let at = find("charset", in: head, from: i, to: n) {
      i = at + 7
      // Must sit inside a <meta ...> tag.
      var j = at - 1
      while j >= 0, head[j] != UInt8(ascii: "<"), head[j] != UInt8(ascii: ">") { j -= 1 }
      guard j >= 0, head[j] == UInt8(ascii: "<"), j + 5 < n, lower(head[j + 1]) == UInt8(ascii: "m"),
        lower(head[j + 2]) == UInt8(ascii: "e"), lower(head[j + 3]) == UInt8(ascii: "t"),
        lower(head[j + 4]) == UInt8(ascii: "a")
      else { continue }
      if let label = value(in: head, after: i, to: n) { return label }
    }
    return nil
  }

  /// The libxml2/iconv encoding name for a WHATWG label, or nil when the label is unknown or means UTF-16.
  /// - Parameter label: a lowercased charset label.
  /// - Returns: the name to pass to libxml2.
  static func whatwgName(_ label: String) -> String? {
    switch label {
    case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
      return "UTF-8"
    // A <meta> that claims UTF-16 is read as UTF-8 (a real UTF-16 page has a BOM).
    case "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2": return "UTF-8"
    case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1", "cp1252",
      "windows-1252", "x-cp1252", "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
      "iso_8859-1:1987":
      return "windows-1252"
    case "gb2312", "gbk", "chinese", "csgb2312", "x-gbk", "gb_2312-80", "gb_2312", "iso-ir-58", "csiso58gb231280":
      return "GBK"
    case "gb18030": return "GB18030"
    case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5": return "BIG5-HKSCS"
    case "shift_jis", "shift-jis", "sjis", "ms_kanji", "csshiftjis", "windows-31j", "x-sjis", "ms932", "cp932":
      return "CP932"
    case "euc-jp", "x-euc-jp", "cseucpkdfmtjapanese": return "EUC-JP"
    case "iso-2022-jp", "csiso2022jp": return "ISO-2022-JP"
    case "euc-kr", "ks_c_5601-1987", "korean", "windows-949", "cseuckr", "ks_c_5601-1989", "ksc5601", "ksc_5601":
      return "CP949"
    case "iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254": return "windows-1254"
    case "iso-8859-11", "tis-620", "windows-874": return "windows-874"
    case "koi8-r", "koi8", "koi", "cskoi8r": return "KOI8-R"
    case "koi8-u", "koi8-ru": return "KOI8-U"
    default:
      if label.hasPrefix("windows-125") || label.hasPrefix("iso-8859-") { return label.uppercased() }
      return nil
    }
  }

  private static func lower(_ b: UInt8) -> UInt8 {
    b >= 0x41 && b <= 0x5A ? b | 0x20 : b
  }

  /// The first case-insensitive occurrence of an ASCII lowercase needle in `bytes[from..<to]`.
  private static func find(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int)
    -> Int?
  {
    let p = needle.utf8Start
    let m = needle.utf8CodeUnitCount
    // The needles start with a lowercase letter: `b | 0x20` equals it exactly for that letter in either case.
    let first = p[0]
    var i = from
    while i + m <= to {
      if bytes[i] | 0x20 == first {
        var k = 1
        while k < m, lower(bytes[i + k]) == p[k] { k += 1 }
        if k == m { return i }
      }
      i += 1
    }
    return nil
  }

  /// The attribute-ish value after a key: skips spaces, `=`, quotes; reads `[A-Za-z0-9._:-]+`.
  private static func value(in bytes: UnsafeBufferPointer<UInt8>, after: Int, to: Int) -> String? {
    var i = after
    while i < to, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    guard i < to, bytes[i] == UInt8(ascii: "=") else { return nil }
    i += 1
    while i < to,
      bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x22
        || bytes[i] == 0x27
    {
      i += 1
    }
    let start = i
    while i < to {
      let b = lower(bytes[i])
      let ok =
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
      if !ok { break }
      i += 1
    }
    guard i > start else { return nil }
    return String(decoding: bytes[start..<i], as: UTF8.self).lowercased()
  }

  /// Unicode scalars of windows-1252 bytes 0x80-0x9F (WHATWG: the five unassigned bytes map to C1 controls).
  private static let windows1252High: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
    0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x009D, 0x017E, 0x0178,
  ]

  /// Decodes windows-1252 (as browsers do, every byte defined) to UTF-8.
  /// - Parameter bytes: windows-1252 text.
  /// - Returns: the same text in UTF-8.
  static func windows1252ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 8)
    for b in bytes {
      if b < 0x80 {
        out.append(b)
        continue
      }
      let scalar = b < 0xA0 ? UInt32(windows1252High[Int(b - 0x80)]) : UInt32(b)
      if scalar < 0x800 {
        out.append(UInt8(0xC0 | (scalar >> 6)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
      } else {
        out.append(UInt8(0xE0 | (scalar >> 12)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
      }
    }
    return out
  }
}
