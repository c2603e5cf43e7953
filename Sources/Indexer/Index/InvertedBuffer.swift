/// The writer's in-memory segment: an inverted index of the buffered documents, built per token without
/// per-token allocation (terms are interned in a byte arena with an open-addressing hash), flushed by
/// ``writeSegment(directory:name:sync:)``.
///
/// Per term it keeps the postings already encoded as varints (doc delta << 1 | freq == 1, freq) and the
/// positions as per-doc deltas.
final class InvertedBuffer {
  private var table = TermTable()
  private let pool = ByteSlicePool()
  /// Two streams per term: postings at `2 * id`, positions at `2 * id + 1`.
  private var streams: UnsafeMutablePointer<ByteSlicePool.Stream>
  private var lastDocs: UnsafeMutablePointer<Int32>
  private var termCapacity = 1024
  private var norms: [[UInt8]] = Array(repeating: [], count: IndexField.allCases.count)
  private var fieldUsed = [Bool](repeating: false, count: IndexField.allCases.count)
  private let stored = StoredFieldsWriter()
  /// The documents' entity names, for the segment's ``EntityColumn``.
  private var entities = EntityColumnBuilder()
  private var idToDoc: [String: Int] = [:]
  private var pathToDocs: [String: [Int]] = [:]
  private var stringBytes = 0
  private var deletedDocs: [Int] = []
  private var deletedFlags: [Bool] = []
  private var scratch: [UInt64] = []
  /// Buffered documents.
  private(set) var docCount = 0

  init() {
    streams = .allocate(capacity: 2 * termCapacity)
    lastDocs = .allocate(capacity: termCapacity)
  }

  deinit {
    streams.deallocate()
    lastDocs.deallocate()
  }

  private func growTermStorage() {
    let capacity = termCapacity * 2
    let s = UnsafeMutablePointer<ByteSlicePool.Stream>.allocate(capacity: 2 * capacity)
    s.moveInitialize(from: streams, count: 2 * termCapacity)
    streams.deallocate()
    streams = s
    let l = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    l.moveInitialize(from: lastDocs, count: termCapacity)
    lastDocs.deallocate()
    lastDocs = l
    termCapacity = capacity
  }

  /// Number of distinct (field, term) pairs.
  var termCount: Int { table.count }

  /// Estimated memory held, in bytes (compared with the writer's budget).
  var estimatedBytes: Int {
    table.memoryBytes + termCapacity * (2 * 16 + 4) + pool.memoryBytes
      + stored.memoryBytes + entities.memoryBytes + docCount * (IndexField.allCases.count + 16) + stringBytes * 2
      + scratch.capacity * 8
  }

  /// Buffers a document.
  /// - Parameter document: the analyzed document; its `id` and `path` are indexed as keyword terms (FieldTerms
  ///   for `.id`/`.path` are ignored).
  /// - Returns: its buffer-local doc number.
  @discardableResult
  func add(_ document: IndexableDocument) -> Int {
    let doc = docCount
    scratch.removeAll(keepingCapacity: true)
    var lengths = [UInt32](repeating: 0, count: IndexField.allCases.count)
    let before = table.count
    table.internDocument(document, pairs: &scratch, lengths: &lengths)
    if table.count > before {
      while table.count > termCapacity { growTermStorage() }
      (streams + 2 * before).initialize(repeating: ByteSlicePool.Stream(), count: 2 * (table.count - before))
      (lastDocs + before).initialize(repeating: -1, count: table.count - before)
    }
    scratch.sort()
    let streams = self.streams
    let lastDocs = self.lastDocs
    let pool = self.pool
    scratch.withUnsafeBufferPointer { pairs in
      table.arena.withUnsafeBufferPointer { arena in
        let offsets = table.offsets
        var i = 0
        while i < pairs.count {
          let id = Int(pairs[i] >> 32)
          var j = i + 1
          while j < pairs.count && Int(pairs[j] >> 32) == id { j += 1 }
          let freq = j - i
          let fieldByte = arena[Int(offsets[id])]
          let docStream = streams + 2 * id
          let delta = UInt64(doc - Int(lastDocs[id]))
          pool.writeVarint(docStream, delta << 1 | (freq == 1 ? 1 : 0))
          if freq != 1 { pool.writeVarint(docStream, UInt64(freq)) }
          if fieldByte <= IndexField.entity.rawValue {
            let posStream = docStream + 1
            var previous: UInt32 = 0
            for k in i..<j {
              let p = UInt32(truncatingIfNeeded: pairs[k])
              pool.writeVarint(posStream, UInt64(p &- previous))
              previous = p
            }
          }
          lastDocs[id] = Int32(doc)
          i = j
        }
      }
    }
    for f in document.fields where f.field != .id && f.field != .path && !f.terms.isEmpty {
      fieldUsed[Int(f.field.rawValue)] = true
    }
    fieldUsed[Int(IndexField.id.rawValue)] = true
    fieldUsed[Int(IndexField.path.rawValue)] = true
    for field in IndexField.allCases where field.hasNorms {
      norms[Int(field.rawValue)].append(FieldNorm.encode(lengths[Int(field.rawValue)]))
    }
    stored.add(document.stored, external: document.externalBody)
    entities.add(document.stored.entities)
    idToDoc[document.id] = doc
    pathToDocs[document.path, default: []].append(doc)
    stringBytes += document.id.utf8.count + document.path.utf8.count + 64
    deletedFlags.append(false)
    docCount += 1
    return doc
  }

  /// Deletes the buffered document with this id. - Returns: how many were deleted (0 or 1).
  @discardableResult
  func delete(id: String) -> Int {
    guard let d = idToDoc.removeValue(forKey: id), !deletedFlags[d] else { return 0 }
    deletedFlags[d] = true
    deletedDocs.append(d)
    return 1
  }

  /// Deletes the buffered documents of a source file. - Returns: how many.
  @discardableResult
  func delete(path: String) -> Int {
    guard let docs = pathToDocs.removeValue(forKey: path) else { return 0 }
    var n = 0
    for d in docs where !deletedFlags[d] {
      deletedFlags[d] = true
      deletedDocs.append(d)
      n += 1
    }
    return n
  }

  /// Buffered documents deleted since they were added.
  var deletedCount: Int { deletedDocs.count }

  /// The deletions of buffered docs, as a bitmap over `0..<docCount`.
  func deletionBitmap() -> DeletionBitmap {
    var b = DeletionBitmap(maxDoc: docCount)
    for d in deletedDocs { b.insert(d) }
    return b
  }

  /// Fields from this one on are encoded on a second thread while the writer's thread writes the text fields:
  /// the entity and keyword fields, then the norms and stored fields (the body field, the largest, stays on the
  /// writer's thread, which also builds the term vectors from it).
  static let firstBackgroundField = IndexField.person

  /// Writes the buffer as a segment, on two threads: this one writes the text fields' postings and the term
  /// vectors; another encodes the remaining fields' postings in memory (appended here when both are done) and
  /// writes the norms and stored fields. The files are the same as one thread writing everything in order.
  /// - Returns: the segment's size in bytes.
  func writeSegment(directory: String, name: String, sync: Bool) throws -> Int {
    let fieldNorms = IndexField.allCases.map { f -> [UInt8]? in
      f.hasNorms && fieldUsed[Int(f.rawValue)] ? norms[Int(f.rawValue)] : nil
    }
    let idsByField = termIDsByField()
    let split = Int(Self.firstBackgroundField.rawValue)
    let maxDoc = docCount
    let writer = try SegmentWriter(directory: directory, name: name, maxDoc: maxDoc, norms: fieldNorms, sync: sync)
    let buffer = Handoff(value: self)
    let background = BackgroundResult(thread: "seek-segment-\(name)") {
      () -> Result<(SegmentPostingsPart, Int), any Error> in
      Result {
        let me = buffer.value
        var part = SegmentPostingsPart(maxDoc: maxDoc, norms: fieldNorms)
        var postings = TermPostings()
        for f in split..<idsByField.count {
          for id in me.sortedByTerm(idsByField[f]) {
            me.withPostings(of: id, &postings) { field, term, docs, freqs, positions in
              part.addTerm(field: field, term: term, docs: docs, freqs: freqs, positions: positions)
            }
          }
        }
        part.finish()
        var bytes = try SegmentWriter.writeNorms(
          fieldNorms, directory: directory, name: name, maxDoc: maxDoc, sync: sync)
        precondition(me.stored.docCount == maxDoc, "stored documents must match maxDoc")
        let stoPath = directory + "/" + SegmentFiles.name(name, .stored)
        try me.stored.write(to: stoPath, sync: sync)
        bytes += IndexDirectory.fileSize(stoPath) ?? 0
        bytes += try me.entities.write(
          path: directory + "/" + SegmentFiles.name(name, .entities), sync: sync)
        return (part, bytes)
      }
    }
    do {
      var postings = TermPostings()
      for f in 0..<split {
        for id in sortedByTerm(idsByField[f]) {
          try withPostings(of: id, &postings) { field, term, docs, freqs, positions in
            try writer.addTerm(field: field, term: term, docs: docs, freqs: freqs, positions: positions)
          }
        }
      }
    } catch {
      _ = background.wait()
      throw error
    }
    let (part, bytes) = try background.wait().get()
    try writer.append(part)
    return try writer.finishPostings() + bytes
  }

  /// The term ids of each field (indexed by the field's raw value), in id order.
  private func termIDsByField() -> [[Int32]] {
    var ids = [[Int32]](repeating: [], count: IndexField.allCases.count)
    let offsets = table.offsets
    table.arena.withUnsafeBufferPointer { a in
      for id in 0..<offsets.count { ids[Int(a[Int(offsets[id])])].append(Int32(id)) }
    }
    return ids
  }

  /// Term ids of one field sorted by their bytes (the dictionary order): by the first 8 bytes as one number,
  /// then, for equal prefixes, by all the bytes.
  private func sortedByTerm(_ ids: [Int32]) -> [Int32] {
    guard ids.count > 1 else { return ids }
    let offsets = table.offsets
    let lengths = table.lengths
    return table.arena.withUnsafeBufferPointer { a -> [Int32] in
      var keyed = ids.map { id -> (key: UInt64, id: Int32) in
        let start = Int(offsets[Int(id)]) + 1
        let count = Int(lengths[Int(id)]) - 1
        var key: UInt64 = 0
        for i in 0..<8 { key = key << 8 | (i < count ? UInt64(a[start + i]) : 0) }
        return (key, id)
      }
      keyed.sort { x, y in
        if x.key != y.key { return x.key < y.key }
        let ox = Int(offsets[Int(x.id)]) + 1
        let oy = Int(offsets[Int(y.id)]) + 1
        let tx = UnsafeBufferPointer(rebasing: a[ox..<(ox + Int(lengths[Int(x.id)]) - 1)])
        let ty = UnsafeBufferPointer(rebasing: a[oy..<(oy + Int(lengths[Int(y.id)]) - 1)])
        return compareBytes(tx, ty) < 0
      }
      return keyed.map(\.id)
    }
  }

  /// Decodes a term's buffered postings (and positions) and calls `body` with them.
  private func withPostings(
    of id: Int32, _ p: inout TermPostings,
    _ body: (
      _ field: IndexField, _ term: UnsafeBufferPointer<UInt8>, _ docs: UnsafeBufferPointer<UInt32>,
      _ freqs: UnsafeBufferPointer<UInt32>, _ positions: UnsafeBufferPointer<UInt32>
    ) throws -> Void
  ) rethrows {
    let id = Int(id)
    p.docs.removeAll(keepingCapacity: true)
    p.freqs.removeAll(keepingCapacity: true)
    p.positions.removeAll(keepingCapacity: true)
    pool.read(streams[2 * id], into: &p.bytes)
    p.bytes.withUnsafeBytes { raw in
      var r = ByteReader(raw)
      var doc = -1
      while !r.isAtEnd {
        let v = r.varint()
        doc += Int(v >> 1)
        p.docs.append(UInt32(doc))
        p.freqs.append(v & 1 == 1 ? 1 : r.uint32())
      }
    }
    let start = Int(table.offsets[id])
    let length = Int(table.lengths[id])
    try table.arena.withUnsafeBufferPointer { a in
      let field = IndexField(rawValue: a[start])!
      if field.hasPositions {
        pool.read(streams[2 * id + 1], into: &p.bytes)
        p.bytes.withUnsafeBytes { raw in
          var r = ByteReader(raw)
          for f in p.freqs {
            var position: UInt32 = 0
            for _ in 0..<f {
              position &+= r.uint32()
              p.positions.append(position)
            }
          }
        }
      }
      let term = UnsafeBufferPointer(rebasing: a[(start + 1)..<(start + length)])
      try p.docs.withUnsafeBufferPointer { d in
        try p.freqs.withUnsafeBufferPointer { f in
          try p.positions.withUnsafeBufferPointer { try body(field, term, d, f, $0) }
        }
      }
    }
  }
}

/// One term's decoded postings, reused from term to term.
private struct TermPostings {
  var docs: [UInt32] = []
  var freqs: [UInt32] = []
  var positions: [UInt32] = []
  var bytes: [UInt8] = []
}
