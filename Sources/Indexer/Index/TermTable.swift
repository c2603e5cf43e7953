#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Interns (field, term) pairs to dense ids: the term bytes live in one arena (field byte first), found through
/// an open-addressing hash (FNV-1a, linear probing). A value type so its hot loop has no dynamic exclusivity
/// checks; the buffer calls it once per document.
struct TermTable {
  private(set) var arena: [UInt8] = []
  private(set) var offsets: [Int32] = []
  private(set) var lengths: [Int32] = []
  private var hashes: [UInt32] = []
  private var slots: [Int32] = Array(repeating: -1, count: 1 << 12)

  /// Number of interned pairs.
  var count: Int { offsets.count }

  /// Bytes held.
  var memoryBytes: Int { arena.capacity + offsets.capacity * 12 + slots.count * 4 }

  @inline(__always) private static func hash(_ field: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    h = (h ^ UInt32(field)) &* 16_777_619
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }

  private mutating func grow() {
    let capacity = slots.count * 2
    slots = Array(repeating: -1, count: capacity)
    let mask = capacity - 1
    for id in 0..<hashes.count {
      var s = Int(hashes[id]) & mask
      while slots[s] >= 0 { s = (s + 1) & mask }
      slots[s] = Int32(id)
    }
  }

  /// The id of a (field, term), interning it when new.
  mutating func intern(_ field: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let h = Self.hash(field, bytes)
    let mask = slots.count - 1
    var s = Int(h) & mask
    let length = Int32(bytes.count + 1)
    while true {
      let id = Int(slots[s])
      if id < 0 { break }
      if hashes[id] == h && lengths[id] == length {
        let offset = Int(offsets[id])
        let same = arena.withUnsafeBufferPointer { a in
          a[offset] == field
            && (bytes.isEmpty || memcmp(a.baseAddress! + offset + 1, bytes.baseAddress!, bytes.count) == 0)
        }
        if same { return id }
      }
      s = (s + 1) & mask
    }
    let id = offsets.count
    offsets.append(Int32(arena.count))
    lengths.append(length)
    hashes.append(h)
    arena.append(field)
    arena.append(contentsOf: bytes)
    slots[s] = Int32(id)
    if offsets.count * 2 > slots.count { grow() }
    return id
  }

  /// Interns a string term.
  mutating func intern(_ field: IndexField, _ term: String) -> Int {
    var t = term
    return t.withUTF8 { intern(field.rawValue, $0) }
  }

  /// Interns every term of a document and appends `id << 32 | position` per token to `pairs` (position 0 for
  /// fields without positions); adds each field's length to `lengths`.
  mutating func internDocument(_ document: IndexableDocument, pairs: inout [UInt64], lengths: inout [UInt32]) {
    for f in document.fields where f.field != .id && f.field != .path {
      let keepPositions = f.field.hasPositions
      for (i, term) in f.terms.enumerated() {
        let id = intern(f.field, term)
        let position = i < f.positions.count ? f.positions[i] : UInt32(truncatingIfNeeded: i)
        pairs.append(UInt64(id) << 32 | UInt64(keepPositions ? position : 0))
      }
      lengths[Int(f.field.rawValue)] &+= f.length
    }
    pairs.append(UInt64(intern(.id, document.id)) << 32)
    pairs.append(UInt64(intern(.path, document.path)) << 32)
  }

  /// The field byte of a term.
  @inline(__always) func field(_ id: Int) -> UInt8 { arena[Int(offsets[id])] }

  /// Term ids sorted by (field, term bytes).
  func sortedIDs() -> [Int] {
    var order = Array(0..<offsets.count)
    arena.withUnsafeBufferPointer { a in
      order.sort { x, y in
        let ax = UnsafeBufferPointer(rebasing: a[Int(offsets[x])..<Int(offsets[x] + lengths[x])])
        let ay = UnsafeBufferPointer(rebasing: a[Int(offsets[y])..<Int(offsets[y] + lengths[y])])
        return compareBytes(ax, ay) < 0
      }
    }
    return order
  }
}
