/// Extracts one `.xml` document from DocBook, JATS or any other XML: title from the obvious element, section
/// titles as headings, all text as the body with word boundaries between block elements, author and date when
/// the vocabulary states them.
struct StructuredXMLExtractor {
  /// Metadata containers: mined for title, authors, date and abstract, kept out of the body (except the abstract).
  private static let metaContainers: Set<String> = [
    "info", "articleinfo", "bookinfo", "chapterinfo", "sectioninfo", "front", "teiHeader", "head", "metadata",
  ]
  /// Containers whose `title` child is a section heading.
  private static let sections: Set<String> = [
    "section", "sect1", "sect2", "sect3", "sect4", "sect5", "chapter", "sec", "appendix", "part", "simplesect",
    "refsect1", "refsect2", "preface", "glossary", "bibliography", "div", "div1", "div2", "div3", "app",
    "ack", "abstract", "ref-list", "boxed-text", "fig", "table-wrap",
  ]
  /// Elements whose text is never body text.
  private static let skipped: Set<String> = ["script", "style", "ref-list", "processing-meta"]
  /// Elements whose text is collected for metadata.
  private static let captured: Set<String> = [
    "title", "article-title", "surname", "given-names", "firstname", "othername", "author", "pubdate", "date",
    "year", "month", "day", "abstract", "h1", "h2", "h3", "string-name", "collab", "subtitle", "heading",
  ]

  private struct Frame {
    var name: String
    var inMeta: Bool
    var skip: Bool
    var capture: Int?
    var parent: String
  }

  let path: String

  /// Reads the rest of the document; the reader is positioned on the root element.
  /// - Parameters:
  ///   - reader: the reader, on the root element.
  ///   - locator: finds text in the source.
  /// - Returns: one document.
  func extract(_ reader: XMLStreamReader, _ locator: inout SourceLocator) -> ExtractionResult {
    var doc = Document(id: path, path: path, kind: .xml)
    doc.lang = reader.xmlLang
    if doc.lang.isEmpty { doc.lang = reader.attribute("lang") ?? "" }
    var body = BodyBuilder()
    var stack: [Frame] = []
    var captures: [String] = []  // text buffers, indexed by Frame.capture
    var metaTitle = ""
    var fallbackTitle = ""
    var authors: [String] = []
    var given = ""
    var surname = ""
    var dateParts: (year: String, month: String, day: String) = ("", "", "")
    var personFlushed = false
    var first = true
    while first || reader.read() {
      first = false
      switch reader.nodeType {
      case .element:
        let name = reader.localName
        let parent = stack.last
        var frame = Frame(
          name: name, inMeta: parent?.inMeta ?? false, skip: parent?.skip ?? false, capture: nil,
          parent: parent?.name ?? "")
        if Self.metaContainers.contains(name) { frame.inMeta = true }
        if Self.skipped.contains(name) { frame.skip = true }
        // The document title directly under the root is metadata, not body.
        if (name == "title" || name == "article-title") && (stack.count == 1 || frame.inMeta) { frame.inMeta = true }
        if name == "abstract" { frame.inMeta = false }
        if Self.captured.contains(name) {
          frame.capture = captures.count
          captures.append("")
        }
        if !HTMLBlocks.inline.contains(name) { body.boundary() }
        if reader.isEmptyElement {
          if let c = frame.capture { captures.removeSubrange(c...) }
          continue
        }
        stack.append(frame)
      case .text, .cdata:
        guard let top = stack.last else { continue }
        let value = reader.value
        for i in captures.indices { captures[i] += value }
        if !top.inMeta && !top.skip {
          let run = Substring(value)
          if BodyBuilder.hasText(run) {
            body.append(run, at: locator.locate(BodyBuilder.trimmedStart(run)))
          } else {
            body.space()
          }
        }
      case .whitespace, .significantWhitespace:
        for i in captures.indices { captures[i] += " " }
        body.space()
      case .endElement:
        guard let frame = stack.popLast() else { continue }
        if !HTMLBlocks.inline.contains(frame.name) { body.boundary() }
        if frame.name == "name" || frame.name == "personname" || frame.name == "contrib" {
          if !surname.isEmpty || !given.isEmpty {
            authors.append(given.isEmpty ? surname : surname.isEmpty ? given : given + " " + surname)
            personFlushed = true
          }
          given = ""
          surname = ""
        }
        if frame.name == "pub-date" || frame.name == "date" {
          if doc.date.isEmpty && frame.inMeta, let y = Int(dateParts.year), y > 0 {
            let m = Int(dateParts.month) ?? 0
            let d = Int(dateParts.day) ?? 0
            let iso = m > 0 && d > 0 ? "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)" : "\(y)"
            doc.date = DateNormalizer.normalize(iso) ?? ""
          }
          dateParts = ("", "", "")
        }
        guard let c = frame.capture else { continue }
        let text = BodyBuilder.collapse(captures[c])
        captures.removeSubrange(c...)
        switch frame.name {
        case "article-title":
          if metaTitle.isEmpty && frame.inMeta { metaTitle = text }
        case "title":
          if (frame.inMeta && stack.count <= 2) || Self.metaContainers.contains(frame.parent) {
            if metaTitle.isEmpty { metaTitle = text }
          } else if Self.sections.contains(frame.parent) {
            if !text.isEmpty { doc.headings.append(text) }
          } else if fallbackTitle.isEmpty {
            fallbackTitle = text
          }
        case "h1", "h2", "h3", "heading":
          if !text.isEmpty { doc.headings.append(text) }
          if fallbackTitle.isEmpty { fallbackTitle = text }
        case "given-names", "firstname", "othername":
          given = given.isEmpty ? text : given + " " + text
        case "surname":
          surname = text
        case "string-name", "collab":
          if !text.isEmpty && !personFlushed { authors.append(text) }
        case "author":
          if !surname.isEmpty || !given.isEmpty {
            authors.append(given.isEmpty ? surname : surname.isEmpty ? given : given + " " + surname)
          } else if !text.isEmpty && !personFlushed {
            authors.append(text)
          }
          given = ""
          surname = ""
          personFlushed = false
        case "pubdate":
          if doc.date.isEmpty { doc.date = DateNormalizer.normalize(text) ?? "" }
        case "date":
          if doc.date.isEmpty && frame.inMeta && dateParts.year.isEmpty {
            doc.date = DateNormalizer.normalize(text) ?? ""
          }
        case "year": dateParts.year = text
        case "month": dateParts.month = text
        case "day": dateParts.day = text
        case "abstract":
          if doc.description.isEmpty { doc.description = text }
        default: break
        }
      default:
        break
      }
    }
    doc.title = metaTitle.isEmpty ? fallbackTitle : metaTitle
    var seen = Set<String>()
    doc.author = authors.filter { seen.insert($0).inserted }.joined(separator: ", ")
    doc.body = body.text
    doc.sourceMap = body.sourceMap
    doc.diagnostics = reader.sink.all
    return ExtractionResult(path: path, documents: [doc])
  }
}
