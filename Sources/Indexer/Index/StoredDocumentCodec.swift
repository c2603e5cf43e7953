/// The compact binary form of a stored ``Document`` (inside zstd-compressed stored-field blocks).
///
/// Strings are varint length + UTF-8; integers varints (zig-zag where they may be negative); source-map anchors
/// are delta-coded by body offset. A leading version byte allows the layout to grow.
enum StoredDocumentCodec {
  private static let layoutVersion: UInt8 = 1

  /// Appends a document's bytes.
  static func encode(_ d: Document, into w: inout ByteWriter) {
    w.byte(layoutVersion)
    w.string(d.id)
    w.string(d.path)
    w.string(d.kind.rawValue)
    w.string(d.title)
    w.varint(d.headings.count)
    for h in d.headings { w.string(h) }
    w.string(d.body)
    w.string(d.boilerplate)
    w.string(d.description)
    w.string(d.author)
    w.string(d.date)
    w.string(d.url)
    w.string(d.lang)
    w.varint(d.metadata.count)
    for key in d.metadata.keys.sorted() {
      w.string(key)
      w.string(d.metadata[key]!)
    }
    w.varint(d.sourceMap.anchors.count)
    var previous = 0
    for a in d.sourceMap.anchors {
      w.signedVarint(a.bodyOffset - previous)
      previous = a.bodyOffset
      w.signedVarint(a.line)
      w.signedVarint(a.column)
      w.signedVarint(a.utf16Column - a.column)
    }
    w.varint(d.diagnostics.count)
    for g in d.diagnostics {
      w.string(g.path == d.path ? "" : g.path)
      w.byte(g.path == d.path ? 1 : 0)
      w.signedVarint(g.line)
      w.signedVarint(g.column)
      w.string(g.severity.rawValue)
      w.string(g.message)
    }
    w.varint(d.entities.count)
    var previousStart = 0
    for e in d.entities {
      w.signedVarint(e.start - previousStart)
      previousStart = e.start
      w.signedVarint(e.end - e.start)
      w.string(e.type.rawValue)
      w.string(e.text)
      w.string(e.normalized == e.text ? "" : e.normalized)
      w.byte(e.normalized == e.text ? 1 : 0)
      w.string(e.subtype)
    }
  }

  /// The bytes of one document.
  static func encode(_ d: Document) -> [UInt8] {
    var w = ByteWriter(capacity: d.body.utf8.count + 256)
    encode(d, into: &w)
    return w.bytes
  }

  /// Decodes a document.
  /// - Parameters:
  ///   - bytes: what ``encode(_:)`` wrote.
  ///   - source: the file, named in errors.
  /// - Throws: `SeekError(.corruptIndex)` when the bytes are not a document.
  static func decode(_ bytes: UnsafeRawBufferPointer, source: String) throws -> Document {
    var r = ByteReader(bytes)
    let bad = SeekError(.corruptIndex, "stored document in \(source) is damaged: run `seek check`, rebuild the index")
    guard r.byte() == layoutVersion else { throw bad }
    let id = r.string()
    let path = r.string()
    guard let kind = DocumentKind(rawValue: r.string()) else { throw bad }
    var d = Document(id: id, path: path, kind: kind)
    d.title = r.string()
    let headingCount = r.int()
    guard headingCount <= r.remaining else { throw bad }
    d.headings.reserveCapacity(headingCount)
    for _ in 0..<headingCount { d.headings.append(r.string()) }
    d.body = r.string()
    d.boilerplate = r.string()
    d.description = r.string()
    d.author = r.string()
    d.date = r.string()
    d.url = r.string()
    d.lang = r.string()
    let metaCount = r.int()
    guard metaCount <= r.remaining else { throw bad }
    for _ in 0..<metaCount {
      let k = r.string()
      d.metadata[k] = r.string()
    }
    let anchorCount = r.int()
    guard anchorCount <= r.remaining else { throw bad }
    var anchors: [SourceMap.Anchor] = []
    anchors.reserveCapacity(anchorCount)
    var offset = 0
    for _ in 0..<anchorCount {
      offset += r.signedVarint()
      let line = r.signedVarint()
      let column = r.signedVarint()
      let utf16 = column + r.signedVarint()
      anchors.append(SourceMap.Anchor(bodyOffset: offset, line: line, column: column, utf16Column: utf16))
    }
    d.sourceMap = SourceMap(anchors: anchors)
    let diagCount = r.int()
    guard diagCount <= r.remaining else { throw bad }
    for _ in 0..<diagCount {
      var p = r.string()
      if r.byte() == 1 { p = d.path }
      let line = r.signedVarint()
      let column = r.signedVarint()
      guard let severity = Diagnostic.Severity(rawValue: r.string()) else { throw bad }
      let message = r.string()
      d.diagnostics.append(Diagnostic(path: p, line: line, column: column, severity: severity, message: message))
    }
    let entityCount = r.int()
    guard entityCount <= r.remaining else { throw bad }
    var start = 0
    for _ in 0..<entityCount {
      start += r.signedVarint()
      let end = start + r.signedVarint()
      guard let type = EntityType(rawValue: r.string()) else { throw bad }
      let text = r.string()
      var normalized = r.string()
      if r.byte() == 1 { normalized = text }
      let subtype = r.string()
      d.entities.append(
        EntitySpan(start: start, end: end, type: type, text: text, normalized: normalized, subtype: subtype))
    }
    if r.overrun || !r.isAtEnd { throw bad }
    return d
  }
}
