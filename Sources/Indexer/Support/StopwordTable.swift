/// A set of short ASCII words as an open-addressing table of their bytes packed into two integers: a probe costs a
/// multiplication and a comparison or two. Used for the query's function words (`QueryWordWeights`) and the
/// words no entity name consists of (`EntityNormalizer.nameFunctionWords`). Case-sensitive: probe lower case.
struct StopwordTable: Sendable {
  /// Longest word a key holds (8 bytes in the first integer, 7 in the second, the length in its top byte).
  static let maxLength = 15
  private let first: [UInt64]
  private let second: [UInt64]
  private let shift: UInt64

  /// - Parameter words: the words (longer ones than ``maxLength`` bytes are left out).
  init(_ words: Set<String>) {
    var size = 16
    while size < 4 * words.count { size *= 2 }
    let shift = UInt64(64 - size.trailingZeroBitCount)
    var first = [UInt64](repeating: 0, count: size)
    var second = [UInt64](repeating: 0, count: size)
    for word in words {
      var w = word
      w.withUTF8 { bytes in
        guard let (a, b) = Self.key(bytes) else { return }
        var i = Self.slot(a, b, shift)
        while second[i] != 0 && (first[i] != a || second[i] != b) { i = (i + 1) & (size - 1) }
        first[i] = a
        second[i] = b
      }
    }
    self.first = first
    self.second = second
    self.shift = shift
  }

  /// Whether the table holds the word.
  @inline(__always) func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let (a, b) = Self.key(word) else { return false }
    let mask = first.count - 1
    return first.withUnsafeBufferPointer { f in
      second.withUnsafeBufferPointer { s in
        var i = Self.slot(a, b, shift)
        while true {
          let k = s[i]
          if k == 0 { return false }
          if k == b && f[i] == a { return true }
          i = (i + 1) & mask
        }
      }
    }
  }

  /// The word's bytes and length packed into two integers (the second is never 0), or nil when too long or empty.
  @inline(__always) private static func key(_ word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
    let n = word.count
    guard n > 0, n <= maxLength else { return nil }
    var a: UInt64 = 0
    var b = UInt64(n) << 56
    for i in 0..<min(n, 8) { a |= UInt64(word[i]) << (8 * UInt64(i)) }
    if n > 8 { for i in 8..<n { b |= UInt64(word[i]) << (8 * UInt64(i - 8)) } }
    return (a, b)
  }

  @inline(__always) private static func slot(_ a: UInt64, _ b: UInt64, _ shift: UInt64) -> Int {
    Int(truncatingIfNeeded: ((a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }
}
