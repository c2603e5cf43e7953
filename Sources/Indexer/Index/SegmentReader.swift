/// One segment as seen by a snapshot: the shared immutable core plus this snapshot's deletions.
///
/// Doc numbers are segment-local `UInt32`s in `0..<maxDoc`; ``IndexReader`` adds ``IndexReader/docBases`` for
/// snapshot-wide numbers.
public final class SegmentReader: @unchecked Sendable {
  let core: SegmentCore
  let deletions: DeletionBitmap?
  let deletionGeneration: Int
  private let deletionReference: FileReferences?

  init(core: SegmentCore, deletions: DeletionBitmap?, deletionGeneration: Int, deletionPath: String?) {
    self.core = core
    self.deletions = deletions
    self.deletionGeneration = deletionGeneration
    deletionReference = deletionPath.map { FileReferences([$0]) }
  }

  /// The segment's name (file prefix).
  public var name: String { core.name }
  /// Documents in the segment, deleted ones included; doc numbers are `0..<maxDoc`.
  public var maxDoc: Int { core.maxDoc }
  /// Deleted documents.
  public var deletedCount: Int { deletions?.count ?? 0 }
  /// Live documents.
  public var liveCount: Int { maxDoc - deletedCount }

  /// Whether a document is deleted (deleted documents still appear in postings until merged away).
  @inline(__always) public func isDeleted(_ doc: UInt32) -> Bool { deletions?.contains(Int(doc)) ?? false }

  /// The value of a single-valued keyword field (`id`, `path`) for a document, read from the index instead of the
  /// stored document (the table is built on first use and shared by every snapshot of the segment).
  /// - Parameters:
  ///   - field: `.id` or `.path`.
  ///   - doc: a doc number of this segment.
  /// - Returns: the value, or nil.
  public func keyword(_ field: IndexField, of doc: UInt32) -> String? {
    core.keywordColumns.value(field, doc, core: core)
  }

  /// The field's statistics in this segment.
  public func statistics(_ field: IndexField) -> FieldStatistics {
    core.fields[Int(field.rawValue)]?.statistics ?? FieldStatistics()
  }

  /// The norm byte of a document's field (see ``FieldNorm``); 0 when the document has no terms in it.
  @inline(__always) public func normByte(_ doc: UInt32, _ field: IndexField) -> UInt8 {
    core.normByte(Int(doc), field)
  }

  /// The field length used by BM25 (decoded norm: exact below 24, 4 significant bits above).
  public func fieldLength(_ doc: UInt32, _ field: IndexField) -> UInt32 {
    FieldNorm.decode(core.normByte(Int(doc), field))
  }

  /// Looks up a term.
  /// - Parameters:
  ///   - field: the field.
  ///   - term: the analyzed term.
  /// - Returns: its dictionary entry, or nil when absent.
  public func termInfo(_ field: IndexField, _ term: String) -> TermInfo? {
    var t = term
    return t.withUTF8 { core.termInfo(field, $0) }
  }

  /// Looks up a term given as UTF-8 bytes.
  public func termInfo(_ field: IndexField, bytes: [UInt8]) -> TermInfo? {
    bytes.withUnsafeBufferPointer { core.termInfo(field, $0) }
  }

  /// Whether the segment has term vectors (segments written before they existed have none).
  package var hasTermVectors: Bool { core.termVectors != nil }

  /// Whether the segment has an entity column (segments written before it existed have none).
  package var hasEntityColumn: Bool { core.entityColumn != nil }

  /// A document's term vector: its body terms that feedback may use, with their counts, in dictionary order
  /// (for tests and checks; searches read ``TermVectors`` directly).
  /// - Parameter doc: a document of the segment.
  /// - Returns: the terms and counts, or nil when the segment has no term vectors.
  package func termVector(_ doc: UInt32) -> [(term: String, count: Int)]? {
    guard let vectors = core.termVectors else { return nil }
    var out: [(term: String, count: Int)] = []
    vectors.forEach(doc) { ordinal, count in
      let bytes = core.term(.body, ordinal: Int(ordinal))?.bytes ?? []
      out.append((String(decoding: bytes, as: UTF8.self), Int(count)))
    }
    return out
  }

  /// An iterator over a term's postings.
  /// - Parameter info: from ``termInfo(_:_:)`` or a ``TermEnumerator`` of this segment.
  public func postings(_ info: TermInfo) -> PostingsIterator { PostingsIterator(core: core, info: info) }

  /// The postings of a term, or nil when absent.
  public func postings(_ field: IndexField, _ term: String) -> PostingsIterator? {
    termInfo(field, term).map { postings($0) }
  }

  /// An enumerator over the field's terms in byte order (call `next()` or `seek(ceil:)` first).
  public func terms(_ field: IndexField) -> TermEnumerator { TermEnumerator(core: core, field: field) }

  /// The stored document.
  /// - Parameters:
  ///   - doc: a doc number of this segment.
  ///   - resolveBody: read a body kept in its source file back (default); false leaves such a body "" (cheaper
  ///     when only titles, metadata or entities are needed).
  /// - Throws: `SeekError(.corruptIndex)` when its block is damaged.
  public func storedDocument(_ doc: UInt32, resolveBody: Bool = true) throws -> Document {
    try core.stored.document(Int(doc), resolveBody: resolveBody)
  }

  /// Calls `body` with the type and name (normalized, else surface) bytes of each entity of a stored document,
  /// without decoding the rest of it (entity facets).
  /// - Throws: `SeekError(.corruptIndex)` when its block is damaged.
  func forEachEntity(_ doc: UInt32, _ body: (EntityType, UnsafeBufferPointer<UInt8>) -> Void) throws {
    try core.stored.forEachEntity(Int(doc), body)
  }

  /// The live document with this `id`, if any.
  public func docNumber(forID id: String) -> UInt32? {
    guard let it = postings(.id, id) else { return nil }
    var d = it.nextDoc()
    while d != PostingsIterator.noMoreDocs {
      if !isDeleted(d) { return d }
      d = it.nextDoc()
    }
    return nil
  }

  /// Live documents whose source file is `path`.
  public func docNumbers(forPath path: String) -> [UInt32] {
    guard let it = postings(.path, path) else { return [] }
    var out: [UInt32] = []
    var d = it.nextDoc()
    while d != PostingsIterator.noMoreDocs {
      if !isDeleted(d) { out.append(d) }
      d = it.nextDoc()
    }
    return out
  }
}
