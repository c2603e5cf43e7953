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
  private static let capacity = 1 << 15
  private static let maxEntries = capacity / 2
  private static let arenaCapacity = maxEntries * 24
  private let mask = TermCache.capacity - 1
  private let hashes: UnsafeMutablePointer<UInt64>
  /// Per slot: key offset, key length, stem offset, stem length (in `arena`).
  private let ranges: UnsafeMutablePointer<SIMD4<Int32>>
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
    hashes = .allocate(capacity: Self.capacity)
    hashes.initialize(repeating: 0, count: Self.capacity)
    ranges = .allocate(capacity: Self.capacity)
    ranges.initialize(repeating: .zero, count: Self.capacity)
    hasStrings = .allocate(capacity: Self.capacity)
    hasStrings.initialize(repeating: false, count: Self.capacity)
    strings = .allocate(capacity: Self.capacity)
    strings.initialize(repeating: ("", ""), count: Self.capacity)
    arena = .allocate(capacity: Self.arenaCapacity)
    state = .allocate(capacity: 2)
    state.initialize(repeating: 0, count: 2)
  }

  deinit {
    hashes.deallocate()
    ranges.deallocate()
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
    hash |= 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while hashes[slot] != 0 {
      if hashes[slot] == hash && Int(ranges[slot][1]) == length
        && Self.equal(arena + Int(ranges[slot][0]), base, length)
      {
        return slot
      }
      slot = (slot + 1) & mask
    }
    return insert(key, hash: hash, slot: slot, stem: stem)
  }

  @inline(never)
  private func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int, stem: Bool) -> Int {
    let length = key.count
    var slot = slot
    if state[0] >= Self.maxEntries || state[1] + 2 * Self.maxKeyLength + 64 > Self.arenaCapacity {
      clear()
      slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
      while hashes[slot] != 0 { slot = (slot + 1) & mask }
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
    hashes[slot] = hash
    ranges[slot] = SIMD4(Int32(keyOffset), Int32(length), Int32(stemOffset), Int32(stemLength))
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
    UnsafeBufferPointer(start: arena + Int(ranges[slot][0]), count: Int(ranges[slot][1]))
  }

  /// The term (stem) bytes of a slot.
  @inline(__always)
  func termBytes(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: arena + Int(ranges[slot][2]), count: Int(ranges[slot][3]))
  }

  /// The `(exact, term)` strings of a slot, created on first request.
  @inline(__always)
  func strings(_ slot: Int) -> (exact: String, term: String) {
    if hasStrings[slot] { return strings[slot] }
    let exact = String(decoding: exactBytes(slot), as: UTF8.self)
    let range = ranges[slot]
    let term = range[2] == range[0] ? exact : String(decoding: termBytes(slot), as: UTF8.self)
    strings[slot] = (exact, term)
    hasStrings[slot] = true
    return (exact, term)
  }

  private func clear() {
    for k in 0..<Self.capacity where hashes[k] != 0 {
      hashes[k] = 0
      if hasStrings[k] {
        strings[k] = ("", "")
        hasStrings[k] = false
      }
    }
    state[0] = 0
    state[1] = 0
  }
}
