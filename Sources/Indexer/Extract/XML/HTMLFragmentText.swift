import CLibXML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns an HTML fragment (a feed item's description or content) into text runs: libxml2's HTML parser in recover
/// mode without network or error output; script, style, noscript and template skipped; block elements end a run.
enum HTMLFragmentText {
  /// Elements whose content is never text.
  private static let skipped: Set<String> = ["script", "style", "noscript", "template", "head", "iframe", "object"]
  /// Elements that do not break words (everything else is a block boundary).
  private static let inline: Set<String> = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "del", "ins", "strike", "big",
    "acronym", "label",
  ]

  /// The text runs of an HTML fragment, in order; each run is the text of one block with inline markup removed.
  /// - Parameter html: the fragment.
  /// - Returns: non-empty runs (white space inside a run kept as in the source).
  static func runs(_ html: String) -> [String] {
    if !html.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 }) {
      return BodyBuilder.hasText(Substring(html)) ? [html] : []
    }
    _ = libxml2Initialized
    let options = Int32(
      bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
    var text = html
    // 2.9.x reports HTML errors through the thread's structured handler even with NOERROR: silence it here.
    xmlSetStructuredErrorFunc(nil, { _, _ in })
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    let doc: htmlDocPtr? = text.withUTF8 { buffer in
      guard let base = buffer.baseAddress, buffer.count < Int(Int32.max) else { return nil }
      return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
      }
    }
    guard let doc else { return [] }
    defer { xmlFreeDoc(doc) }
    var runs: [String] = []
    var current: [UInt8] = []
    func endRun() {
      if current.contains(where: { !BodyBuilder.isSpace($0) }) { runs.append(String(decoding: current, as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    // Iterative walk: deep nesting cannot overflow the stack.
    var node = doc.pointee.children
    while let n = node {
      var descend = false
      switch n.pointee.type {
      case XML_ELEMENT_NODE:
        let name = n.pointee.name.map { String(cString: $0) } ?? ""
        if !skipped.contains(name) {
          if !inline.contains(name) { endRun() }
          if name == "br" { current.append(0x0A) }
          descend = n.pointee.children != nil
        }
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = n.pointee.content {
          current.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content)))
        }
      default: break
      }
      if descend {
        node = n.pointee.children
        continue
      }
      var up: xmlNodePtr? = n
      while let u = up {
        if let next = u.pointee.next {
          node = next
          break
        }
        up = u.pointee.parent
        if let p = up {
          if p.pointee.type == XML_ELEMENT_NODE, let name = p.pointee.name,
            !inline.contains(String(cString: name))
          {
            endRun()
          }
          if p.pointee.type == XML_HTML_DOCUMENT_NODE || p.pointee.type == XML_DOCUMENT_NODE {
            node = nil
            break
          }
        } else {
          node = nil
        }
      }
    }
    endRun()
    return runs
  }
}
