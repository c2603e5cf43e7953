/// The metadata of an HTML page, collected element by element while parsing: `<title>`, `<meta>` name /
/// property / itemprop / http-equiv pairs, canonical link, `lang`, `<time datetime>`, `rel=author`, JSON-LD dates.
struct HTMLMetadata {
  var title = ""
  var firstH1 = ""
  var lang = ""
  var canonical = ""
  var timeDate = ""
  var publishedTime = ""
  var jsonLDDate = ""
  var relAuthor = ""
  /// `<meta>` values by lowercased key (`description`, `og:title`, `article:published_time`, `http-equiv:...`);
  /// the first occurrence wins.
  var meta: [String: String] = [:]

  /// Looks at one element's start tag.
  /// - Parameters:
  ///   - tag: its classified tag.
  ///   - atts: its attributes.
  mutating func observe(tag: HTMLTag, atts: HTMLAttributes) {
    switch tag {
    case .html:
      if lang.isEmpty, let v = atts["lang"] ?? atts["xml:lang"] { lang = CBytes.string(v) }
    case .meta:
      guard let content = atts["content"] else { return }
      for key: StaticString in ["name", "property", "itemprop"] {
        if let k = atts[key] {
          let name = CBytes.string(k).lowercased()
          if meta[name] == nil { meta[name] = CBytes.string(content) }
        }
      }
      if let k = atts["http-equiv"] {
        let name = "http-equiv:" + CBytes.string(k).lowercased()
        if meta[name] == nil { meta[name] = CBytes.string(content) }
      }
    case .link:
      if canonical.isEmpty, let rel = atts["rel"], CBytes.equalIgnoringCase(rel, "canonical"), let href = atts["href"] {
        canonical = CBytes.string(href)
      }
    case .time:
      if let dt = atts["datetime"] {
        let isPublished =
          atts["pubdate"] != nil || atts["itemprop"].map { CBytes.contains($0, "datepublished") } == true
        if isPublished, publishedTime.isEmpty { publishedTime = CBytes.string(dt) }
        if timeDate.isEmpty { timeDate = CBytes.string(dt) }
      }
    default: break
    }
  }

  /// Reads the publication date of a JSON-LD script's text.
  /// - Parameter text: the script content.
  mutating func observeJSONLD(_ text: [UInt8]) {
    guard jsonLDDate.isEmpty else { return }
    var bytes = text
    bytes.append(0)
    jsonLDDate = bytes.withUnsafeBufferPointer { Self.jsonLDDatePublished($0.baseAddress!) }
  }

  /// The first `"datePublished": "..."` value of a JSON-LD block, found by a byte search.
  static func jsonLDDatePublished(_ p: UnsafePointer<UInt8>) -> String {
    guard let at = CBytes.find(p, "\"datepublished\"") else { return "" }
    var q = at + 15
    while q.pointee == 0x20 || q.pointee == 0x0A || q.pointee == 0x09 || q.pointee == 0x0D { q += 1 }
    guard q.pointee == UInt8(ascii: ":") else { return "" }
    q += 1
    while q.pointee == 0x20 || q.pointee == 0x0A || q.pointee == 0x09 || q.pointee == 0x0D { q += 1 }
    guard q.pointee == UInt8(ascii: "\"") else { return "" }
    q += 1
    var n = 0
    while q[n] != 0, q[n] != UInt8(ascii: "\""), n < 64 { n += 1 }
    return String(decoding: UnsafeBufferPointer(start: q, count: n), as: UTF8.self)
  }

  /// The first non-empty `<meta>` value among keys.
  func first(_ keys: [String]) -> String {
    for k in keys { if let v = meta[k], !v.isEmpty { return v } }
    return ""
  }

  /// The page title: `<title>`, else `og:title`, else the first h1.
  var resolvedTitle: String {
    if !title.isEmpty { return title }
    let og = first(["og:title", "twitter:title"])
    return og.isEmpty ? firstH1 : og
  }

  /// The summary: meta description, else og/twitter description.
  var resolvedDescription: String { first(["description", "og:description", "twitter:description", "dc.description"]) }

  /// The author: meta author, article:author, byline meta, else a `rel=author` link's text.
  var resolvedAuthor: String {
    let a = first(["author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author", "creator"])
    if !a.isEmpty, !a.hasPrefix("http") { return a.hasPrefix("By ") ? String(a.dropFirst(3)) : a }
    return relAuthor
  }

  /// The publication date, ISO 8601, "" when none parses.
  var resolvedDate: String {
    let candidates = [
      first([
        "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
        "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "publish-date",
      ]),
      publishedTime, jsonLDDate, timeDate, first(["article:modified_time", "og:updated_time", "last-modified"]),
    ]
    for c in candidates where !c.isEmpty {
      if let d = HTMLDateNormalizer.iso8601(c) { return d }
    }
    return ""
  }

  /// The canonical URL: `<link rel=canonical>`, else og:url.
  var resolvedURL: String { canonical.isEmpty ? first(["og:url", "twitter:url"]) : canonical }

  /// The language: `<html lang>`/`xml:lang`, else content-language meta.
  var resolvedLang: String {
    if !lang.isEmpty { return lang }
    let l = first(["http-equiv:content-language", "content-language", "language", "dc.language", "og:locale"])
    return l.replacingUnderscores()
  }
}

extension String {
  /// `en_US` -> `en-US`; the first of a comma-separated list.
  fileprivate func replacingUnderscores() -> String {
    let firstItem = split(separator: ",").first.map(String.init) ?? self
    return String(firstItem.map { $0 == "_" ? "-" : $0 }).trimmingCharacters(in: " ")
  }
}
