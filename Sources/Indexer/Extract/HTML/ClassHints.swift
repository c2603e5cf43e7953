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

  /// All patterns in one flat table, grouped by first byte so a value is scanned once without touching nested
  /// arrays: `firstIndex[b]..<firstIndex[b + 1]` are the patterns starting with byte `b`; pattern `k` is
  /// `patternBytes[patternStart[k]..<patternStart[k + 1]]` with list bits `patternBits[k]`.
  private struct Table {
    var firstIndex: [Int32] = []
    var patternStart: [Int32] = []
    var patternBits: [UInt8] = []
    var patternBytes: [UInt8] = []
  }

  private static let table: Table = {
    var bits: [String: UInt8] = [:]
    for n in unlikelyNames { bits[n, default: 0] |= unlikelyBit }
    for n in maybeNames { bits[n, default: 0] |= maybeBit }
    for n in positiveNames { bits[n, default: 0] |= positiveBit }
    for n in negativeNames { bits[n, default: 0] |= negativeBit }
    let sorted = bits.sorted { $0.key < $1.key }
    var t = Table()
    t.firstIndex = [Int32](repeating: 0, count: 257)
    for (name, b) in sorted {
      t.firstIndex[Int(name.utf8.first!) + 1] += 1
      t.patternStart.append(Int32(t.patternBytes.count))
      t.patternBits.append(b)
      t.patternBytes.append(contentsOf: Array(name.utf8))
    }
    t.patternStart.append(Int32(t.patternBytes.count))
    for i in 1...256 { t.firstIndex[i] += t.firstIndex[i - 1] }
    return t
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
    let t = table
    return t.firstIndex.withUnsafeBufferPointer { first in
      t.patternStart.withUnsafeBufferPointer { starts in
        t.patternBits.withUnsafeBufferPointer { patternBits in
          t.patternBytes.withUnsafeBufferPointer { bytes in
            var bits: UInt8 = 0
            var i = 0
            while value[i] != 0, i < 1024 {
              let b = Int(CBytes.lower(value[i]))
              var k = Int(first[b])
              let end = Int(first[b + 1])
              while k < end {
                let want = patternBits[k]
                if bits & want != want {
                  let start = Int(starts[k])
                  let n = Int(starts[k + 1]) - start
                  var m = 1
                  while m < n, CBytes.lower(value[i + m]) == bytes[start + m] { m += 1 }  // NUL mismatches
                  if m == n { bits |= want }
                }
                k += 1
              }
              i += 1
            }
            return bits
          }
        }
      }
    }
  }
}
