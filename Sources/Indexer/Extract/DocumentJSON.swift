/// The JSON form of a ``Document`` printed by `seek extract --json` and returned by the daemon's `document`.
public enum DocumentJSON {
  /// Writes a document as one JSON object.
  /// - Parameters:
  ///   - doc: the document.
  ///   - w: the writer to append to.
  public static func write(_ doc: Document, to w: inout JSONWriter) {
    w.beginObject()
    w.key("id")
    w.string(doc.id)
    w.key("path")
    w.string(doc.path)
    w.key("type")
    w.string(doc.kind.rawValue)
    w.key("title")
    w.string(doc.title)
    w.key("headings")
    w.beginArray()
    for h in doc.headings { w.string(h) }
    w.endArray()
    w.key("body")
    w.string(doc.body)
    w.key("boilerplate")
    w.string(doc.boilerplate)
    w.key("description")
    w.string(doc.description)
    w.key("author")
    w.string(doc.author)
    w.key("date")
    w.string(doc.date)
    w.key("url")
    w.string(doc.url)
    w.key("lang")
    w.string(doc.lang)
    w.key("metadata")
    w.beginObject()
    for key in doc.metadata.keys.sorted() {
      w.key(key)
      w.string(doc.metadata[key]!)
    }
    w.endObject()
    w.key("diagnostics")
    w.beginArray()
    for d in doc.diagnostics {
      w.beginObject()
      w.key("line")
      w.int(d.line)
      w.key("column")
      w.int(d.column)
      w.key("severity")
      w.string(d.severity.rawValue)
      w.key("message")
      w.string(d.message)
      w.endObject()
    }
    w.endArray()
    w.key("entities")
    w.beginArray()
    for e in doc.entities {
      w.beginObject()
      w.key("start")
      w.int(e.start)
      w.key("end")
      w.int(e.end)
      w.key("type")
      w.string(e.type.rawValue)
      w.key("text")
      w.string(e.text)
      w.key("normalized")
      w.string(e.normalized)
      if !e.subtype.isEmpty {
        w.key("subtype")
        w.string(e.subtype)
      }
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }

  /// Reads a document back from its JSON form (the source map is not part of it).
  /// - Parameter value: an object written by ``write(_:to:)``.
  /// - Returns: the document.
  /// - Throws: `SeekError(.invalidInput)` when `id`, `path` or `type` is missing or unknown.
  public static func decode(_ value: JSONValue) throws -> Document {
    guard let id = value["id"]?.stringValue, let path = value["path"]?.stringValue,
      let kind = value["type"]?.stringValue.flatMap(DocumentKind.init(rawValue:))
    else { throw SeekError(.invalidInput, "document JSON lacks id, path or a known type") }
    func text(_ key: String) -> String { value[key]?.stringValue ?? "" }
    var doc = Document(
      id: id, path: path, kind: kind, title: text("title"),
      headings: (value["headings"]?.arrayValue ?? []).compactMap(\.stringValue), body: text("body"),
      boilerplate: text("boilerplate"), description: text("description"), author: text("author"), date: text("date"),
      url: text("url"), lang: text("lang"))
    for (k, v) in value["metadata"]?.objectValue ?? [] { doc.metadata[k] = v.scalarText ?? "" }
    for d in value["diagnostics"]?.arrayValue ?? [] {
      doc.diagnostics.append(
        Diagnostic(
          path: path, line: d["line"]?.intValue ?? 0, column: d["column"]?.intValue ?? 0,
          severity: d["severity"]?.stringValue.flatMap(Diagnostic.Severity.init(rawValue:)) ?? .warning,
          message: d["message"]?.stringValue ?? ""))
    }
    for e in value["entities"]?.arrayValue ?? [] {
      guard let type = e["type"]?.stringValue.flatMap(EntityType.init(rawValue:)) else { continue }
      doc.entities.append(
        EntitySpan(
          start: e["start"]?.intValue ?? 0, end: e["end"]?.intValue ?? 0, type: type,
          text: e["text"]?.stringValue ?? "",
          normalized: e["normalized"]?.stringValue ?? "", subtype: e["subtype"]?.stringValue ?? ""))
    }
    return doc
  }
}
