/// What an element's `class` and `id` say about it, readability-style: a weight (+25 for names like
/// `article`/`content`, -25 for `comment`/`sidebar`/`share`...) and whether it is an unlikely content candidate.
struct ClassHints: Equatable, Sendable {
  /// +25 per attribute (class, id) with a positive name, -25 per attribute with a negative one.
  var weight: Int16 = 0
  /// The names suggest page chrome (menu, footer, comments...) and nothing suggests content.
  var unlikely = false

  private static let unlikelyBit: UInt8 = 1
  private static let maybeBit: UInt8 = 2
  private static let positiveBit: UInt8 = 4
  private static let negativeBit: UInt8 = 8

  private static let unlikelyNames = [
    "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
    "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
    "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
    "yom-remote", "cookie", "newsletter", "subscribe", "share", "sharing", "byline", "navbar", "topbar",
    "masthead", "widget", "recommend", "outbrain", "taboola", "promo", "signup", "modal", "consent",
  ]
  private static let maybeNames = ["and", "article", "body", "column", "content", "main", "shadow"]
  private static let positiveNames = [
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story",
    "prose",
  ]
  private static let negativeNames = [
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr", "masthead",
    "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
    "sponsor", "shopping", "tags", "tool", "widget", "social", "newsletter", "subscribe", "byline", "author",
    "caption", "credit", "nav", "menu", "breadcrumb", "recommend", "popular", "trending", "teaser", "cookie",
  ]

  /// One pattern: its bytes and the lists it belongs to.
  private struct Pattern {
    var bytes: [UInt8]
    var bits: UInt8
  }

  /// Patterns by first byte, so a value is scanned once.
  private static let byFirstByte: [[Pattern]] = {
    var bits: [String: UInt8] = [:]
    for n in unlikelyNames { bits[n, default: 0] |= unlikelyBit }
    for n in maybeNames { bits[n, default: 0] |= maybeBit }
    for n in positiveNames { bits[n, default: 0] |= positiveBit }
    for n in negativeNames { bits[n, default: 0] |= negativeBit }
    var table = [[Pattern]](repeating: [], count: 256)
    for (name, b) in bits.sorted(by: { $0.key < $1.key }) {
      let bytes = Array(name.utf8)
      table[Int(bytes[0])].append(Pattern(bytes: bytes, bits: b))
    }
    return table
  }()

  /// Reads the hints of one element.
  /// - Parameters:
  ///   - classValue: the NUL-terminated `class` value, or nil.
  ///   - idValue: the NUL-terminated `id` value, or nil.
  /// - Returns: the weight and the unlikely flag.
  static func of(classValue: UnsafePointer<UInt8>?, idValue: UnsafePointer<UInt8>?) -> ClassHints {
    var hints = ClassHints()
    let classBits = classValue.map(matches) ?? 0
    let idBits = idValue.map(matches) ?? 0
    if classBits & positiveBit != 0 { hints.weight += 25 }
    if classBits & negativeBit != 0 { hints.weight -= 25 }
    if idBits & positiveBit != 0 { hints.weight += 25 }
    if idBits & negativeBit != 0 { hints.weight -= 25 }
    let all = classBits | idBits
    hints.unlikely = all & unlikelyBit != 0 && all & maybeBit == 0
    return hints
  }

  /// The union of the bits of every pattern found in the value (ASCII case-insensitive).
  static func matches(_ value: UnsafePointer<UInt8>) -> UInt8 {
    var bits: UInt8 = 0
    var i = 0
    while value[i] != 0, i < 1024 {
      let first = CBytes.lower(value[i])
      for pattern in byFirstByte[Int(first)] {
        if bits & pattern.bits == pattern.bits { continue }
        var k = 1
        let n = pattern.bytes.count
        while k < n, CBytes.lower(value[i + k]) == pattern.bytes[k] { k += 1 }  // stops at NUL: mismatch
        if k == n { bits |= pattern.bits }
      }
      i += 1
    }
    return bits
  }
}
