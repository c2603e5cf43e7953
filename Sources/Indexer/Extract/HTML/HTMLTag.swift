/// The HTML elements extraction cares about; everything else is `.other` (treated as inline).
enum HTMLTag: UInt8, Sendable {
  case other
  case html, head, body, title, meta, link, base
  case script, style, noscript, template, svg, iframe, math, object, embed, canvas, video, audio
  case a, p, div, span, section, article, main, nav, header, footer, aside
  case h1, h2, h3, h4, h5, h6, hgroup
  case ul, ol, li, dl, dt, dd, menu
  case table, tr, td, th, tbody, thead, tfoot, caption
  case pre, code, blockquote, address, center, details, summary, dialog
  case form, fieldset, legend, input, textarea, select, option, button, label
  case img, picture, figure, figcaption, br, hr, time

  /// Whether the element's content is never visible text (scripts, styles, embedded documents).
  var isSkipped: Bool {
    switch self {
    case .script, .style, .noscript, .template, .svg, .iframe, .math, .object, .embed, .canvas, .video, .audio,
      .select, .textarea:
      return true
    default: return false
    }
  }

  /// Whether the element starts and ends a block, i.e. is a word boundary.
  var isBlock: Bool {
    switch self {
    case .other, .a, .span, .code, .label, .button, .img, .picture, .time, .input, .title, .meta, .link, .base:
      return false
    default: return true
    }
  }

  /// Whether the element is a heading (h1-h6).
  var isHeading: Bool {
    switch self {
    case .h1, .h2, .h3, .h4, .h5, .h6: return true
    default: return false
    }
  }

  /// Whether a `div` containing this element is no longer a mere paragraph (readability's block list).
  var isParagraphBreaking: Bool {
    switch self {
    case .a, .blockquote, .dl, .div, .img, .ol, .p, .pre, .table, .ul, .section, .article, .aside, .header,
      .footer, .nav, .main, .figure, .form, .h1, .h2, .h3, .h4, .h5, .h6:
      return true
    default: return false
    }
  }

  private static let byPackedName: [UInt64: HTMLTag] = {
    let names: [(String, HTMLTag)] = [
      ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
      ("base", .base), ("script", .script), ("style", .style), ("noscript", .noscript), ("template", .template),
      ("svg", .svg), ("iframe", .iframe), ("math", .math), ("object", .object), ("embed", .embed),
      ("canvas", .canvas), ("video", .video), ("audio", .audio), ("a", .a), ("p", .p), ("div", .div),
      ("span", .span), ("section", .section), ("article", .article), ("main", .main), ("nav", .nav),
      ("header", .header), ("footer", .footer), ("aside", .aside), ("h1", .h1), ("h2", .h2), ("h3", .h3),
      ("h4", .h4), ("h5", .h5), ("h6", .h6), ("hgroup", .hgroup), ("ul", .ul), ("ol", .ol), ("li", .li),
      ("dl", .dl), ("dt", .dt), ("dd", .dd), ("menu", .menu), ("table", .table), ("tr", .tr), ("td", .td),
      ("th", .th), ("tbody", .tbody), ("thead", .thead), ("tfoot", .tfoot), ("caption", .caption), ("pre", .pre),
      ("code", .code), ("address", .address), ("center", .center), ("details", .details),
      ("summary", .summary), ("dialog", .dialog), ("form", .form), ("fieldset", .fieldset), ("legend", .legend),
      ("input", .input), ("textarea", .textarea), ("select", .select), ("option", .option), ("button", .button),
      ("label", .label), ("img", .img), ("picture", .picture), ("figure", .figure), ("br", .br), ("hr", .hr),
      ("time", .time),
    ]
    var table: [UInt64: HTMLTag] = [:]
    for (name, tag) in names { table[pack(Array(name.utf8))] = tag }
    return table
  }()

  private static let blockquo = pack(Array("blockquo".utf8))
  private static let figcapti = pack(Array("figcapti".utf8))

  private static func pack(_ bytes: [UInt8]) -> UInt64 {
    var v: UInt64 = 0
    for b in bytes { v = v << 8 | UInt64(b) }
    return v
  }

  /// The tag for a NUL-terminated element name (libxml2's HTML parser lowercases names).
  /// - Parameter name: the element name.
  /// - Returns: the tag, `.other` when not one of interest.
  static func classify(_ name: UnsafePointer<UInt8>) -> HTMLTag {
    var v: UInt64 = 0
    var i = 0
    while true {
      let b = name[i]
      if b == 0 { break }
      if i == 8 {
        // Only "blockquote" and "figcaption" are longer than eight bytes among the names of interest.
        if name[8] == UInt8(ascii: "t"), name[9] == UInt8(ascii: "e"), name[10] == 0, v == blockquo { return .blockquote }
        if name[8] == UInt8(ascii: "o"), name[9] == UInt8(ascii: "n"), name[10] == 0, v == figcapti { return .figcaption }
        return .other
      }
      v = v << 8 | UInt64(b | 0x20)
      i += 1
    }
    return byPackedName[v] ?? .other
  }
}
