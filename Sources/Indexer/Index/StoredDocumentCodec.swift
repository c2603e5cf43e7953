/// The compact binary form of a stored ``Document`` (inside zstd-compressed stored-field blocks).
///
/// Strings are varint length + UTF-8; integers varints (zig-zag where they may be negative); source-map anchors
/// are delta-coded by body offset. A leading version byte allows the layout to grow.
///
/// The body slot is either `0, string` (stored) or `form, offset, length, low 32 bits of the body's XXH64` (an
/// ``ExternalBody``: read back from the source file; 4 bytes of hash keep the per-record cost low). The title
/// slot is `0, string`, or `1` for an NDJSON record whose title is read back with its body.. The source-map slot is `anchor count + 1, anchors`, or `0`
/// for the map ``SourceMap/verbatim(_:)`` derives from an external plain-text body.
enum StoredDocumentCodec {
  private static let layoutVersion: UInt8 = 2

  /// A decoded document whose body may still be in its source file.
  struct Decoded {
    /// The document; `body` is "" while ``external`` is unresolved.
    var document: Document
    /// The body's reference, when it was not stored.
    var external: ExternalBody?
    /// The low 32 bits of the XXH64 of the body's UTF-8 (external bodies).
    var bodyHash: UInt32 = 0
    /// The source map is ``SourceMap/verbatim(_:)`` of the body.
    var verbatimSourceMap = false
    /// The title is read back with the body (NDJSON records); "" until then.
    var externalTitle = false
  }

  /// Appends a document's bytes.
  /// - Parameters:
  ///   - d: the document.
  ///   - external: where its body can be read back (then the body is not stored), or nil.
  ///   - w: the output.
  static func encode(_ d: Document, external: ExternalBody? = nil, into w: inout ByteWriter) {
    w.byte(layoutVersion)
    w.string(d.path)
    // The id is usually the path, or `path#key` for a record in a container: store only what differs.
    if d.id == d.path {
      w.byte(1)
    } else if let key = recordKey(id: d.id, path: d.path) {
      w.byte(2)
      w.string(key)
    } else {
      w.byte(0)
      w.string(d.id)
    }
    w.string(d.kind.rawValue)
    // An NDJSON record's title is read back with its body (most of what is left to store for such records).
    let externalTitle = external?.form == .ndjsonRecord
    if externalTitle {
      w.byte(1)
    } else {
      w.byte(0)
      w.string(d.title)
    }
    w.varint(d.headings.count)
    for h in d.headings { w.string(h) }
    var verbatim = false
    if let external {
      w.byte(external.form.rawValue)
      w.varint(external.offset)
      w.varint(external.length)
      let body = d.body
      w.uint32(ExternalBodyResolver.hash(body: body, title: externalTitle ? d.title : nil))
      verbatim = external.form == .text && d.sourceMap == .verbatim(d.body)
    } else {
      w.byte(0)
      w.string(d.body)
    }
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
    w.varint(verbatim ? 0 : d.sourceMap.anchors.count + 1)
    var previous = 0
    for a in verbatim ? [] : d.sourceMap.anchors {
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
      let type = typeName(e.type)
      w.varint(type.utf8CodeUnitCount)
      w.append(UnsafeRawBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
      w.string(e.text)
      let same = e.normalized == e.text
      w.string(same ? "" : e.normalized)
      w.byte(same ? 1 : 0)
      w.string(e.subtype)
    }
  }

  /// Calls `body` with the type and name of each entity of one encoded document (the normalized name, else the
  /// surface text, as facets show them), in stored order, skipping every other field without decoding it: entity
  /// facets read many documents and need nothing else. `StoredDocumentCodecTests` checks it against ``decode``.
  /// - Parameters:
  ///   - bytes: the document's encoding.
  ///   - source: the segment file (for the error message).
  ///   - body: called per entity with its name's UTF-8 bytes (valid only during the call).
  /// - Throws: `SeekError(.corruptIndex)` when the bytes are damaged.
  static func forEachEntity(
    _ bytes: UnsafeRawBufferPointer, source: String, _ body: (EntityType, UnsafeBufferPointer<UInt8>) -> Void
  ) throws {
    var r = ByteReader(bytes)
    let bad = SeekError(.corruptIndex, "stored document in \(source) is damaged: run `seek check`, rebuild the index")
    @inline(__always) func skipString() { r.skip(r.int()) }
    guard r.byte() == layoutVersion else { throw bad }
    skipString()  // path
    switch r.byte() {
    case 0, 2: skipString()  // id, or its record key
    case 1: break
    default: throw bad
    }
    skipString()  // kind
    switch r.byte() {
    case 0: skipString()  // title
    case 1: break
    default: throw bad
    }
    let headingCount = r.int()
    guard headingCount <= r.remaining else { throw bad }
    for _ in 0..<headingCount { skipString() }
    if r.byte() == 0 {
      skipString()  // body
    } else {
      _ = r.int()
      _ = r.int()
      _ = r.fixed32()
    }
    for _ in 0..<6 { skipString() }  // boilerplate, description, author, date, url, lang
    let metaCount = r.int()
    guard metaCount <= r.remaining else { throw bad }
    for _ in 0..<(2 * metaCount) { skipString() }
    let anchorCount = max(0, r.int() - 1)
    guard anchorCount <= r.remaining else { throw bad }
    for _ in 0..<(4 * anchorCount) { _ = r.varint() }
    let diagCount = r.int()
    guard diagCount <= r.remaining else { throw bad }
    for _ in 0..<diagCount {
      skipString()
      _ = r.byte()
      _ = r.varint()
      _ = r.varint()
      skipString()
      skipString()
    }
    let entityCount = r.int()
    guard entityCount <= r.remaining else { throw bad }
    for _ in 0..<entityCount {
      _ = r.varint()
      _ = r.varint()
      guard let type = entityType(r.bytes(r.int())) else { throw bad }
      let text = r.bytes(r.int())
      let normalized = r.bytes(r.int())
      let same = r.byte() == 1
      skipString()  // subtype
      if r.overrun { throw bad }
      body(type, same || normalized.isEmpty ? text : normalized)
    }
    if r.overrun || !r.isAtEnd { throw bad }
  }

  /// The entity type named by ``typeName(_:)``'s bytes.
  private static func entityType(_ name: UnsafeBufferPointer<UInt8>) -> EntityType? {
    for type in EntityType.allCases {
      let expected = typeName(type)
      if UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount).elementsEqual(name) {
        return type
      }
    }
    return nil
  }

  /// `type.rawValue` as a static string (no `String` made per entity).
  @inline(__always) static func typeName(_ type: EntityType) -> StaticString {
    switch type {
    case .person: "PERSON"
    case .org: "ORG"
    case .loc: "LOC"
    case .misc: "MISC"
    case .date: "DATE"
    case .money: "MONEY"
    case .percent: "PERCENT"
    }
  }

  /// `key` when `id` is, byte for byte, `path#key`.
  private static func recordKey(id: String, path: String) -> String? {
    let i = id.utf8
    let p = path.utf8
    guard i.count > p.count + 1, i.starts(with: p) else { return nil }
    let hash = i.index(i.startIndex, offsetBy: p.count)
    guard i[hash] == UInt8(ascii: "#") else { return nil }
    return String(decoding: i[i.index(after: hash)...], as: UTF8.self)
  }

  /// The bytes of one document.
  static func encode(_ d: Document, external: ExternalBody? = nil) -> [UInt8] {
    var w = ByteWriter(capacity: d.body.utf8.count + 256)
    encode(d, external: external, into: &w)
    return w.bytes
  }

  /// Decodes a document, leaving an external body unresolved (``ExternalBodyResolver`` reads it).
  /// - Parameters:
  ///   - bytes: what ``encode(_:external:)`` wrote.
  ///   - source: the file, named in errors.
  /// - Throws: `SeekError(.corruptIndex)` when the bytes are not a document.
  static func decode(_ bytes: UnsafeRawBufferPointer, source: String) throws -> Decoded {
    var r = ByteReader(bytes)
    let bad = SeekError(.corruptIndex, "stored document in \(source) is damaged: run `seek check`, rebuild the index")
    guard r.byte() == layoutVersion else { throw bad }
    let path = r.string()
    let id: String
    switch r.byte() {
    case 0: id = r.string()
    case 1: id = path
    case 2: id = path + "#" + r.string()
    default: throw bad
    }
    guard let kind = DocumentKind(rawValue: r.string()) else { throw bad }
    var d = Document(id: id, path: path, kind: kind)
    let externalTitle: Bool
    switch r.byte() {
    case 0:
      externalTitle = false
      d.title = r.string()
    case 1: externalTitle = true
    default: throw bad
    }
    let headingCount = r.int()
    guard headingCount <= r.remaining else { throw bad }
    d.headings.reserveCapacity(headingCount)
    for _ in 0..<headingCount { d.headings.append(r.string()) }
    var external: ExternalBody?
    var bodyHash: UInt32 = 0
    let bodyForm = r.byte()
    if bodyForm == 0 {
      d.body = r.string()
    } else {
      guard let form = ExternalBody.Form(rawValue: bodyForm) else { throw bad }
      let offset = r.int()
      let length = r.int()
      bodyHash = r.fixed32()
      guard offset >= 0, length >= 0 else { throw bad }
      external = ExternalBody(form: form, offset: offset, length: length)
    }
    guard !externalTitle || external?.form == .ndjsonRecord else { throw bad }
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
    let anchorSlot = r.int()
    let verbatim = anchorSlot == 0
    guard !verbatim || external?.form == .text else { throw bad }
    let anchorCount = max(0, anchorSlot - 1)
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
    return Decoded(
      document: d, external: external, bodyHash: bodyHash, verbatimSourceMap: verbatim, externalTitle: externalTitle)
  }
}
