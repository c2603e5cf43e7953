#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Entity-name keys (a type and bytes kept in a caller's arena) found by open addressing: ``FacetCounter`` keeps
/// one for the spellings it has seen and one for their lower-case groups. A key's index is its insertion order.
struct FacetKeyTable {
  /// Every key: its type and its bytes' range in the arena.
  private(set) var keys: [(type: EntityType, start: Int, count: Int)] = []
  /// Index + 1 per slot (0: empty); a power of two, at most half full.
  private var slots = [Int32](repeating: 0, count: 256)

  /// Finds a key.
  /// - Parameters:
  ///   - bytes: the key's bytes.
  ///   - type: its entity type.
  ///   - arena: the bytes of the keys inserted so far.
  /// - Returns: the key's index when present, and the slot to give ``insert(_:start:count:slot:arena:)`` when not.
  func find(_ bytes: UnsafeRawBufferPointer, _ type: EntityType, in arena: [UInt8]) -> (index: Int?, slot: Int) {
    let mask = slots.count - 1
    var k = Self.slot(bytes, type, mask: mask)
    while slots[k] != 0 {
      let i = Int(slots[k]) - 1
      let key = keys[i]
      if key.type == type && key.count == bytes.count
        && (key.count == 0
          || arena.withUnsafeBytes { memcmp($0.baseAddress! + key.start, bytes.baseAddress!, key.count) == 0 })
      {
        return (i, k)
      }
      k = (k + 1) & mask
    }
    return (nil, k)
  }

  /// Adds a key whose bytes are already in the arena, at the slot ``find(_:_:in:)`` gave for it.
  /// - Returns: its index.
  mutating func insert(_ type: EntityType, start: Int, count: Int, slot: Int, arena: [UInt8]) -> Int {
    keys.append((type, start, count))
    slots[slot] = Int32(keys.count)
    if keys.count * 2 > slots.count { grow(arena) }
    return keys.count - 1
  }

  private mutating func grow(_ arena: [UInt8]) {
    var grown = [Int32](repeating: 0, count: slots.count * 2)
    let mask = grown.count - 1
    arena.withUnsafeBytes { arena in
      for (i, key) in keys.enumerated() {
        let bytes = UnsafeRawBufferPointer(rebasing: arena[key.start..<(key.start + key.count)])
        var k = Self.slot(bytes, key.type, mask: mask)
        while grown[k] != 0 { k = (k + 1) & mask }
        grown[k] = Int32(i + 1)
      }
    }
    slots = grown
  }

  /// The first slot to probe for bytes of a type.
  private static func slot(_ key: UnsafeRawBufferPointer, _ type: EntityType, mask: Int) -> Int {
    let seed: UInt64 =
      switch type {
      case .person: 1
      case .org: 2
      case .loc: 3
      case .misc: 4
      case .date: 5
      case .money: 6
      case .percent: 7
      }
    // Eight bytes at a time, multiplied and folded (names are short; the table only needs a good spread).
    var h = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    var i = 0
    while i + 8 <= key.count {
      h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < key.count {
      tail |= UInt64(key[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 32
    return Int(truncatingIfNeeded: h) & mask
  }
}
