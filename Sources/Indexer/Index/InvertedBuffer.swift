/// The writer's in-memory segment: an inverted index of the buffered documents, built per token without
/// per-token allocation (terms are interned in a byte arena with an open-addressing hash), flushed by
/// ``writeSegment(directory:name:sync:)``.
///
/// Per term it keeps the postings already encoded as varints (doc delta << 1 | freq == 1, freq) and the
/// positions as per-doc deltas.
final class InvertedBuffer {
  private var arena: [UInt8] = []
  private var termOffsets: [Int32] = []
  private var termLengths: [Int32] = []
  private var termHashes: [UInt32] = []
  private var slots: [Int32] = Array(repeating: -1, count: 1 << 12)
  private var docBytes: [[UInt8]] = []
  private var posBytes: [[UInt8]] = []
  private var lastDocs: [Int32] = []
  private var postingBytes = 0
  private var norms: [[UInt8]] = Array(repeating: [], count: IndexField.allCases.count)
  private var fieldUsed = [Bool](repeating: false, count: IndexField.allCases.count)
  private let stored = StoredFieldsWriter()
  private var idToDoc: [String: Int] = [:]
  private var pathToDocs: [String: [Int]] = [:]
  private var stringBytes = 0
  private var deletedDocs: [Int] = []
  private var deletedFlags: [Bool] = []
  private var scratch: [UInt64] = []
  /// Buffered documents.
  private(set) var docCount = 0

  /// Number of distinct (field, term) pairs.
  var termCount: Int { termOffsets.count }

  /// Estimated memory held, in bytes (compared with the writer's budget).
  var estimatedBytes: Int {
    arena.capacity + termOffsets.count * (16 + 2 * 40) + slots.count * 4 + postingBytes * 5 / 4
      + stored.memoryBytes + docCount * (IndexField.allCases.count + 16) + stringBytes * 2 + scratch.capacity * 8
  }

  @inline(__always) private static func hash(_ field: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    h = (h ^ UInt32(field)) &* 16_777_619
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }

  private func grow() {
    let capacity = slots.count * 2
    slots = Array(repeating: -1, count: capacity)
    let mask = capacity - 1
    for id in 0..<termHashes.count {
      var s = Int(termHashes[id]) & mask
      while slots[s] >= 0 { s = (s + 1) & mask }
      slots[s] = Int32(id)
    }
  }

  /// The id of a (field, term), interning it when new.
  private func intern(_ field: IndexField, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let h = Self.hash(field.rawValue, bytes)
    let mask = slots.count - 1
    var s = Int(h) & mask
    while true {
      let id = Int(slots[s])
      if id < 0 { break }
      if termHashes[id] == h && Int(termLengths[id]) == bytes.count + 1 {
        let offset = Int(termOffsets[id])
        let same = arena.withUnsafeBufferPointer { a in
          a[offset] == field.rawValue
            && (bytes.isEmpty || memcmp(a.baseAddress! + offset + 1, bytes.baseAddress!, bytes.count) == 0)
        }
        if same { return id }
      }
      s = (s + 1) & mask
    }
    let id = termOffsets.count
    termOffsets.append(Int32(arena.count))
    termLengths.append(Int32(bytes.count + 1))
    termHashes.append(h)
    arena.append(field.rawValue)
    arena.append(contentsOf: bytes)
    docBytes.append([])
    posBytes.append([])
    lastDocs.append(-1)
    slots[s] = Int32(id)
    if termOffsets.count * 2 > slots.count { grow() }
    return id
  }

  private func intern(_ field: IndexField, _ term: String) -> Int {
    var t = term
    return t.withUTF8 { intern(field, $0) }
  }

  @inline(__always) private static func appendVarint(_ a: inout [UInt8], _ value: UInt64) -> Int {
    var v = value
    var n = 1
    while v >= 0x80 {
      a.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
      n += 1
    }
    a.append(UInt8(v))
    return n
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
    for f in document.fields where f.field != .id && f.field != .path {
      for (i, term) in f.terms.enumerated() {
        let id = intern(f.field, term)
        let position = i < f.positions.count ? f.positions[i] : UInt32(truncatingIfNeeded: i)
        scratch.append(UInt64(id) << 32 | UInt64(f.field.hasPositions ? position : 0))
      }
      lengths[Int(f.field.rawValue)] &+= f.length
    }
    scratch.append(UInt64(intern(.id, document.id)) << 32)
    scratch.append(UInt64(intern(.path, document.path)) << 32)
    scratch.sort()
    var i = 0
    while i < scratch.count {
      let id = Int(scratch[i] >> 32)
      var j = i + 1
      while j < scratch.count && Int(scratch[j] >> 32) == id { j += 1 }
      let freq = j - i
      let field = IndexField(rawValue: arena[Int(termOffsets[id])])!
      fieldUsed[Int(field.rawValue)] = true
      let delta = UInt64(doc - Int(lastDocs[id]))
      postingBytes += Self.appendVarint(&docBytes[id], delta << 1 | (freq == 1 ? 1 : 0))
      if freq != 1 { postingBytes += Self.appendVarint(&docBytes[id], UInt64(freq)) }
      if field.hasPositions {
        var previous: UInt32 = 0
        for k in i..<j {
          let p = UInt32(truncatingIfNeeded: scratch[k])
          postingBytes += Self.appendVarint(&posBytes[id], UInt64(p &- previous))
          previous = p
        }
      }
      lastDocs[id] = Int32(doc)
      i = j
    }
    for field in IndexField.allCases where field.hasNorms {
      norms[Int(field.rawValue)].append(FieldNorm.encode(lengths[Int(field.rawValue)]))
    }
    stored.add(document.stored)
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

  /// Writes the buffer as a segment.
  /// - Returns: the segment's size in bytes.
  func writeSegment(directory: String, name: String, sync: Bool) throws -> Int {
    var order = Array(0..<termOffsets.count)
    arena.withUnsafeBufferPointer { a in
      order.sort { x, y in
        let ax = UnsafeBufferPointer(rebasing: a[Int(termOffsets[x])..<Int(termOffsets[x] + termLengths[x])])
        let ay = UnsafeBufferPointer(rebasing: a[Int(termOffsets[y])..<Int(termOffsets[y] + termLengths[y])])
        return compareBytes(ax, ay) < 0
      }
    }
    var fieldNorms: [[UInt8]?] = Array(repeating: nil, count: IndexField.allCases.count)
    for f in IndexField.allCases where f.hasNorms && fieldUsed[Int(f.rawValue)] {
      fieldNorms[Int(f.rawValue)] = norms[Int(f.rawValue)]
    }
    let writer = try SegmentWriter(
      directory: directory, name: name, maxDoc: docCount, norms: fieldNorms, sync: sync)
    var docs: [UInt32] = []
    var freqs: [UInt32] = []
    var positions: [UInt32] = []
    try arena.withUnsafeBufferPointer { a in
      for id in order {
        let start = Int(termOffsets[id])
        let field = IndexField(rawValue: a[start])!
        let term = UnsafeBufferPointer(rebasing: a[(start + 1)..<(start + Int(termLengths[id]))])
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        docBytes[id].withUnsafeBytes { raw in
          var r = ByteReader(raw)
          var doc = -1
          while !r.isAtEnd {
            let v = r.varint()
            doc += Int(v >> 1)
            docs.append(UInt32(doc))
            freqs.append(v & 1 == 1 ? 1 : r.uint32())
          }
        }
        if field.hasPositions {
          posBytes[id].withUnsafeBytes { raw in
            var r = ByteReader(raw)
            for f in freqs {
              var p: UInt32 = 0
              for _ in 0..<f {
                p &+= r.uint32()
                positions.append(p)
              }
            }
          }
        }
        try docs.withUnsafeBufferPointer { d in
          try freqs.withUnsafeBufferPointer { f in
            try positions.withUnsafeBufferPointer { p in
              try writer.addTerm(field: field, term: term, docs: d, freqs: f, positions: p)
            }
          }
        }
      }
    }
    return try writer.finish(stored: stored)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
