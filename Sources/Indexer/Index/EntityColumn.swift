import Foundation

/// A segment's entity column (`sN.ent`): the distinct entity names of its documents, sorted, and per document the
/// names it mentions with their mention counts. Facets and `seek entities` count names from it without
/// decompressing stored documents.
///
/// A name is an entity type and the name facets count (the normalized name, else the surface text), as
/// ``StoredDocumentCodec/forEachEntity(_:source:_:)`` hands them out. Body (all integers little-endian):
/// `UInt32 nameCount`, `UInt32 arenaBytes`, `(nameCount + 1) × UInt32` name offsets into the arena,
/// `nameCount × UInt8` type codes (``EntityType/allCases`` order), the arena (names' UTF-8 bytes, sorted by type
/// code, then bytes), `(maxDoc + 1) × UInt32` offsets of each document's entries (relative to the first entry
/// byte), then the entries: per document, increasing ordinals as `varint(ordinal - previous)` (the first from 0)
/// and `varint(mentions)`. Written by ``EntityColumnBuilder`` for new and merged segments; segments written before
/// the file existed have none, which ``SegmentCore/entityColumn`` reports as nil (facets then read stored bytes).
final class EntityColumn: @unchecked Sendable {
  private let file: MappedFile
  private let maxDoc: Int
  /// Distinct names in the segment.
  let nameCount: Int
  private let nameOffsets: UnsafeRawPointer
  private let typeCodes: UnsafePointer<UInt8>
  private let arena: UnsafePointer<UInt8>
  private let arenaCount: Int
  private let docOffsets: UnsafeRawPointer
  private let entries: UnsafePointer<UInt8>
  private let entriesCount: Int
  private let lock = NSLock()
  private var groups: EntityCaseGroups?

  /// Opens an entity column.
  /// - Parameters:
  ///   - file: the mapped `.ent` file.
  ///   - maxDoc: the segment's document count.
  /// - Throws: `SeekError(.corruptIndex)` when its tables do not fit the file.
  init(file: MappedFile, maxDoc: Int) throws {
    self.file = file
    self.maxDoc = maxDoc
    let bytes = file.bytes
    let h = IndexFormat.headerSize
    guard let base = bytes.baseAddress, bytes.count >= h + 8 else { throw file.corrupt("entity column header") }
    nameCount = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: h, as: UInt32.self)))
    arenaCount = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: h + 4, as: UInt32.self)))
    let namesStart = h + 8
    let typesStart = namesStart + 4 * (nameCount + 1)
    let arenaStart = typesStart + nameCount
    let docsStart = arenaStart + arenaCount
    let entriesStart = docsStart + 4 * (maxDoc + 1)
    guard entriesStart <= bytes.count else { throw file.corrupt("entity column tables") }
    nameOffsets = base + namesStart
    typeCodes = (base + typesStart).assumingMemoryBound(to: UInt8.self)
    arena = (base + arenaStart).assumingMemoryBound(to: UInt8.self)
    docOffsets = base + docsStart
    entries = (base + entriesStart).assumingMemoryBound(to: UInt8.self)
    entriesCount = bytes.count - entriesStart
    var previous: UInt32 = 0
    for i in 0...nameCount {
      let o = UInt32(littleEndian: nameOffsets.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
      guard o >= previous, Int(o) <= arenaCount, i < nameCount || Int(o) == arenaCount else {
        throw file.corrupt("entity name offsets")
      }
      if i < nameCount && Int(typeCodes[i]) >= EntityType.allCases.count { throw file.corrupt("entity type code") }
      previous = o
    }
    previous = 0
    for doc in 0...maxDoc {
      let o = UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * doc, as: UInt32.self))
      guard o >= previous, Int(o) <= entriesCount else { throw file.corrupt("entity column offsets") }
      previous = o
    }
  }

  /// The type of a name.
  @inline(__always) func type(_ ordinal: Int) -> EntityType { EntityType.allCases[Int(typeCodes[ordinal])] }

  /// A name's UTF-8 bytes (valid while the column is open).
  @inline(__always) func name(_ ordinal: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(UInt32(littleEndian: nameOffsets.loadUnaligned(fromByteOffset: 4 * ordinal, as: UInt32.self)))
    let end = Int(UInt32(littleEndian: nameOffsets.loadUnaligned(fromByteOffset: 4 * ordinal + 4, as: UInt32.self)))
    return UnsafeBufferPointer(start: arena + start, count: end - start)
  }

  /// Calls `body` with each (ordinal, mentions) of a document, ordinals increasing; stops at a damaged entry.
  /// - Parameters:
  ///   - doc: a document of the segment (others have no entries).
  ///   - body: called once per distinct name of the document.
  @inline(__always)
  func forEach(_ doc: UInt32, _ body: (_ ordinal: UInt32, _ mentions: UInt32) -> Void) {
    guard Int(doc) < maxDoc else { return }
    let start = Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * Int(doc), as: UInt32.self)))
    let end = Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * Int(doc) + 4, as: UInt32.self)))
    var r = ByteReader(base: entries, start: start, end: end)
    var ordinal: UInt32 = 0
    while !r.isAtEnd {
      ordinal &+= r.uint32()
      let mentions = r.uint32()
      if r.overrun || Int(ordinal) >= nameCount { return }
      body(ordinal, mentions)
    }
  }

  /// The case group of every name, made on first use and kept while the segment is open.
  var caseGroups: EntityCaseGroups {
    lock.lock()
    defer { lock.unlock() }
    if let groups { return groups }
    let made = EntityCaseGroups(self)
    groups = made
    return made
  }

  /// Checks the names (valid UTF-8, sorted, distinct) and every document's entries (within range, ordinals
  /// increasing and below the name count, mentions positive), for `seek check`.
  /// - Returns: a problem, or nil.
  func check() -> String? {
    var previousType = -1
    var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    for i in 0..<nameCount {
      let n = name(i)
      guard UTF8Validation.isValid(n) else { return "entity name \(i) is not valid UTF-8" }
      let t = Int(typeCodes[i])
      if i > 0 && (t < previousType || (t == previousType && compareBytes(previous, n) >= 0)) {
        return "entity names out of order at \(i)"
      }
      previousType = t
      previous = n
    }
    for doc in 0..<maxDoc {
      let start = Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * doc, as: UInt32.self)))
      let end = Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * doc + 4, as: UInt32.self)))
      var r = ByteReader(base: entries, start: start, end: end)
      var ordinal: UInt32 = 0
      var first = true
      while !r.isAtEnd {
        let delta = r.uint32()
        let mentions = r.uint32()
        ordinal &+= delta
        if r.overrun || r.position > end || (!first && delta == 0) || Int(ordinal) >= nameCount || mentions == 0 {
          return "document \(doc) has a damaged entity entry"
        }
        first = false
      }
    }
    return nil
  }

  /// A document's names and mention counts (for checks and tests).
  func entries(_ doc: UInt32) -> [(type: EntityType, name: String, mentions: Int)] {
    var out: [(type: EntityType, name: String, mentions: Int)] = []
    forEach(doc) { o, m in
      out.append((type(Int(o)), String(decoding: name(Int(o)), as: UTF8.self), Int(m)))
    }
    return out
  }

  private func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(a.count, b.count)
    if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
      let c = memcmp(pa, pb, n)
      if c != 0 { return Int(c) }
    }
    return a.count - b.count
  }
}

/// The case groups of a segment's entity names: names of one type that differ only in case ("WASHINGTON",
/// "Washington") share a group, as ``FacetCounter`` groups them, so a document mentioning both counts once.
struct EntityCaseGroups: Sendable {
  /// The group of each name ordinal.
  let groupOf: [Int32]
  /// How many groups.
  let count: Int

  init(_ column: EntityColumn) {
    var keys = FacetKeyTable()
    var arena: [UInt8] = []
    var key: [UInt8] = []
    var groupOf = [Int32](repeating: 0, count: column.nameCount)
    for i in 0..<column.nameCount {
      let type = column.type(i)
      FacetCounter.lowercase(column.name(i), into: &key)
      let (known, slot) = key.withUnsafeBytes { keys.find($0, type, in: arena) }
      if let known {
        groupOf[i] = Int32(known)
      } else {
        let start = arena.count
        arena.append(contentsOf: key)
        groupOf[i] = Int32(keys.insert(type, start: start, count: key.count, slot: slot, arena: arena))
      }
    }
    self.groupOf = groupOf
    count = keys.keys.count
  }
}

/// Collects the entity names of the documents of a segment being written (flush or merge) and writes its
/// ``EntityColumn``.
struct EntityColumnBuilder {
  /// Distinct names so far (insertion order) over `arena`.
  private var keys = FacetKeyTable()
  private var arena: [UInt8] = []
  /// Per name: the last document that mentioned it and where its entry is in `ordinals`/`mentions`.
  private var lastDocument: [Int32] = []
  private var lastEntry: [Int32] = []
  /// Entries of every document, in document order: a name's insertion index and its mentions.
  private var ordinals: [UInt32] = []
  private var mentions: [UInt32] = []
  /// Where each document's entries start (one more than the documents finished).
  private var documentStarts: [Int] = [0]

  /// Documents finished so far.
  var documentCount: Int { documentStarts.count - 1 }

  /// Bytes held (for the writer's memory budget).
  var memoryBytes: Int {
    arena.capacity + 24 * keys.keys.count + 8 * lastDocument.capacity + 8 * ordinals.capacity
      + 8 * documentStarts.capacity
  }

  /// Counts one mention in the current document.
  /// - Parameters:
  ///   - type: the entity type.
  ///   - name: the name facets count (normalized, else the surface text), UTF-8.
  mutating func add(type: EntityType, name: UnsafeBufferPointer<UInt8>) {
    let (known, slot) = keys.find(UnsafeRawBufferPointer(name), type, in: arena)
    let index: Int
    if let known {
      index = known
    } else {
      let start = arena.count
      arena.append(contentsOf: name)
      index = keys.insert(type, start: start, count: name.count, slot: slot, arena: arena)
      lastDocument.append(-1)
      lastEntry.append(0)
    }
    let doc = Int32(documentCount)
    if lastDocument[index] == doc {
      mentions[Int(lastEntry[index])] += 1
    } else {
      lastDocument[index] = doc
      lastEntry[index] = Int32(ordinals.count)
      ordinals.append(UInt32(index))
      mentions.append(1)
    }
  }

  /// Adds every entity of a document and finishes it.
  mutating func add(_ entities: [EntitySpan]) {
    for e in entities {
      var name = e.normalized.isEmpty ? e.text : e.normalized
      name.withUTF8 { add(type: e.type, name: $0) }
    }
    finishDocument()
  }

  /// Finishes the current document (the next mention belongs to the next one).
  mutating func finishDocument() {
    documentStarts.append(ordinals.count)
  }

  /// Writes the column.
  /// - Parameters:
  ///   - path: the `.ent` path.
  ///   - sync: fsync when finished.
  /// - Returns: the bytes written.
  func write(path: String, sync: Bool) throws -> Int {
    let names = keys.keys
    let code = Dictionary(uniqueKeysWithValues: EntityType.allCases.enumerated().map { ($1, UInt8($0)) })
    // Names sorted by type code, then bytes; `rank[index]` is a name's ordinal in that order.
    let order: [Int] = arena.withUnsafeBufferPointer { a in
      names.indices.sorted { x, y in
        let kx = names[x]
        let ky = names[y]
        let cx = code[kx.type]!
        let cy = code[ky.type]!
        if cx != cy { return cx < cy }
        let n = min(kx.count, ky.count)
        if n > 0 {
          let c = memcmp(a.baseAddress! + kx.start, a.baseAddress! + ky.start, n)
          if c != 0 { return c < 0 }
        }
        return kx.count < ky.count
      }
    }
    var rank = [UInt32](repeating: 0, count: names.count)
    for (r, i) in order.enumerated() { rank[i] = UInt32(r) }
    var head = ByteWriter(capacity: 8 + 5 * (names.count + 1) + arena.count)
    head.uint32(UInt32(names.count))
    head.uint32(UInt32(arena.count))
    var offset = 0
    head.uint32(0)
    for i in order {
      offset += names[i].count
      head.uint32(UInt32(offset))
    }
    for i in order { head.byte(code[names[i].type]!) }
    for i in order { head.bytes.append(contentsOf: arena[names[i].start..<(names[i].start + names[i].count)]) }
    var table = ByteWriter(capacity: 4 * documentStarts.count)
    var body = ByteWriter(capacity: 2 * ordinals.count)
    var entries: [(UInt32, UInt32)] = []
    for doc in 0..<documentCount {
      table.uint32(UInt32(body.count))
      entries.removeAll(keepingCapacity: true)
      for k in documentStarts[doc]..<documentStarts[doc + 1] { entries.append((rank[Int(ordinals[k])], mentions[k])) }
      entries.sort { $0.0 < $1.0 }
      var previous: UInt32 = 0
      for (o, m) in entries {
        body.varint(o - previous)
        body.varint(m)
        previous = o
      }
    }
    table.uint32(UInt32(body.count))
    let out = try IndexOutput(path: path, kind: .entities, sync: sync)
    try out.write(head)
    try out.write(table)
    try out.write(body)
    return try out.finish()
  }
}
