#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Remembers the `(exact, term)` strings of recently analyzed folded tokens, so that frequent words skip the
/// stemmer and String creation. Open addressing over a byte arena; emptied when full. Not thread-safe: owned by
/// one `AnalysisContext`, which one thread borrows at a time.
final class TermCache {
  private static let capacity = 1 << 15
  private static let maxEntries = capacity / 2
  private static let maxKeyLength = 64
  private let mask = TermCache.capacity - 1
  private var hashes: [UInt64]
  private var keyOffsets: [Int32]
  private var keyLengths: [Int32]
  private var exacts: [String]
  private var terms: [String]
  private var arena: [UInt8] = []
  private var count = 0

  init() {
    hashes = Array(repeating: 0, count: Self.capacity)
    keyOffsets = Array(repeating: 0, count: Self.capacity)
    keyLengths = Array(repeating: 0, count: Self.capacity)
    exacts = Array(repeating: "", count: Self.capacity)
    terms = Array(repeating: "", count: Self.capacity)
    arena.reserveCapacity(Self.maxEntries * 8)
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
      if hashes[slot] == hash && Int(keyLengths[slot]) == length {
        let matches = arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(keyOffsets[slot]), base, length) == 0 }
        if matches { return (exacts[slot], terms[slot]) }
      }
      slot = (slot + 1) & mask
    }
    let made = make()
    if count >= Self.maxEntries {
      clear()
      slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }
    hashes[slot] = hash
    keyOffsets[slot] = Int32(arena.count)
    keyLengths[slot] = Int32(length)
    arena.append(contentsOf: key)
    exacts[slot] = made.0
    terms[slot] = made.1
    count += 1
    return made
  }

  private func clear() {
    for k in 0..<Self.capacity where hashes[k] != 0 {
      hashes[k] = 0
      exacts[k] = ""
      terms[k] = ""
    }
    arena.removeAll(keepingCapacity: true)
    count = 0
  }
}
