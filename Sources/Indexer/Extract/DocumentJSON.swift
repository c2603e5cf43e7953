/// The JSON form of a ``Document`` printed by `seek extract --json` and returned by the daemon's `document`.
public enum DocumentJSON {
  /// Writes a document as one JSON object.
  /// - Parameters:
  ///   - doc: the document.
  ///   - w: the writer to append to.
  public static func write(_ doc: Document, to w: inout JSONWriter) {
    w.beginObject()
    w.key("id"); w.string(doc.id)
    w.key("path"); w.string(doc.path)
    w.key("type"); w.string(doc.kind.rawValue)
    w.key("title"); w.string(doc.title)
    w.key("headings"); w.beginArray(); for h in doc.headings { w.string(h) }; w.endArray()
    w.key("body"); w.string(doc.body)
    w.key("boilerplate"); w.string(doc.boilerplate)
    w.key("description"); w.string(doc.description)
    w.key("author"); w.string(doc.author)
    w.key("date"); w.string(doc.date)
    w.key("url"); w.string(doc.url)
    w.key("lang"); w.string(doc.lang)
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
      w.key("line"); w.int(d.line)
      w.key("column"); w.int(d.column)
      w.key("severity"); w.string(d.severity.rawValue)
      w.key("message"); w.string(d.message)
      w.endObject()
    }
    w.endArray()
    w.key("entities")
    w.beginArray()
    for e in doc.entities {
      w.beginObject()
      w.key("start"); w.int(e.start)
      w.key("end"); w.int(e.end)
      w.key("type"); w.string(e.type.rawValue)
      w.key("text"); w.string(e.text)
      w.key("normalized"); w.string(e.normalized)
      if !e.subtype.isEmpty { w.key("subtype"); w.string(e.subtype) }
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }
}
