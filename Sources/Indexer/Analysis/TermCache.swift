#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Remembers the `(exact, term)` strings of recently analyzed folded tokens, so that frequent words skip the
/// stemmer and String creation. Open addressing over a byte arena; emptied when full. Not thread-safe: owned by
/// one `AnalysisContext`, which one thread borrows at a time.
///
/// All storage is behind `let` pointers, so the hot path pays no exclusivity checks.
final class TermCache {
  private static let capacity = 1 << 15
  private static let maxEntries = capacity / 2
  private static let maxKeyLength = 64
  private static let arenaCapacity = maxEntries * 16
  private let mask = TermCache.capacity - 1
  private let hashes: UnsafeMutablePointer<UInt64>
  private let keyOffsets: UnsafeMutablePointer<Int32>
  private let keyLengths: UnsafeMutablePointer<Int32>
  private let strings: UnsafeMutablePointer<(exact: String, term: String)>
  private let arena: UnsafeMutablePointer<UInt8>
  /// [0]: entries in use, [1]: arena bytes in use.
  private let state: UnsafeMutablePointer<Int>

  init() {
    hashes = .allocate(capacity: Self.capacity)
    hashes.initialize(repeating: 0, count: Self.capacity)
    keyOffsets = .allocate(capacity: Self.capacity)
    keyOffsets.initialize(repeating: 0, count: Self.capacity)
    keyLengths = .allocate(capacity: Self.capacity)
    keyLengths.initialize(repeating: 0, count: Self.capacity)
    strings = .allocate(capacity: Self.capacity)
    strings.initialize(repeating: ("", ""), count: Self.capacity)
    arena = .allocate(capacity: Self.arenaCapacity)
    state = .allocate(capacity: 2)
    state.initialize(repeating: 0, count: 2)
  }

  deinit {
    hashes.deallocate()
    keyOffsets.deallocate()
    keyLengths.deallocate()
    strings.deinitialize(count: Self.capacity)
    strings.deallocate()
    arena.deallocate()
    state.deallocate()
  }

  /// The cached strings for `key`, or the result of `make` (then cached).
  /// - Parameters:
  ///   - key: folded token bytes.
  ///   - make: computes `(exact, term)` on a miss.
  /// - Returns: `(exact, term)`.
  @inline(__always)
  func lookup(_ key: UnsafeBufferPointer<UInt8>, make: () -> (String, String)) -> (String, String) {
    let length = key.count
    guard length <= Self.maxKeyLength, let base = key.baseAddress else { return make() }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for k in 0..<length { hash = (hash ^ UInt64(base[k])) &* 0x100_0000_01b3 }
    hash |= 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while hashes[slot] != 0 {
      if hashes[slot] == hash && Int(keyLengths[slot]) == length
        && memcmp(arena + Int(keyOffsets[slot]), base, length) == 0
      {
        return strings[slot]
      }
      slot = (slot + 1) & mask
    }
    let made = make()
    if state[0] >= Self.maxEntries || state[1] + length > Self.arenaCapacity {
      clear()
      slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }
    hashes[slot] = hash
    keyOffsets[slot] = Int32(state[1])
    keyLengths[slot] = Int32(length)
    (arena + state[1]).update(from: base, count: length)
    strings[slot] = made
    state[0] += 1
    state[1] += length
    return made
  }

  private func clear() {
    for k in 0..<Self.capacity where hashes[k] != 0 {
      hashes[k] = 0
      strings[k] = ("", "")
    }
    state[0] = 0
    state[1] = 0
  }
}
