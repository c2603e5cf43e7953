/// XXH64 (Yann Collet's xxHash, 64-bit), the checksum in every index file's footer.
///
/// Streaming: feed bytes with ``update(_:)`` in any chunking and read ``digest()``; the result equals the one-shot
/// ``hash(_:seed:)`` of the concatenation.
struct XXHash64 {
  private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

  private var v1: UInt64
  private var v2: UInt64
  private var v3: UInt64
  private var v4: UInt64
  private let seed: UInt64
  private var total: UInt64 = 0
  private var pending: [UInt8] = []

  /// Starts a hash.
  init(seed: UInt64 = 0) {
    self.seed = seed
    v1 = seed &+ Self.p1 &+ Self.p2
    v2 = seed &+ Self.p2
    v3 = seed
    v4 = seed &- Self.p1
    pending.reserveCapacity(32)
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

  @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
    rotl(acc &+ input &* p2, 31) &* p1
  }

  @inline(__always) private static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
    (acc ^ round(0, val)) &* p1 &+ p4
  }

  @inline(__always) private static func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always) private static func load32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  /// Consumes whole 32-byte stripes from `p`; returns the number of bytes consumed.
  private mutating func stripes(_ p: UnsafeRawPointer, _ count: Int) -> Int {
    var a = v1
    var b = v2
    var c = v3
    var d = v4
    var i = 0
    while i + 32 <= count {
      a = Self.round(a, Self.load64(p, i))
      b = Self.round(b, Self.load64(p, i + 8))
      c = Self.round(c, Self.load64(p, i + 16))
      d = Self.round(d, Self.load64(p, i + 24))
      i += 32
    }
    v1 = a
    v2 = b
    v3 = c
    v4 = d
    return i
  }

  /// Feeds bytes.
  /// - Parameter bytes: the next bytes of the input.
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    total &+= UInt64(bytes.count)
    var start = 0
    if !pending.isEmpty {
      let need = 32 - pending.count
      let take = min(need, bytes.count)
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
      start = take
      if pending.count < 32 { return }
      pending.withUnsafeBytes { _ = stripes($0.baseAddress!, 32) }
      pending.removeAll(keepingCapacity: true)
    }
    let used = stripes(base + start, bytes.count - start)
    start += used
    if start < bytes.count {
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: bytes.count - start))
    }
  }

  /// Feeds bytes.
  mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

  /// The hash of everything fed so far.
  func digest() -> UInt64 {
    var h: UInt64
    if total >= 32 {
      h = Self.rotl(v1, 1) &+ Self.rotl(v2, 7) &+ Self.rotl(v3, 12) &+ Self.rotl(v4, 18)
      h = Self.mergeRound(h, v1)
      h = Self.mergeRound(h, v2)
      h = Self.mergeRound(h, v3)
      h = Self.mergeRound(h, v4)
    } else {
      h = seed &+ Self.p5
    }
    h &+= total
    pending.withUnsafeBytes { raw in
      let n = raw.count
      guard n > 0, let p = raw.baseAddress else { return }
      var i = 0
      while i + 8 <= n {
        h ^= Self.round(0, Self.load64(p, i))
        h = Self.rotl(h, 27) &* Self.p1 &+ Self.p4
        i += 8
      }
      if i + 4 <= n {
        h ^= UInt64(Self.load32(p, i)) &* Self.p1
        h = Self.rotl(h, 23) &* Self.p2 &+ Self.p3
        i += 4
      }
      while i < n {
        h ^= UInt64(raw[i]) &* Self.p5
        h = Self.rotl(h, 11) &* Self.p1
        i += 1
      }
    }
    h ^= h >> 33
    h = h &* Self.p2
    h ^= h >> 29
    h = h &* Self.p3
    h ^= h >> 32
    return h
  }

  /// The XXH64 of a buffer.
  /// - Parameters:
  ///   - bytes: the input.
  ///   - seed: the seed (0 in index files).
  /// - Returns: the 64-bit hash.
  static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    var h = XXHash64(seed: seed)
    h.update(bytes)
    return h.digest()
  }

  /// The XXH64 of a byte array.
  static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 { bytes.withUnsafeBytes { hash($0, seed: seed) } }
}
