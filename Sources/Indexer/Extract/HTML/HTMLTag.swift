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

  /// The tag for a name packed big-endian into an integer (names of up to eight bytes).
  private static func tag(packed v: UInt64) -> HTMLTag {
    switch v {
    case 0x6874_6D6C: return .html
    case 0x6865_6164: return .head
    case 0x626F_6479: return .body
    case 0x74_6974_6C65: return .title
    case 0x6D65_7461: return .meta
    case 0x6C69_6E6B: return .link
    case 0x6261_7365: return .base
    case 0x7363_7269_7074: return .script
    case 0x73_7479_6C65: return .style
    case 0x6E6F_7363_7269_7074: return .noscript
    case 0x7465_6D70_6C61_7465: return .template
    case 0x737667: return .svg
    case 0x6966_7261_6D65: return .iframe
    case 0x6D61_7468: return .math
    case 0x6F62_6A65_6374: return .object
    case 0x65_6D62_6564: return .embed
    case 0x6361_6E76_6173: return .canvas
    case 0x76_6964_656F: return .video
    case 0x61_7564_696F: return .audio
    case 0x61: return .a
    case 0x70: return .p
    case 0x646976: return .div
    case 0x7370_616E: return .span
    case 0x73_6563_7469_6F6E: return .section
    case 0x61_7274_6963_6C65: return .article
    case 0x6D61_696E: return .main
    case 0x6E6176: return .nav
    case 0x6865_6164_6572: return .header
    case 0x666F_6F74_6572: return .footer
    case 0x61_7369_6465: return .aside
    case 0x6831: return .h1
    case 0x6832: return .h2
    case 0x6833: return .h3
    case 0x6834: return .h4
    case 0x6835: return .h5
    case 0x6836: return .h6
    case 0x6867_726F_7570: return .hgroup
    case 0x756C: return .ul
    case 0x6F6C: return .ol
    case 0x6C69: return .li
    case 0x646C: return .dl
    case 0x6474: return .dt
    case 0x6464: return .dd
    case 0x6D65_6E75: return .menu
    case 0x74_6162_6C65: return .table
    case 0x7472: return .tr
    case 0x7464: return .td
    case 0x7468: return .th
    case 0x74_626F_6479: return .tbody
    case 0x74_6865_6164: return .thead
    case 0x74_666F_6F74: return .tfoot
    case 0x63_6170_7469_6F6E: return .caption
    case 0x707265: return .pre
    case 0x636F_6465: return .code
    case 0x61_6464_7265_7373: return .address
    case 0x6365_6E74_6572: return .center
    case 0x64_6574_6169_6C73: return .details
    case 0x73_756D_6D61_7279: return .summary
    case 0x6469_616C_6F67: return .dialog
    case 0x666F_726D: return .form
    case 0x6669_656C_6473_6574: return .fieldset
    case 0x6C65_6765_6E64: return .legend
    case 0x69_6E70_7574: return .input
    case 0x7465_7874_6172_6561: return .textarea
    case 0x7365_6C65_6374: return .select
    case 0x6F70_7469_6F6E: return .option
    case 0x6275_7474_6F6E: return .button
    case 0x6C_6162_656C: return .label
    case 0x696D67: return .img
    case 0x70_6963_7475_7265: return .picture
    case 0x6669_6775_7265: return .figure
    case 0x6272: return .br
    case 0x6872: return .hr
    case 0x7469_6D65: return .time
    default: return .other
    }
  }

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
        if name[8] == UInt8(ascii: "t"), name[9] == UInt8(ascii: "e"), name[10] == 0, v == blockquo {
          return .blockquote
        }
        if name[8] == UInt8(ascii: "o"), name[9] == UInt8(ascii: "n"), name[10] == 0, v == figcapti {
          return .figcaption
        }
        return .other
      }
      v = v << 8 | UInt64(b | 0x20)
      i += 1
    }
    return tag(packed: v)
  }
}
