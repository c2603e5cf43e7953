/// The best candidates of one segment during term-at-a-time collection: a bounded min-heap of 64-bit keys that
/// order as ``TopScores`` orders candidates (higher score, then lower doc number), so that every comparison is one
/// integer compare instead of a float compare with an address tie-break.
///
/// The segment's best `capacity` documents are then offered to the shared ``TopScores``: the best k of all
/// documents are the best k of the earlier segments' and this segment's best k, so the final set is the one
/// inserting every document would give (the heap's internal order differs; every consumer sorts its candidates
/// with a total order first). A score of −0 (whose key would order below +0, unlike the float compare) must not be
/// inserted here: ``accepts(_:)``.
struct SegmentTopKeys {
  /// Room for `capacity` keys.
  private let keys: UnsafeMutablePointer<UInt64>
  /// Most keys kept.
  let capacity: Int
  /// Keys held.
  private(set) var count = 0

  /// - Parameters:
  ///   - keys: room for `capacity` keys (its content is ignored).
  ///   - capacity: most keys kept.
  init(keys: UnsafeMutablePointer<UInt64>, capacity: Int) {
    self.keys = keys
    self.capacity = capacity
  }

  /// The score a new document must reach once the heap is full (−∞ before, and always when `capacity` is 0).
  @inline(__always) var threshold: Float {
    count < capacity || count == 0 ? -.infinity : Self.score(keys[0])
  }

  /// Whether a score can be keyed: not −0 (keys order −0 below +0, where floats are equal).
  @inline(__always) static func accepts(_ score: Float) -> Bool { score.bitPattern != 0x8000_0000 }

  /// The key of a document: the score's bits mapped to an unsigned order-preserving form above the complemented
  /// doc number (a lower doc number, a larger key).
  @inline(__always) static func key(score: Float, doc: UInt32) -> UInt64 {
    let b = score.bitPattern
    let ordered = b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    return UInt64(ordered) << 32 | UInt64(~doc)
  }

  /// The score a key was made from (the same bits).
  @inline(__always) static func score(_ key: UInt64) -> Float {
    let ordered = UInt32(truncatingIfNeeded: key >> 32)
    return Float(bitPattern: ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered)
  }

  /// The doc number a key was made from.
  @inline(__always) static func doc(_ key: UInt64) -> UInt32 { ~UInt32(truncatingIfNeeded: key) }

  /// Adds a key when there is room or it beats the smallest (which it then replaces). Keys must be distinct.
  @inline(__always) mutating func insert(_ key: UInt64) {
    let h = keys
    if count < capacity {
      var i = count
      count += 1
      while i > 0 {
        let parent = (i &- 1) >> 1
        let p = h[parent]
        if p < key { break }
        h[i] = p
        i = parent
      }
      h[i] = key
      return
    }
    guard capacity > 0, key > h[0] else { return }
    let n = count
    var i = 0
    while true {
      let l = 2 &* i &+ 1
      if l >= n { break }
      var m = l
      var child = h[l]
      if l &+ 1 < n {
        let right = h[l &+ 1]
        if right < child {
          m = l &+ 1
          child = right
        }
      }
      if child > key { break }
      h[i] = child
      i = m
    }
    h[i] = key
  }

  /// Calls `body(score, doc)` for every key held (in no particular order).
  func visitAll(_ body: (Float, UInt32) -> Void) {
    for i in 0..<count { body(Self.score(keys[i]), Self.doc(keys[i])) }
  }
}
