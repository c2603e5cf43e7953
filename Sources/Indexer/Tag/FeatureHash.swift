/// 64-bit hashing helpers for the tagger's sparse features.
package enum FeatureHash {
  /// Final avalanche (splitmix64).
  @inline(__always) package static func mix(_ x0: UInt64) -> UInt64 {
    var x = x0 &+ 0x9E37_79B9_7F4A_7C15
    x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
    x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
    return x ^ (x >> 31)
  }

  /// Combines a template id with one value.
  @inline(__always) package static func feature(_ template: UInt64, _ a: UInt64) -> UInt64 {
    let h = mix(a ^ (template &* 0xD6E8_FEB8_6659_FD93))
    return h == 0 ? 1 : h
  }

  /// Combines a template id with two values.
  @inline(__always) package static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
    feature(template, mix(a) ^ (b &* 0x9FB2_1C65_1E98_DF25))
  }

  /// Combines a template id with three values.
  @inline(__always) package static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64)
    -> UInt64
  {
    feature(template, mix(mix(a) ^ (b &* 0x9FB2_1C65_1E98_DF25)) ^ (c &* 0xC2B2_AE3D_27D4_EB4F))
  }

  /// FNV-1a over bytes, then mixed.
  @inline(__always) package static func bytes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var i = s
    while i < e {
      h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
      i += 1
    }
    return mix(h)
  }

  /// FNV-1a over an array of bytes, then mixed.
  package static func bytes(_ a: [UInt8]) -> UInt64 {
    a.withUnsafeBufferPointer { bytes($0, 0, $0.count) }
  }

  /// FNV-1a 64 over a whole buffer without the final mix (file checksums).
  package static func checksum(_ p: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    let words = p.count / 8
    for k in 0..<words {
      h = (h ^ p.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
    }
    for k in (words * 8)..<p.count { h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3 }
    return h
  }
}
