#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an element's `class` and `id` say about it, readability-style: a weight (+25 for names like
/// `article`/`content`, -25 for `comment`/`sidebar`/`share`...) and whether it is an unlikely content candidate.
struct ClassHints: Equatable, Sendable {
  /// +25 per attribute (class, id) with a positive name, -25 per attribute with a negative one.
  var weight: Int16 = 0
  /// The names suggest page chrome (menu, footer, comments...) and nothing suggests content.
  var unlikely = false

  private static func patterns(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

  private static let unlikelyNames = patterns([
    "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
    "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
    "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
    "yom-remote", "cookie", "newsletter", "subscribe", "share", "sharing", "byline", "navbar", "topbar",
    "masthead", "widget", "recommend", "outbrain", "taboola", "promo", "signup", "modal", "consent",
  ])
  private static let maybeNames = patterns(["and", "article", "body", "column", "content", "main", "shadow"])
  private static let positiveNames = patterns([
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story",
    "prose",
  ])
  private static let negativeNames = patterns([
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr", "masthead",
    "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
    "sponsor", "shopping", "tags", "tool", "widget", "social", "newsletter", "subscribe", "byline", "author",
    "caption", "credit", "nav", "menu", "breadcrumb", "recommend", "popular", "trending", "teaser", "cookie",
  ])

  /// Reads the hints of one element.
  /// - Parameters:
  ///   - classBytes: the lowercased `class` value (empty when absent).
  ///   - idBytes: the lowercased `id` value (empty when absent).
  /// - Returns: the weight and the unlikely flag.
  static func of(classBytes: UnsafeBufferPointer<UInt8>, idBytes: UnsafeBufferPointer<UInt8>) -> ClassHints {
    var hints = ClassHints()
    var anyUnlikely = false
    var anyMaybe = false
    for value in [classBytes, idBytes] where value.count > 0 {
      if matchesAny(value, positiveNames) { hints.weight += 25 }
      if matchesAny(value, negativeNames) { hints.weight -= 25 }
      if !anyUnlikely, matchesAny(value, unlikelyNames) { anyUnlikely = true }
      if !anyMaybe, matchesAny(value, maybeNames) { anyMaybe = true }
    }
    hints.unlikely = anyUnlikely && !anyMaybe
    return hints
  }

  /// Whether `value` contains one of the patterns.
  static func matchesAny(_ value: UnsafeBufferPointer<UInt8>, _ patterns: [[UInt8]]) -> Bool {
    guard let base = value.baseAddress else { return false }
    for p in patterns where p.count <= value.count {
      let found = p.withUnsafeBufferPointer { pp in CBytes.search(base, value.count, pp.baseAddress!, pp.count) != nil }
      if found { return true }
    }
    return false
  }
}
