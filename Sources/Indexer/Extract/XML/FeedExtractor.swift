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
    var mark: SourceLocator.Mark
    /// Text of `<name>` children (Atom author).
    var nameText = ""
    var inName = false
  }

  /// A collected body-candidate field: runs with their source positions.
  private struct Located {
    var runs: [(String, SourcePosition?)] = []
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

  /// Reads the rest of the feed; the reader is positioned on the root element.
  /// - Parameters:
  ///   - reader: the reader, on the root element.
  ///   - locator: finds text in the source.
  /// - Returns: one document per item or entry, and file-level diagnostics.
  func extract(_ reader: XMLStreamReader, _ locator: inout SourceLocator) -> ExtractionResult {
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
          if f.type == "xhtml", !HTMLBlocks.inline.contains(name) {
            f.runs.append(f.text)
            f.text = ""
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
          if name == "encoded" && ns.contains("content") { key = "content" }
          if name == "date" && ns.contains("dc") { key = "dcdate" }
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
              channelLang = BodyBuilder.collapse(f.text)
            } else {
              channelAuthor = BodyBuilder.collapse(f.nameText.isEmpty ? f.text : f.nameText)
            }
            channelField = nil
          }
          continue
        }
        if var f = field {
          if depth > f.depth {
            if name == "name" { f.inName = false }
            if f.type == "xhtml", !HTMLBlocks.inline.contains(name) {
              f.runs.append(f.text)
              f.text = ""
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
  private func collect(_ f: Field, into it: inout Item, _ locator: inout SourceLocator) {
    switch f.name {
    case "description", "content", "summary":
      var runs: [String]
      switch f.type {
      case "html": runs = HTMLFragmentText.runs(f.text)
      case "xhtml": runs = (f.runs + [f.text]).filter { BodyBuilder.hasText(Substring($0)) }
      default: runs = BodyBuilder.hasText(Substring(f.text)) ? [f.text] : []
      }
      var located = Located()
      let saved = locator.mark()
      locator.reset(to: f.mark)
      for run in runs {
        let trimmed = BodyBuilder.trimmedStart(Substring(run))
        located.runs.append((run, locator.locate(trimmed)))
      }
      if locator.cursor < saved.cursor { locator.reset(to: saved) }
      if it.located[f.name] == nil { it.located[f.name] = located }
    case "category":
      let c = BodyBuilder.collapse(f.text)
      if !c.isEmpty { it.categories.append(c) }
    case "author":
      if it.fields["author"] == nil {
        let a = BodyBuilder.collapse(f.nameText.isEmpty ? f.text : f.nameText)
        if !a.isEmpty { it.fields["author"] = a }
      }
    case "title":
      let t = f.type == "html" ? HTMLFragmentText.runs(f.text).joined(separator: " ") : f.text
      it.fields["title"] = BodyBuilder.collapse(t)
    default:
      if it.fields[f.name] == nil { it.fields[f.name] = BodyBuilder.collapse(f.text) }
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
      if let d = DateNormalizer.normalize(rawDate) { doc.date = d } else { doc.metadata["date_raw"] = rawDate }
    }
    if !it.categories.isEmpty { doc.metadata["categories"] = it.categories.joined(separator: ", ") }
    let summary = it.located["summary"] ?? it.located["description"]
    let content = it.located["content"]
    let main = (content?.runs.isEmpty == false) ? content : summary
    if let main {
      var body = BodyBuilder()
      for (run, position) in main.runs {
        body.boundary()
        body.append(Substring(run), at: position)
      }
      doc.body = body.text
      doc.sourceMap = body.sourceMap
    }
    if main?.runs.isEmpty == false, let content, !content.runs.isEmpty, let summary {
      doc.description = BodyBuilder.collapse(summary.plain)
    }
    documents.append(doc)
  }
}

/// Element names shared by the XML extractors.
enum HTMLBlocks {
  /// XHTML, DocBook and JATS elements that do not break words; every other element is a block boundary.
  static let inline: Set<String> = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "del", "ins", "strike",
    "emphasis", "italic", "bold", "monospace", "underline", "sc", "link", "ulink", "xref", "ext-link", "literal",
    "phrase", "quote", "citetitle", "firstterm", "foreignphrase", "glossterm", "inline-formula", "named-content",
    "styled-content", "uri", "email", "filename", "command", "replaceable", "trademark", "productname", "acronym",
    "abbrev", "superscript", "subscript", "inline-graphic", "fn", "footnoteref", "olink", "function", "varname",
    "classname", "option", "systemitem", "userinput", "computeroutput", "application", "hi", "foreign", "term",
    "rs", "persName", "placeName", "orgName", "name", "date", "num",
  ]
}
