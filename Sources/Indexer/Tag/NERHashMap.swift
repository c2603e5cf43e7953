/// A small open-addressing map from 64-bit hashes to 32-bit values, much cheaper to probe than `Dictionary`
/// (no re-hashing of keys that are hashes already). Key 0 is kept aside so that every key is allowed.
package struct NERHashMap: Sendable {
  private var keys: [UInt64]
  private var values: [UInt32]
  private var mask: Int
  private var zeroValue: UInt32? = nil
  /// Number of keys.
  package private(set) var count = 0

  /// An empty map with room for `capacity` keys before it grows.
  package init(capacity: Int = 8) {
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    keys = [UInt64](repeating: 0, count: c)
    values = [UInt32](repeating: 0, count: c)
    mask = c - 1
  }

  /// A map holding the pairs of a dictionary.
  package init<V: BinaryInteger>(_ d: [UInt64: V]) {
    self.init(capacity: d.count)
    for (k, v) in d { self[k] = UInt32(truncatingIfNeeded: v) }
  }

  /// The value of `key`, or nil.
  @inline(__always) package subscript(key: UInt64) -> UInt32? {
    get {
      if key == 0 { return zeroValue }
      return keys.withUnsafeBufferPointer { k in
        var s = Int(truncatingIfNeeded: key) & mask
        while true {
          let found = k[s]
          if found == key { return values[s] }
          if found == 0 { return nil }
          s = (s + 1) & mask
        }
      }
    }
    set {
      guard let v = newValue else {
        preconditionFailure("NERHashMap does not remove keys")
      }
      if key == 0 {
        if zeroValue == nil { count += 1 }
        zeroValue = v
        return
      }
      var s = Int(truncatingIfNeeded: key) & mask
      while keys[s] != 0 && keys[s] != key { s = (s + 1) & mask }
      if keys[s] == 0 {
        if (count + 1) * 2 > mask + 1 {
          grow()
          self[key] = v
          return
        }
        keys[s] = key
        count += 1
      }
      values[s] = v
    }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    let c = (mask + 1) * 2
    keys = [UInt64](repeating: 0, count: c)
    values = [UInt32](repeating: 0, count: c)
    mask = c - 1
    count = zeroValue == nil ? 0 : 1
    for (k, v) in zip(oldKeys, oldValues) where k != 0 { self[k] = v }
  }
}
