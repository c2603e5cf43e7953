#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Remembers the stems (and, once asked for, the `exact`/`term` strings) of recently analyzed folded tokens, so
/// that frequent words skip the stemmer and String creation. Open addressing over a byte arena; emptied when full.
/// Not thread-safe: owned by one `AnalysisContext`, which one thread borrows at a time.
///
/// All storage is behind `let` pointers, so the hot path pays no exclusivity checks.
final class TermCache {
  /// Keys longer than this are not cached.
  static let maxKeyLength = 64
  private static let capacity = 1 << 17
  private static let maxEntries = capacity / 2
  private static let arenaCapacity = maxEntries * 24
  private let mask = TermCache.capacity - 1
  /// Per slot, in one 16-byte load: hash (0: empty), key offset, key length, stem offset, stem length (in `arena`).
  private let slots: UnsafeMutablePointer<Slot>
  private let hasStrings: UnsafeMutablePointer<Bool>
  private let strings: UnsafeMutablePointer<(exact: String, term: String)>
  private let arena: UnsafeMutablePointer<UInt8>
  /// [0]: entries in use, [1]: arena bytes in use.
  private let state: UnsafeMutablePointer<Int>
  /// The stemmer for words, or nil when not stemming.
  let stemmer: Stemmer?

  /// Creates an empty cache.
  /// - Parameter stemmer: stems words on a miss (nil: terms are the folded forms).
  init(stemmer: Stemmer?) {
    self.stemmer = stemmer
    slots = .allocate(capacity: Self.capacity)
    slots.initialize(repeating: Slot(), count: Self.capacity)
    hasStrings = .allocate(capacity: Self.capacity)
    hasStrings.initialize(repeating: false, count: Self.capacity)
    strings = .allocate(capacity: Self.capacity)
    strings.initialize(repeating: ("", ""), count: Self.capacity)
    arena = .allocate(capacity: Self.arenaCapacity)
    state = .allocate(capacity: 2)
    state.initialize(repeating: 0, count: 2)
  }

  deinit {
    slots.deallocate()
    hasStrings.deallocate()
    strings.deinitialize(count: Self.capacity)
    strings.deallocate()
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
    let length = key.count
    let base = key.baseAddress!
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for k in 0..<length { hash = (hash ^ UInt64(base[k])) &* 0x100_0000_01b3 }
    let tag = UInt32(truncatingIfNeeded: hash >> 32) | 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while true {
      let entry = slots[slot]
      if entry.hash == 0 { break }
      if entry.hash == tag && Int(entry.keyLength) == length && Self.equal(arena + Int(entry.keyOffset), base, length) {
        return slot
      }
      slot = (slot + 1) & mask
    }
    return insert(key, hash: hash, tag: tag, slot: slot, stem: stem)
  }

  @inline(never)
  private func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, tag: UInt32, slot: Int, stem: Bool) -> Int {
    let length = key.count
    var slot = slot
    if state[0] >= Self.maxEntries || state[1] + 2 * Self.maxKeyLength + 64 > Self.arenaCapacity {
      clear()
      slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
      while slots[slot].hash != 0 { slot = (slot + 1) & mask }
    }
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
      hash: tag, keyOffset: UInt32(keyOffset), keyLength: UInt16(length), stemLength: UInt16(stemLength),
      stemOffset: UInt32(stemOffset))
    hasStrings[slot] = false
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
    UnsafeBufferPointer(start: arena + Int(slots[slot].keyOffset), count: Int(slots[slot].keyLength))
  }

  /// The term (stem) bytes of a slot.
  @inline(__always)
  func termBytes(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: arena + Int(slots[slot].stemOffset), count: Int(slots[slot].stemLength))
  }

  /// The `(exact, term)` strings of a slot, created on first request.
  @inline(__always)
  func strings(_ slot: Int) -> (exact: String, term: String) {
    if hasStrings[slot] { return strings[slot] }
    let exact = String(decoding: exactBytes(slot), as: UTF8.self)
    let term =
      slots[slot].stemOffset == slots[slot].keyOffset ? exact : String(decoding: termBytes(slot), as: UTF8.self)
    strings[slot] = (exact, term)
    hasStrings[slot] = true
    return (exact, term)
  }

  /// The term (stem) string of a slot, created on first request.
  @inline(__always)
  func term(_ slot: Int) -> String {
    hasStrings[slot] ? strings[slot].term : strings(slot).term
  }

  private func clear() {
    for k in 0..<Self.capacity where slots[k].hash != 0 {
      slots[k].hash = 0
      if hasStrings[k] {
        strings[k] = ("", "")
        hasStrings[k] = false
      }
    }
    state[0] = 0
    state[1] = 0
  }
}

/// One `TermCache` slot (16 bytes).
private struct Slot {
  var hash: UInt32 = 0
  var keyOffset: UInt32 = 0
  var keyLength: UInt16 = 0
  var stemLength: UInt16 = 0
  var stemOffset: UInt32 = 0
}
