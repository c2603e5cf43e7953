#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `class` and `id` values ``HTMLCompactor`` replaced by short tokens, and how tokens read back.
///
/// libxml2 2.9 reads an attribute value one character at a time into a heap buffer it allocates and grows for
/// every value, about 200 instructions a character; `class="toclevel-2"` on every table-of-contents item costs
/// more than the item's text. A token is the marker byte 0x01 then the value's number in base 62 (`\u{1}0`,
/// `\u{1}1`...), so the values seen again and again on a page become two or three characters. The page builder
/// turns a token back into the value through the ``CompactionMap``. Tokens are made only on pages without a
/// 0x01 byte (libxml2 never produces one from a character reference: it refuses control characters), so every
/// value starting with the marker on such a page is a token.
final class ValueTokens {
  /// The first byte of a token.
  static let marker: UInt8 = 0x01
  /// NUL-terminated copies of the distinct values, in order of first use.
  let values = TrivialBuffer<UInt8>(capacity: 256)
  /// Where value k starts in `values`.
  let starts = TrivialBuffer<Int32>(capacity: 32)
  /// The last value seen per hash slot: its hash and index + 1 (0: none); repeated values get one number.
  private let recentHashes: UnsafeMutablePointer<UInt32>
  private let recentIndexes: UnsafeMutablePointer<Int32>

  init() {
    recentHashes = .allocate(capacity: 256)
    recentIndexes = .allocate(capacity: 256)
    recentIndexes.initialize(repeating: 0, count: 256)
    recentHashes.initialize(repeating: 0, count: 256)
  }

  deinit {
    recentHashes.deallocate()
    recentIndexes.deallocate()
  }

  /// The number of a value, made on first sight.
  /// - Parameters:
  ///   - p: the value's bytes (no NUL among them).
  ///   - length: its length.
  ///   - hash: a hash of the bytes.
  /// - Returns: the value's number.
  func index(of p: UnsafePointer<UInt8>, _ length: Int, hash: UInt32) -> Int {
    let slot = Int((hash ^ (hash >> 8) ^ (hash >> 16)) & 0xFF)
    let seen = Int(recentIndexes[slot]) - 1
    if seen >= 0, recentHashes[slot] == hash {
      let start = Int(starts[seen])
      if start + length < values.count, values[start + length] == 0, memcmp(values.base + start, p, length) == 0 {
        return seen
      }
    }
    let index = starts.count
    starts.append(Int32(values.count))
    for k in 0..<length { values.append(p[k]) }
    values.append(0)
    recentHashes[slot] = hash
    recentIndexes[slot] = Int32(index + 1)
    return index
  }

  /// The base-62 digit for `d` (< 62): `0-9`, `A-Z`, `a-z`.
  @inline(__always)
  static func digit(_ d: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: d < 10 ? 0x30 + d : d < 36 ? 0x41 + d - 10 : 0x61 + d - 36)
  }

  /// The number a NUL-terminated token stands for, or nil when it is not a well-formed token.
  static func number(ofToken p: UnsafePointer<UInt8>) -> Int? {
    guard p[0] == marker else { return nil }
    var v = 0
    var scale = 1
    var k = 1
    while p[k] != 0, k <= 5 {
      let b = p[k]
      let d: Int
      switch b {
      case 0x30...0x39: d = Int(b) - 0x30
      case 0x41...0x5A: d = Int(b) - 0x41 + 10
      case 0x61...0x7A: d = Int(b) - 0x61 + 36
      default: return nil
      }
      v += d * scale
      scale *= 62
      k += 1
    }
    return k > 1 && p[k] == 0 ? v : nil
  }
}
