import Foundation

/// A segment's entity column (`sN.ent`): the distinct entity names of its documents, sorted, and per document the
/// names it mentions with their mention counts. Facets and `seek entities` count names from it without
/// decompressing stored documents.
///
/// A name is an entity type and the name facets count (the normalized name, else the surface text), as
/// ``StoredDocumentCodec/forEachEntity(_:source:_:)`` hands them out. Names are sorted by type code, then case
/// key (``FacetCounter``'s lower case), then bytes, so the case variants of a name ("WASHINGTON", "Washington")
/// are neighbours: one case group. Body (all integers little-endian): `UInt32 nameCount`, `UInt32 arenaBytes`,
/// `(nameCount + 1) × UInt32` name offsets into the arena, `nameCount × UInt8` type codes (``EntityType/allCases``
/// order), `⌈nameCount / 8⌉` bytes of group starts (bit `i % 8` of byte `i / 8` set when name `i` starts a case
/// group), the arena (the names' UTF-8 bytes in order), `(maxDoc + 1) × UInt32` offsets of each document's entries
/// (relative to the first entry byte), then the entries: per document, increasing ordinals as
/// `varint(ordinal - previous)` (the first from 0) and `varint(mentions)`. Written by ``EntityColumnBuilder`` for
/// new and merged segments; segments written before the file existed have none, which
/// ``SegmentCore/entityColumn`` reports as nil (facets then read stored bytes).
final class EntityColumn: @unchecked Sendable {
  private let file: MappedFile
  private let maxDoc: Int
  /// Distinct names in the segment.
  let nameCount: Int
  private let nameOffsets: UnsafeRawPointer
  private let typeCodes: UnsafePointer<UInt8>
  private let groupStarts: UnsafePointer<UInt8>
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
    let startsStart = typesStart + nameCount
    let arenaStart = startsStart + (nameCount + 7) / 8
    let docsStart = arenaStart + arenaCount
    let entriesStart = docsStart + 4 * (maxDoc + 1)
    guard entriesStart <= bytes.count else { throw file.corrupt("entity column tables") }
    nameOffsets = base + namesStart
    typeCodes = (base + typesStart).assumingMemoryBound(to: UInt8.self)
    groupStarts = (base + startsStart).assumingMemoryBound(to: UInt8.self)
    arena = (base + arenaStart).assumingMemoryBound(to: UInt8.self)
    docOffsets = base + docsStart
    entries = (base + entriesStart).assumingMemoryBound(to: UInt8.self)
    entriesCount = bytes.count - entriesStart
    let typeCount = EntityType.allCases.count
    var previous: UInt32 = 0
    for i in 0...nameCount {
      let o = UInt32(littleEndian: nameOffsets.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
      guard o >= previous, Int(o) <= arenaCount, i < nameCount || Int(o) == arenaCount else {
        throw file.corrupt("entity name offsets")
      }
      if i < nameCount && Int(typeCodes[i]) >= typeCount { throw file.corrupt("entity type code") }
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
  @inline(__always) func type(_ ordinal: Int) -> EntityType {
    switch typeCodes[ordinal] {
    case 0: .person
    case 1: .org
    case 2: .loc
    case 3: .misc
    case 4: .date
    case 5: .money
    default: .percent
    }
  }

  /// The type code (position in ``EntityType/allCases``) of a name.
  @inline(__always) func typeCode(_ ordinal: Int) -> Int { Int(typeCodes[ordinal]) }

  /// Whether a name starts a case group (the first name, or one whose type or case key differs from the
  /// previous name's).
  @inline(__always) func startsGroup(_ ordinal: Int) -> Bool { groupStarts[ordinal >> 3] & (1 << (ordinal & 7)) != 0 }

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
    let (start, end) = range(Int(doc))
    var r = ByteReader(base: entries, start: start, end: end)
    var ordinal: UInt32 = 0
    while !r.isAtEnd {
      ordinal &+= r.uint32()
      let mentions = r.uint32()
      if r.overrun || Int(ordinal) >= nameCount { return }
      body(ordinal, mentions)
    }
  }

  /// The byte range of a document's entries (`doc` below `maxDoc`).
  @inline(__always) private func range(_ doc: Int) -> (start: Int, end: Int) {
    (
      Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * doc, as: UInt32.self))),
      Int(UInt32(littleEndian: docOffsets.loadUnaligned(fromByteOffset: 4 * doc + 4, as: UInt32.self)))
    )
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
    var previousKey: [UInt8] = []
    var key: [UInt8] = []
    var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    for i in 0..<nameCount {
      let n = name(i)
      guard UTF8Validation.isValid(n) else { return "entity name \(i) is not valid UTF-8" }
      let t = Int(typeCodes[i])
      FacetCounter.lowercase(n, into: &key)
      // The order of this name's (type, case key) after the previous name's, then of the names themselves.
      let keyOrder = t != previousType ? (t > previousType ? 1 : -1) : compareBytes(key, previousKey)
      if i > 0 && (keyOrder < 0 || (keyOrder == 0 && compareBytes(n, previous) <= 0)) {
        return "entity names out of order at \(i)"
      }
      if startsGroup(i) != (i == 0 || keyOrder != 0) { return "entity case group wrongly marked at \(i)" }
      previousType = t
      swap(&previousKey, &key)
      previous = n
    }
    for doc in 0..<maxDoc {
      let (start, end) = range(doc)
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

}

/// The case groups of a segment's entity names: names of one type that differ only in case ("WASHINGTON",
/// "Washington") share a group, as ``FacetCounter`` groups them, so a document mentioning both counts once. The
/// column keeps a group's names together, groups in (type, case key) order: groups are read from its group-start
/// bits, and found by binary search.
struct EntityCaseGroups: Sendable {
  /// The group of each name ordinal.
  let groupOf: [Int32]
  /// Each group's first name ordinal, then the name count (a group's names are `first[g]..<first[g + 1]`).
  let first: [Int32]
  /// The groups of each type code: `typeStarts[t]..<typeStarts[t + 1]`.
  let typeStarts: [Int]

  /// How many groups.
  var count: Int { first.count - 1 }

  init(_ column: EntityColumn) {
    var groupOf = [Int32](repeating: 0, count: column.nameCount)
    var first: [Int32] = []
    var typeStarts = [Int](repeating: 0, count: EntityType.allCases.count + 1)
    for i in 0..<column.nameCount {
      if column.startsGroup(i) || i == 0 { first.append(Int32(i)) }
      groupOf[i] = Int32(first.count - 1)
      typeStarts[column.typeCode(i) + 1] = first.count
    }
    first.append(Int32(column.nameCount))
    // Types without names start where the previous type ended.
    for t in 1..<typeStarts.count { typeStarts[t] = max(typeStarts[t], typeStarts[t - 1]) }
    self.groupOf = groupOf
    self.first = first
    self.typeStarts = typeStarts
  }

  /// The group of a type and case key, by binary search.
  /// - Parameters:
  ///   - typeCode: the type's position in ``EntityType/allCases``.
  ///   - key: the case key (``FacetCounter``'s lower case of a name).
  ///   - column: the column these groups are of.
  ///   - scratch: room for a name's case key.
  /// - Returns: the group, or nil when the segment has no name of that key.
  func find(
    typeCode: Int, key: UnsafeBufferPointer<UInt8>, in column: EntityColumn, scratch: inout [UInt8]
  ) -> Int? {
    var lo = typeStarts[typeCode]
    var hi = typeStarts[typeCode + 1]
    while lo < hi {
      let mid = (lo + hi) >> 1
      FacetCounter.lowercase(column.name(Int(first[mid])), into: &scratch)
      let c = scratch.withUnsafeBufferPointer { compareBytes($0, key) }
      if c == 0 { return mid }
      if c < 0 { lo = mid + 1 } else { hi = mid }
    }
    return nil
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

  /// A type's position in ``EntityType/allCases`` (the column's type code).
  static func typeCode(_ type: EntityType) -> UInt8 {
    switch type {
    case .person: 0
    case .org: 1
    case .loc: 2
    case .misc: 3
    case .date: 4
    case .money: 5
    case .percent: 6
    }
  }

  /// Writes the column.
  /// - Parameters:
  ///   - path: the `.ent` path.
  ///   - sync: fsync when finished.
  /// - Returns: the bytes written.
  func write(path: String, sync: Bool) throws -> Int {
    let names = keys.keys
    let codes = names.map { Self.typeCode($0.type) }
    // Names sorted by type code, case key, then bytes; `rank[index]` is a name's ordinal in that order.
    var keyArena: [UInt8] = []
    var keyRanges: [Range<Int>] = []
    keyRanges.reserveCapacity(names.count)
    var key: [UInt8] = []
    arena.withUnsafeBufferPointer { a in
      for n in names {
        FacetCounter.lowercase(UnsafeBufferPointer(rebasing: a[n.start..<(n.start + n.count)]), into: &key)
        keyRanges.append(keyArena.count..<(keyArena.count + key.count))
        keyArena.append(contentsOf: key)
      }
    }
    let order: [Int] = arena.withUnsafeBufferPointer { a in
      keyArena.withUnsafeBufferPointer { k in
        func keyOrder(_ x: Int, _ y: Int) -> Int {
          compareBytes(
            UnsafeBufferPointer(rebasing: k[keyRanges[x]]), UnsafeBufferPointer(rebasing: k[keyRanges[y]]))
        }
        return names.indices.sorted { x, y in
          let cx = codes[x]
          let cy = codes[y]
          if cx != cy { return cx < cy }
          let c = keyOrder(x, y)
          if c != 0 { return c < 0 }
          let nx = names[x]
          let ny = names[y]
          return compareBytes(
            UnsafeBufferPointer(rebasing: a[nx.start..<(nx.start + nx.count)]),
            UnsafeBufferPointer(rebasing: a[ny.start..<(ny.start + ny.count)])) < 0
        }
      }
    }
    var rank = [UInt32](repeating: 0, count: names.count)
    for (r, i) in order.enumerated() { rank[i] = UInt32(r) }
    var head = ByteWriter(capacity: 8 + 5 * (names.count + 1) + names.count / 8 + 1 + arena.count)
    head.uint32(UInt32(names.count))
    head.uint32(UInt32(arena.count))
    var offset = 0
    head.uint32(0)
    for i in order {
      offset += names[i].count
      head.uint32(UInt32(offset))
    }
    for i in order { head.byte(codes[i]) }
    var starts = [UInt8](repeating: 0, count: (names.count + 7) / 8)
    keyArena.withUnsafeBufferPointer { k in
      for (r, i) in order.enumerated() {
        let isStart =
          r == 0 || codes[order[r - 1]] != codes[i]
          || compareBytes(
            UnsafeBufferPointer(rebasing: k[keyRanges[order[r - 1]]]), UnsafeBufferPointer(rebasing: k[keyRanges[i]]))
            != 0
        if isStart { starts[r >> 3] |= 1 << UInt8(r & 7) }
      }
    }
    head.append(starts)
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
