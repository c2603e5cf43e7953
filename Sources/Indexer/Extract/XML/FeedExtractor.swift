/// Extracts RSS (0.9x, 1.0, 2.0) items and Atom entries, one `.feed` document each, from a streaming reader.
///
/// Item fields are collected as they stream by; HTML content (RSS description and `content:encoded`, Atom
/// `type="html"`) is parsed as HTML into text; `type="xhtml"` content is read as markup with block boundaries.
struct FeedExtractor {
  /// One field of an item being collected.
  private struct Field {
    var name: String
    var depth: Int
    /// "html", "xhtml" or "text".
    var type: String
    var text = ""
    /// Text runs of xhtml content (block boundaries end a run).
    var runs: [String] = []
    /// Where to start looking for this field's text in the source.
    var mark: XMLSourceLocator.Mark
    /// Text of `<name>` children (Atom author).
    var nameText = ""
    var inName = false
  }

  /// A collected body-candidate field: runs with their source positions.
  private struct Located {
    /// Each run, its source position, and the positions of the pieces of it that follow inline markup (offsets
    /// into the run, at their first non-space byte).
    var runs: [(String, SourcePosition?, [(Int, SourcePosition)])] = []
    var plain: String { runs.map(\.0).joined(separator: " ") }
  }

  /// An item or entry being collected.
  private struct Item {
    var depth: Int
    var lang: String
    var fields: [String: String] = [:]
    var located: [String: Located] = [:]
    var categories: [String] = []
    var link = ""
  }

  let path: String
  let isAtom: Bool
  /// Parses HTML content; one per extraction.
  let html = FeedHTMLText()

  /// Reads the rest of the feed; the reader is positioned on the root element.
  /// - Parameters:
  ///   - reader: the reader, on the root element.
  ///   - locator: finds text in the source.
  /// - Returns: one document per item or entry, and file-level diagnostics.
  func extract(_ reader: XMLStreamReader, _ locator: inout XMLSourceLocator) -> ExtractionResult {
    var documents: [Document] = []
    var channelLang = reader.xmlLang
    var channelAuthor = ""
    var item: Item?
    var field: Field?
    var channelField: Field?
    var depth = 0
    var first = true
    let itemName = isAtom ? "entry" : "item"
    while first || reader.read() {
      first = false
      switch reader.nodeType {
      case .element:
        let name = reader.localName
        let empty = reader.isEmptyElement
        depth += 1
        defer { if empty { depth -= 1 } }
        if var f = field {
          if !XMLInlineElements.inline.contains(name) {
            if f.type == "xhtml" {
              f.runs.append(f.text)
              f.text = ""
            } else {
              f.text += "\n"  // raw markup inside an HTML field: keep words of adjacent blocks apart
            }
          }
          if name == "name" && !empty { f.inName = true }
          if name == "br" { f.text += "\n" }
          field = f
          continue
        }
        if item == nil {
          if name == itemName {
            item = Item(depth: depth, lang: reader.xmlLang)
            if empty { finish(&item, index: documents.count + 1, channelLang, channelAuthor, &documents) }
          } else if channelField == nil && (name == "language" || (isAtom && name == "author" && depth == 2)) {
            channelField = Field(name: name, depth: depth, type: "text", mark: locator.mark())
            if empty { channelField = nil }
          }
          continue
        }
        guard var it = item, depth == it.depth + 1 else { continue }
        let ns = reader.namespaceURI
        switch name {
        case "link" where isAtom:
          let rel = reader.attribute("rel") ?? "alternate"
          if rel == "alternate" && it.link.isEmpty { it.link = reader.attribute("href") ?? "" }
        case "category" where isAtom:
          if let term = reader.attribute("term"), !term.isEmpty { it.categories.append(term) }
        default:
          var key = name
          if name == "encoded" && ns.hasPrefix("http://purl.org/rss/1.0/modules/content") { key = "content" }
          if name == "date" && ns.hasPrefix("http://purl.org/dc/") { key = "dcdate" }
          if name == "creator" { key = "author" }
          var type = "text"
          if isAtom {
            let t = (reader.attribute("type") ?? "text").lowercased()
            type = t == "html" || t.hasSuffix("/html") ? "html" : t == "xhtml" || t.hasSuffix("xml") ? "xhtml" : "text"
          } else if key == "description" || key == "content" {
            type = "html"
          }
          if !empty { field = Field(name: key, depth: depth, type: type, mark: locator.mark()) }
        }
        item = it
      case .text, .cdata, .whitespace, .significantWhitespace:
        if field != nil {
          field!.text += reader.value
          if field!.inName { field!.nameText += reader.value }
        } else if channelField != nil {
          channelField!.text += reader.value
          if channelField!.inName { channelField!.nameText += reader.value }
        }
      case .endElement:
        let name = reader.localName
        defer { depth -= 1 }
        if var f = channelField {
          if name == "name" { f.inName = false }
          channelField = f
          if depth == f.depth {
            if f.name == "language" {
              channelLang = XMLBodyBuilder.collapse(f.text)
            } else {
              channelAuthor = XMLBodyBuilder.collapse(f.nameText.isEmpty ? f.text : f.nameText)
            }
            channelField = nil
          }
          continue
        }
        if var f = field {
          if depth > f.depth {
            if name == "name" { f.inName = false }
            if !XMLInlineElements.inline.contains(name) {
              if f.type == "xhtml" {
                f.runs.append(f.text)
                f.text = ""
              } else {
                f.text += "\n"
              }
            }
            field = f
            continue
          }
          field = nil
          if var it = item {
            collect(f, into: &it, &locator)
            item = it
          }
          continue
        }
        if let it = item, depth == it.depth {
          finish(&item, index: documents.count + 1, channelLang, channelAuthor, &documents)
        }
      default:
        break
      }
    }
    return ExtractionResult(path: path, documents: documents, diagnostics: reader.sink.all)
  }

  /// Stores a finished field in its item; body candidates are located in the source.
  private func collect(_ f: Field, into it: inout Item, _ locator: inout XMLSourceLocator) {
    switch f.name {
    case "description", "content", "summary":
      var runs: [(text: String, segmentStarts: [Int])]
      switch f.type {
      case "html": runs = html.segmentedRuns(f.text)
      case "xhtml": runs = (f.runs + [f.text]).filter { XMLBodyBuilder.hasText(Substring($0)) }.map { ($0, []) }
      default: runs = XMLBodyBuilder.hasText(Substring(f.text)) ? [(f.text, [])] : []
      }
      var located = Located()
      let saved = locator.mark()
      locator.reset(to: f.mark)
      for run in runs {
        if run.segmentStarts.isEmpty {
          located.runs.append((run.text, locator.locate(run.text), []))
          continue
        }
        // Text after inline markup (escaped `&lt;strong&gt;` is longer in the source than nothing in the body):
        // each piece between two markup boundaries is located on its own (the locator moves past what it finds),
        // so positions after the markup stay right.
        var position: SourcePosition? = nil
        var pieces: [(Int, SourcePosition)] = []
        var first = true
        var text = run.text
        text.withUTF8 { utf8 in
          for k in 0...run.segmentStarts.count {
            var start = k == 0 ? 0 : run.segmentStarts[k - 1]
            let end = k == run.segmentStarts.count ? utf8.count : run.segmentStarts[k]
            while start < end, XMLBodyBuilder.isSpace(utf8[start]) { start += 1 }
            guard start < end else { continue }
            let found = locator.locate(UnsafeBufferPointer(rebasing: utf8[start..<end]))
            // The first piece with text starts at the run's first non-space byte: its position is the run's.
            if first {
              position = found
              first = false
            } else if let found {
              pieces.append((start, found))
            }
          }
        }
        located.runs.append((run.text, position, pieces))
      }
      if locator.cursor < saved.cursor { locator.reset(to: saved) }
      if it.located[f.name] == nil { it.located[f.name] = located }
    case "category":
      let c = XMLBodyBuilder.collapse(f.text)
      if !c.isEmpty { it.categories.append(c) }
    case "author":
      if it.fields["author"] == nil {
        let a = XMLBodyBuilder.collapse(f.nameText.isEmpty ? f.text : f.nameText)
        if !a.isEmpty { it.fields["author"] = a }
      }
    case "title":
      let t = f.type == "html" ? html.runs(f.text).joined(separator: " ") : f.text
      it.fields["title"] = XMLBodyBuilder.collapse(t)
    default:
      if it.fields[f.name] == nil { it.fields[f.name] = XMLBodyBuilder.collapse(f.text) }
    }
  }

  /// Turns a finished item into a document.
  private func finish(
    _ item: inout Item?, index: Int, _ channelLang: String, _ channelAuthor: String, _ documents: inout [Document]
  ) {
    guard let it = item else { return }
    item = nil
    let link = isAtom ? it.link : (it.fields["link"] ?? "")
    let guid = isAtom ? (it.fields["id"] ?? "") : (it.fields["guid"] ?? "")
    let key = !guid.isEmpty ? guid : !link.isEmpty ? link : String(index)
    var doc = Document(id: path + "#" + key, path: path, kind: .feed)
    doc.title = it.fields["title"] ?? ""
    doc.url = link.isEmpty && guid.hasPrefix("http") ? guid : link
    doc.author = it.fields["author"] ?? channelAuthor
    doc.lang = it.lang.isEmpty ? channelLang : it.lang
    let rawDate =
      isAtom
      ? (it.fields["published"] ?? it.fields["updated"] ?? "") : (it.fields["pubDate"] ?? it.fields["dcdate"] ?? "")
    if !rawDate.isEmpty {
      if let d = XMLDates.normalize(rawDate) { doc.date = d } else { doc.metadata["date_raw"] = rawDate }
    }
    if !it.categories.isEmpty { doc.metadata["categories"] = it.categories.joined(separator: ", ") }
    let summary = it.located["summary"] ?? it.located["description"]
    let content = it.located["content"]
    let main = (content?.runs.isEmpty == false) ? content : summary
    if let main {
      var body = XMLBodyBuilder()
      for (run, position, pieces) in main.runs {
        body.boundary()
        guard let placed = body.append(Substring(run), at: position) else { continue }
        for (offset, piece) in pieces where offset > placed.runOffset && offset < placed.runEnd {
          body.anchor(bodyOffset: placed.bodyOffset + offset - placed.runOffset, at: piece)
        }
      }
      doc.body = body.text
      doc.sourceMap = body.sourceMap
    }
    if main?.runs.isEmpty == false, let content, !content.runs.isEmpty, let summary {
      doc.description = XMLBodyBuilder.collapse(summary.plain)
    }
    documents.append(doc)
  }
}
