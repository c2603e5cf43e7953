#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Overwrites, before libxml2 parses a page, the attributes extraction never reads (`href` and `title` of links,
/// `src`, `alt`, `width`, event handlers, `data-*` ...) with spaces.
///
/// libxml2 2.9's HTML parser reads attribute values one character at a time into a growing heap buffer, which on
/// link-heavy pages costs more than the text itself; spaces cost it a byte comparison each. Every byte keeps its
/// offset and newlines stay (so source offsets and libxml2's line numbers are unchanged), and only whole
/// `name=value` pairs inside start tags are blanked, read the way libxml2 reads them (quoted values run to the
/// matching quote, unquoted ones to a blank or `>`). Comments and the contents of `script` and `style` are
/// skipped; anything unexpected inside a tag stops the blanking of that tag.
///
/// Kept: `class`, `id`, `itemprop`, `role`, `rel`, `hidden`, `style`, `aria-hidden` on every element except
/// links (which keep `rel`, `hidden`, `style`, `aria-hidden`), plus `lang`/`xml:lang` on `html`, the name, value
/// and charset attributes of `meta`, `href` of `link`, `datetime`/`pubdate` of `time`, `type` of `script`.
enum UnusedAttributeBlanker {
  /// Which element a start tag opens, as far as the kept attributes differ.
  enum Element {
    case other, a, html, meta, link, time, script, style
  }

  /// Blanks the unused attributes of every start tag in place.
  /// - Parameter bytes: an HTML page in an ASCII-compatible encoding (UTF-8 here).
  static func blank(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
    guard let p = bytes.baseAddress else { return }
    let n = bytes.count
    var i = 0
    while i < n {
      guard let hit = memchr(p + i, 0x3C, n - i) else { return }  // '<'
      let lt = UnsafeMutableRawPointer(p).distance(to: hit)
      i = lt + 1
      guard i < n else { return }
      let c = p[i]
      if c == UInt8(ascii: "!") {
        if i + 2 < n, p[i + 1] == UInt8(ascii: "-"), p[i + 2] == UInt8(ascii: "-") {
          i = skipComment(p, n, from: i + 3)
        }
        continue
      }
      guard isLetter(c) else { continue }
      let (element, end) = startTag(p, n, nameStart: i)
      i = end
      if element == .script || element == .style {
        i = skipRawText(p, n, from: i, name: element == .script ? "script" : "style")
      }
    }
  }

  /// Reads one start tag from its name, blanking unused attributes; returns the element and where scanning
  /// resumes (after `>`, or where the tag stopped making sense).
  private static func startTag(_ p: UnsafeMutablePointer<UInt8>, _ n: Int, nameStart: Int) -> (Element, Int) {
    var i = nameStart
    while i < n, isNameByte(p[i]) { i += 1 }
    let element = classify(p + nameStart, i - nameStart)
    while true {
      while i < n, isBlank(p[i]) { i += 1 }
      guard i < n else { return (element, n) }
      let c = p[i]
      if c == UInt8(ascii: ">") { return (element, i + 1) }
      if c == UInt8(ascii: "/"), i + 1 < n, p[i + 1] == UInt8(ascii: ">") { return (element, i + 2) }
      guard isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") else { return (element, i) }
      let attributeStart = i
      while i < n, isNameByte(p[i]) { i += 1 }
      let nameEnd = i
      guard i < n else { return (element, n) }
      // The name must end at a blank, '=', '>' or "/>"; else libxml2 reads a bogus attribute: leave the tag be.
      var j = i
      while j < n, isBlank(p[j]) { j += 1 }
      var valueEnd = nameEnd
      if j < n, p[j] == UInt8(ascii: "=") {
        j += 1
        while j < n, isBlank(p[j]) { j += 1 }
        guard j < n else { return (element, n) }
        let q = p[j]
        if q == 0x22 || q == 0x27 {
          guard let close = memchr(p + j + 1, Int32(q), n - j - 1) else { return (element, n) }
          valueEnd = UnsafeMutableRawPointer(p).distance(to: close) + 1
        } else {
          var k = j
          while k < n, !isBlank(p[k]), p[k] != UInt8(ascii: ">") { k += 1 }
          valueEnd = k
        }
      } else if nameEnd < n, !isBlank(p[nameEnd]), p[nameEnd] != UInt8(ascii: ">"),
        p[nameEnd] != UInt8(ascii: "/")
      {
        return (element, nameEnd)
      }
      if !keeps(element, p + attributeStart, nameEnd - attributeStart) {
        blankKeepingNewlines(p + attributeStart, valueEnd - attributeStart)
      }
      i = valueEnd
    }
  }

  /// Overwrites `count` bytes with spaces, except newlines (libxml2 counts lines).
  private static func blankKeepingNewlines(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) {
    if memchr(p, 0x0A, count) == nil {
      memset(p, 0x20, count)
    } else {
      for k in 0..<count where p[k] != 0x0A { p[k] = 0x20 }
    }
  }

  /// Whether an element's attribute is read by extraction (by length first: one or two comparisons each).
  static func keeps(_ element: Element, _ name: UnsafeMutablePointer<UInt8>, _ length: Int) -> Bool {
    switch length {
    case 2: return element != .a && equal(name, length, "id")
    case 3: return equal(name, length, "rel")
    case 4:
      switch element {
      case .a: return false
      case .html: return equal(name, length, "lang") || equal(name, length, "role")
      case .meta: return equal(name, length, "name") || equal(name, length, "role")
      case .link: return equal(name, length, "href") || equal(name, length, "role")
      case .script: return equal(name, length, "type") || equal(name, length, "role")
      default: return equal(name, length, "role")
      }
    case 5: return equal(name, length, "style") || (element != .a && equal(name, length, "class"))
    case 6: return equal(name, length, "hidden")
    case 7:
      switch element {
      case .meta: return equal(name, length, "content") || equal(name, length, "charset")
      case .time: return equal(name, length, "pubdate")
      default: return false
      }
    case 8:
      switch element {
      case .a: return false
      case .html: return equal(name, length, "xml:lang") || equal(name, length, "itemprop")
      case .meta: return equal(name, length, "property") || equal(name, length, "itemprop")
      case .time: return equal(name, length, "datetime") || equal(name, length, "itemprop")
      default: return equal(name, length, "itemprop")
      }
    case 10: return element == .meta && equal(name, length, "http-equiv")
    case 11: return equal(name, length, "aria-hidden")
    default: return false
    }
  }

  static func classify(_ name: UnsafeMutablePointer<UInt8>, _ length: Int) -> Element {
    switch length {
    case 1: return name[0] | 0x20 == UInt8(ascii: "a") ? .a : .other
    case 4:
      if equal(name, length, "html") { return .html }
      if equal(name, length, "meta") { return .meta }
      if equal(name, length, "link") { return .link }
      if equal(name, length, "time") { return .time }
      return .other
    case 5: return equal(name, length, "style") ? .style : .other
    case 6: return equal(name, length, "script") ? .script : .other
    default: return .other
    }
  }

  /// After `<!--`: the index after the closing `-->` (libxml2 ends comments there).
  static func skipComment(_ p: UnsafeMutablePointer<UInt8>, _ n: Int, from start: Int) -> Int {
    var i = start
    while i + 2 < n {
      guard let hit = memchr(p + i, 0x2D, n - i - 2) else { return n }  // '-'
      let k = UnsafeMutableRawPointer(p).distance(to: hit)
      if p[k + 1] == UInt8(ascii: "-"), p[k + 2] == UInt8(ascii: ">") { return k + 3 }
      i = k + 1
    }
    return n
  }

  /// After a `script` or `style` start tag: the index of its end tag (`</name`, any case), as libxml2 ends it.
  static func skipRawText(_ p: UnsafeMutablePointer<UInt8>, _ n: Int, from start: Int, name: StaticString)
    -> Int
  {
    let m = name.utf8CodeUnitCount
    var i = start
    while i < n {
      guard let hit = memchr(p + i, 0x3C, n - i) else { return n }
      let k = UnsafeMutableRawPointer(p).distance(to: hit)
      if k + 1 + m < n, p[k + 1] == UInt8(ascii: "/"), equal(p + k + 2, m, name) { return k }
      i = k + 1
    }
    return n
  }

  /// Whether `length` bytes at `p` equal the lowercase ASCII literal, ignoring case.
  @inline(__always)
  static func equal(_ p: UnsafeMutablePointer<UInt8>, _ length: Int, _ s: StaticString) -> Bool {
    guard length == s.utf8CodeUnitCount else { return false }
    let q = s.utf8Start
    for k in 0..<length where CBytes.lower(p[k]) != q[k] { return false }
    return true
  }

  @inline(__always)
  static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

  /// Bytes libxml2 accepts inside an HTML element or attribute name.
  @inline(__always)
  static func isNameByte(_ c: UInt8) -> Bool {
    isLetter(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ":") || c == UInt8(ascii: "-")
      || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
  }

  @inline(__always)
  static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }
}
