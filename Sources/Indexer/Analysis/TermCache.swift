#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Remembers the stems (and, once asked for, the `exact`/`term` strings) of recently analyzed folded tokens, so
/// that frequent words skip the stemmer and String creation. Open addressing over a byte arena; emptied when full.
/// Not thread-safe: owned by one `AnalysisContext`, which one thread borrows at a time.
///
/// Each slot is one 64-byte cache line holding the key's first 32 bytes and the term string, so a hit on the
/// indexing path (`slot(for:stem:)` then `term(_:)`) touches one line of the table and nothing else.
/// The hot path's storage is behind `let` pointers, so it pays no exclusivity checks; the `(exact, term)` string
/// pairs of `strings(_:)` (queries, `Analyzer.analyze`) live in a table made on first use.
///
/// The table starts small (4,096 slots, 256 KB) and doubles as it fills, up to 131,072 distinct tokens (16 MB of
/// slots): the 3,294 pages of wikipedia-2007 hold about 210,000, and each clear re-stems the working set
/// (callgrind: about 2,500 instructions a stem). A context that only ever analyzes queries stays small.
final class TermCache {
  /// Keys longer than this are not cached.
  static let maxKeyLength = 64
  /// Slots of a new table.
  static let initialCapacity = 1 << 12
  /// Slots of a full-grown table.
  static let maxCapacity = 1 << 18
  private static let maxEntries = maxCapacity / 2
  private static let arenaCapacity = maxEntries * 24
  /// The slots and their count (a power of two), behind a `let` pointer so the hot path pays no exclusivity check.
  private let table: UnsafeMutablePointer<(slots: UnsafeMutablePointer<Slot>, capacity: Int)>
  /// The string pairs of `strings(_:)`, made on first use.
  private var stringTable: StringTable?
  private let arena: UnsafeMutablePointer<UInt8>
  /// [0]: entries in use, [1]: arena bytes in use.
  private let state: UnsafeMutablePointer<Int>
  /// The stemmer for words, or nil when not stemming.
  let stemmer: Stemmer?

  /// Creates an empty cache.
  /// - Parameter stemmer: stems words on a miss (nil: terms are the folded forms).
  init(stemmer: Stemmer?) {
    assert(MemoryLayout<Slot>.stride == 64, "a TermCache slot should fill one cache line")
    self.stemmer = stemmer
    table = .allocate(capacity: 1)
    table.initialize(to: (Self.makeSlots(Self.initialCapacity), Self.initialCapacity))
    arena = .allocate(capacity: Self.arenaCapacity)
    state = .allocate(capacity: 2)
    state.initialize(repeating: 0, count: 2)
  }

  deinit {
    table.pointee.slots.deinitialize(count: table.pointee.capacity)
    UnsafeMutableRawPointer(table.pointee.slots).deallocate()
    table.deallocate()
    arena.deallocate()
    state.deallocate()
  }

  /// The slot holding `key`, stemming and inserting it on a miss.
  /// - Parameters:
  ///   - key: folded token bytes, at most `maxKeyLength`.
  ///   - stem: whether to stem it (words yes, CJK bigrams no).
  /// - Returns: the slot, valid until the next call.
  @inline(__always)
  func slot(for key: UnsafeBufferPointer<UInt8>, stem: Bool) -> Int {
    let head = KeyHead(key.baseAddress!, key.count)
    return slot(for: key, head: head, hash: Self.hash(head, key.count), stem: stem)
  }

  @inline(__always)
  private static func hash(_ head: KeyHead, _ length: Int) -> UInt64 {
    var hash = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
    hash = (hash ^ head.w0) &* 0xBF58_476D_1CE4_E5B9
    hash = (hash ^ head.w1 ^ (hash >> 31)) &* 0x94D0_49BB_1331_11EB
    hash = (hash ^ head.w2 ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
    hash = (hash ^ head.w3 ^ (hash >> 32)) &* 0x94D0_49BB_1331_11EB
    return hash ^ (hash >> 29)
  }

  @inline(__always)
  private func slot(for key: UnsafeBufferPointer<UInt8>, head: KeyHead, hash: UInt64, stem: Bool) -> Int {
    let length = key.count
    let base = key.baseAddress!
    let tag = UInt32(truncatingIfNeeded: hash >> 32) | 1
    let slots = table.pointee.slots
    let mask = table.pointee.capacity - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots + slot
      let entryTag = entry.pointee.tag
      if entryTag == 0 { break }
      if entryTag == tag && Int(entry.pointee.keyLength) == length && entry.pointee.head == head
        && (length <= KeyHead.bytes
          || Self.equal(
            arena + Int(entry.pointee.keyOffset) + KeyHead.bytes, base + KeyHead.bytes,
            length - KeyHead.bytes))
      {
        return slot
      }
      slot = (slot + 1) & mask
    }
    return insert(key, head: head, hash: hash, tag: tag, slot: slot, stem: stem)
  }

  @inline(never)
  private func insert(
    _ key: UnsafeBufferPointer<UInt8>, head: KeyHead, hash: UInt64, tag: UInt32, slot: Int, stem: Bool
  ) -> Int {
    let length = key.count
    var slot = slot
    if state[0] >= table.pointee.capacity / 2 && table.pointee.capacity < Self.maxCapacity {
      grow()
      slot = Self.freeSlot(hash, in: table.pointee.slots, mask: table.pointee.capacity - 1)
    } else if state[0] >= Self.maxEntries || state[1] + 2 * Self.maxKeyLength + 64 > Self.arenaCapacity {
      clear()
      slot = Self.freeSlot(hash, in: table.pointee.slots, mask: table.pointee.capacity - 1)
    }
    let slots = table.pointee.slots
    let keyOffset = state[1]
    (arena + keyOffset).update(from: key.baseAddress!, count: length)
    var stemOffset = keyOffset
    var stemLength = length
    if stem, let stemmer {
      stemmer.stem(key) { stem in
        if stem.count > 0 && stem.count <= Self.maxKeyLength + 64
          && !(stem.count == length && memcmp(stem.baseAddress!, key.baseAddress!, length) == 0)
        {
          stemOffset = keyOffset + length
          stemLength = stem.count
          (arena + stemOffset).update(from: stem.baseAddress!, count: stem.count)
        }
      }
    }
    slots[slot] = Slot(
      tag: tag, keyLength: UInt16(length), stemLength: UInt16(stemLength), keyOffset: UInt32(keyOffset),
      stemOffset: UInt32(stemOffset), head: head, term: nil)
    // The slot was empty, so its string pair (if any) was reset by `clear()`.
    state[0] += 1
    state[1] = max(keyOffset + length, stemOffset + stemLength)
    return slot
  }

  @inline(__always)
  private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
      let x = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
      let y = UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
      if x != y { return false }
      i += 8
    }
    while i < count {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// The folded (exact) bytes of a slot.
  @inline(__always)
  func exactBytes(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
    let slots = table.pointee.slots
    return UnsafeBufferPointer(start: arena + Int(slots[slot].keyOffset), count: Int(slots[slot].keyLength))
  }

  /// The term (stem) bytes of a slot.
  @inline(__always)
  func termBytes(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
    let slots = table.pointee.slots
    return UnsafeBufferPointer(start: arena + Int(slots[slot].stemOffset), count: Int(slots[slot].stemLength))
  }

  /// The `(exact, term)` strings of a slot, created on first request.
  @inline(__always)
  func strings(_ slot: Int) -> (exact: String, term: String) {
    let table = stringTable ?? makeStringTable()
    if table.has[slot] { return table.pairs[slot] }
    let exact = String(decoding: exactBytes(slot), as: UTF8.self)
    let slots = self.table.pointee.slots
    let term =
      slots[slot].stemOffset == slots[slot].keyOffset ? exact : String(decoding: termBytes(slot), as: UTF8.self)
    table.pairs[slot] = (exact, term)
    table.has[slot] = true
    return (exact, term)
  }

  @inline(never)
  private func makeStringTable() -> StringTable {
    let strings = StringTable(capacity: table.pointee.capacity)
    stringTable = strings
    return strings
  }

  /// The term (stem) string of a slot, created on first request and kept in the slot itself.
  @inline(__always)
  func term(_ slot: Int) -> String {
    if let term = table.pointee.slots[slot].term { return term }
    return makeTerm(slot)
  }

  @inline(never)
  private func makeTerm(_ slot: Int) -> String {
    let term = String(decoding: termBytes(slot), as: UTF8.self)
    table.pointee.slots[slot].term = term
    return term
  }

  private static func makeSlots(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
    let slots = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Slot>.stride, alignment: 64)
      .bindMemory(to: Slot.self, capacity: capacity)
    slots.initialize(repeating: Slot(), count: capacity)
    return slots
  }

  /// The first empty slot for `hash` (the table has room).
  private static func freeSlot(_ hash: UInt64, in slots: UnsafeMutablePointer<Slot>, mask: Int) -> Int {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot].tag != 0 { slot = (slot + 1) & mask }
    return slot
  }

  /// Doubles the table, moving every entry (and its string pair, if made) to its slot in the new one.
  @inline(never)
  private func grow() {
    let old = table.pointee
    let capacity = old.capacity * 2
    let slots = Self.makeSlots(capacity)
    let oldStrings = stringTable
    let strings = oldStrings.map { _ in StringTable(capacity: capacity) }
    for k in 0..<old.capacity {
      if old.slots[k].tag == 0 {
        (old.slots + k).deinitialize(count: 1)
        continue
      }
      let hash = Self.hash(old.slots[k].head, Int(old.slots[k].keyLength))
      let to = Self.freeSlot(hash, in: slots, mask: capacity - 1)
      (slots + to).pointee = (old.slots + k).move()
      if let oldStrings, let strings, oldStrings.has[k] {
        strings.pairs[to] = oldStrings.pairs[k]
        strings.has[to] = true
      }
    }
    UnsafeMutableRawPointer(old.slots).deallocate()
    table.pointee = (slots, capacity)
    stringTable = strings
  }

  private func clear() {
    let table = stringTable
    let slots = self.table.pointee.slots
    for k in 0..<self.table.pointee.capacity where slots[k].tag != 0 {
      slots[k].tag = 0
      slots[k].term = nil
      if let table, table.has[k] {
        table.pairs[k] = ("", "")
        table.has[k] = false
      }
    }
    state[0] = 0
    state[1] = 0
  }
}

/// The `(exact, term)` string pairs of a `TermCache`'s slots, for `TermCache.strings(_:)`.
private final class StringTable {
  let capacity: Int
  let has: UnsafeMutablePointer<Bool>
  let pairs: UnsafeMutablePointer<(exact: String, term: String)>

  init(capacity: Int) {
    self.capacity = capacity
    has = .allocate(capacity: capacity)
    has.initialize(repeating: false, count: capacity)
    pairs = .allocate(capacity: capacity)
    pairs.initialize(repeating: ("", ""), count: capacity)
  }

  deinit {
    has.deallocate()
    pairs.deinitialize(count: capacity)
    pairs.deallocate()
  }
}

/// The first `KeyHead.bytes` bytes of a key, zero-padded, as four words (compared without touching the arena).
private struct KeyHead: Equatable {
  static let bytes = 32
  var w0: UInt64 = 0
  var w1: UInt64 = 0
  var w2: UInt64 = 0
  var w3: UInt64 = 0

  init() {}

  @inline(__always)
  init(_ base: UnsafePointer<UInt8>, _ length: Int) {
    withUnsafeMutableBytes(of: &self) { raw in
      raw.baseAddress!.copyMemory(from: base, byteCount: min(length, Self.bytes))
    }
  }
}

/// One `TermCache` slot: one 64-byte cache line.
private struct Slot {
  /// Upper hash bits, never 0 in a used slot (0: empty).
  var tag: UInt32 = 0
  var keyLength: UInt16 = 0
  var stemLength: UInt16 = 0
  /// Key and stem bytes in the arena.
  var keyOffset: UInt32 = 0
  var stemOffset: UInt32 = 0
  var head = KeyHead()
  /// The term string, once made.
  var term: String? = nil
}
