import CLibXML

/// The metadata of an HTML page, collected element by element during the tree walk: `<title>`, `<meta>` name /
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

  /// Looks at one element on the way down.
  /// - Parameters:
  ///   - node: the element.
  ///   - tag: its classified tag.
  mutating func observe(node: xmlNodePtr, tag: HTMLTag) {
    switch tag {
    case .html:
      if lang.isEmpty, let v = Self.attribute(node, "lang") ?? Self.attribute(node, "xml:lang") {
        lang = CBytes.string(v)
      }
    case .title:
      if title.isEmpty { title = Self.textContent(node) }
    case .h1:
      if firstH1.isEmpty { firstH1 = Self.textContent(node) }
    case .meta:
      guard let content = Self.attribute(node, "content") else { return }
      for key in ["name", "property", "itemprop"] {
        if let k = Self.attribute(node, key) {
          let name = CBytes.string(k).lowercased()
          if meta[name] == nil { meta[name] = CBytes.string(content) }
        }
      }
      if let k = Self.attribute(node, "http-equiv") {
        let name = "http-equiv:" + CBytes.string(k).lowercased()
        if meta[name] == nil { meta[name] = CBytes.string(content) }
      }
    case .link:
      if canonical.isEmpty, let rel = Self.attribute(node, "rel"), CBytes.equalIgnoringCase(rel, "canonical"),
        let href = Self.attribute(node, "href")
      {
        canonical = CBytes.string(href)
      }
    case .a:
      if relAuthor.isEmpty, let rel = Self.attribute(node, "rel"), CBytes.contains(rel, "author") {
        relAuthor = Self.textContent(node)
      }
    case .time:
      if let dt = Self.attribute(node, "datetime") {
        let isPublished =
          Self.attribute(node, "pubdate") != nil
          || Self.attribute(node, "itemprop").map { CBytes.contains($0, "datepublished") } == true
        if isPublished, publishedTime.isEmpty { publishedTime = CBytes.string(dt) }
        if timeDate.isEmpty { timeDate = CBytes.string(dt) }
      }
    case .script:
      if jsonLDDate.isEmpty, let type = Self.attribute(node, "type"), CBytes.contains(type, "ld+json"),
        let text = node.pointee.children?.pointee.content
      {
        jsonLDDate = Self.jsonLDDatePublished(UnsafePointer(text))
      }
    default: break
    }
  }

  /// The value of an attribute (NUL-terminated, owned by the document), or nil.
  static func attribute(_ node: xmlNodePtr, _ name: String) -> UnsafePointer<UInt8>? {
    var attr = node.pointee.properties
    while let a = attr {
      if let an = a.pointee.name, Self.equal(an, name) {
        if let v = a.pointee.children?.pointee.content { return UnsafePointer(v) }
        return UnsafePointer(a.pointee.name)  // a boolean attribute: present, value irrelevant
      }
      attr = a.pointee.next
    }
    return nil
  }

  private static func equal(_ p: UnsafePointer<UInt8>, _ s: String) -> Bool {
    var i = 0
    for b in s.utf8 {
      if p[i] != b { return false }
      i += 1
    }
    return p[i] == 0
  }

  /// The element's text with whitespace collapsed (small elements only: title, h1, a byline link).
  static func textContent(_ node: xmlNodePtr) -> String {
    guard let content = xmlNodeGetContent(node) else { return "" }
    defer { seek_xmlFree(content) }
    return String(CBytes.string(UnsafePointer(content)).prefix(1000))
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
      first(["article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
        "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "publish-date"]),
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
