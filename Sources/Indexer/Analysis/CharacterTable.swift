#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Character classes the tokenizer distinguishes.
enum CharacterClass {
  /// Ends a token: spaces, punctuation, symbols, emoji, invalid bytes.
  static let separator: UInt8 = 0
  /// Letters and digits of alphabetic scripts (and of scripts without CJK bigramming).
  static let word: UInt8 = 1
  /// Han, Hiragana, Katakana, Hangul (and Thai, Lao, Myanmar, Khmer): indexed as overlapping bigrams.
  static let cjk: UInt8 = 2
  /// Combining marks, soft hyphens and joiners: continue the token; may fold to nothing.
  static let mark: UInt8 = 3
  /// `'`, `’`, `ʼ`: joins letters (`don't` -> `dont`), ends a possessive (`China's` -> `china`).
  static let apostrophe: UInt8 = 4
  /// `-`, U+2010, U+2011: separates the parts of a hyphenated word.
  static let hyphen: UInt8 = 5
  /// `.`: joins digits (`3.5`) and single-letter acronyms (`U.S.` -> `us`).
  static let dot: UInt8 = 6
  /// `&`: joins short letter runs (`R&D` -> `r&d`, `AT&T` -> `at&t`).
  static let ampersand: UInt8 = 7
  /// `,` (ASCII tables only; table entries have three class bits): drops out of digit groups (`1,000` -> `1000`).
  static let comma: UInt8 = 9
}

/// Per-code-point class and folded form (Unicode case folding, compatibility decomposition, diacritics removed,
/// recomposed), expanded on first use from the table `CharacterTableBuilder` builds from utf8proc (kept in
/// `CharacterTableData.swift`, so no process pays for building it) and shared read-only by every tokenizer.
///
/// Entry layout (`UInt32`): bits 0-2 class, bit 3 "folds to itself", bits 4-9 folded UTF-8 length, bits 10-31
/// offset of the folded bytes in `folded`.
final class CharacterTable: @unchecked Sendable {
  /// The shared table (built lazily, thread-safely, on first access).
  static let shared = CharacterTable()

  /// Code points below this have a table entry; above it a few ranges are handled by `entry(_:)` directly.
  static let tableLimit: UInt32 = 0x30000

  /// Class of each ASCII byte.
  let asciiClass: UnsafeMutablePointer<UInt8>
  /// Lowercase form of each ASCII byte.
  let asciiFold: UnsafeMutablePointer<UInt8>
  /// One byte lookup for the hot loops: an ASCII letter or digit gives its lowercase byte (>= 48), other ASCII
  /// bytes their class (< 8), bytes >= 0x80 give `nonASCII`.
  let byteTable: UnsafeMutablePointer<UInt8>
  /// `byteTable` value for bytes >= 0x80.
  static let nonASCII: UInt8 = 8
  /// One entry per code point below `tableLimit`.
  let entries: UnsafeMutablePointer<UInt32>
  /// Folded UTF-8 bytes referenced by the entries.
  let folded: UnsafeMutablePointer<UInt8>
  /// Seconds the table took to set up.
  let buildSeconds: Double

  static let identityBit: UInt32 = 1 << 3
  static let cjkIdentity: UInt32 = UInt32(CharacterClass.cjk) | identityBit
  static let emptyMark: UInt32 = UInt32(CharacterClass.mark)

  private init() {
    let began = monotonicSeconds()
    asciiClass = .allocate(capacity: 128)
    asciiFold = .allocate(capacity: 128)
    for b in 0..<128 {
      let c = UInt8(b)
      asciiFold[b] = (c >= 65 && c <= 90) ? c + 32 : c
      switch c {
      case 48...57, 65...90, 97...122: asciiClass[b] = CharacterClass.word
      case 0x27: asciiClass[b] = CharacterClass.apostrophe
      case 0x2D: asciiClass[b] = CharacterClass.hyphen
      case 0x2E: asciiClass[b] = CharacterClass.dot
      case 0x26: asciiClass[b] = CharacterClass.ampersand
      case 0x2C: asciiClass[b] = CharacterClass.comma
      default: asciiClass[b] = CharacterClass.separator
      }
    }
    byteTable = .allocate(capacity: 256)
    for b in 0..<256 {
      byteTable[b] =
        b >= 128 ? Self.nonASCII : asciiClass[b] == CharacterClass.word ? asciiFold[b] : asciiClass[b]
    }
    // Expanded from the runs kept in `CharacterTableData` (what `CharacterTableBuilder` builds from utf8proc).
    let count = Int(Self.tableLimit)
    let table = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
    var cp = 0
    var offset: UInt32 = 0
    CharacterTableData.runs.withUnsafeBufferPointer { runs in
      for run in runs {
        let bits = run & 0x3FF
        let n = min(Int(run >> 10), count - cp)
        let length = bits >> 4 & 63
        if length == 0 {
          (table + cp).initialize(repeating: bits, count: n)
        } else {
          for k in 0..<n {
            (table + cp + k).initialize(to: bits | offset << 10)
            offset += length
          }
        }
        cp += n
      }
    }
    entries = table
    precondition(cp == count, "CharacterTableData covers \(cp) code points, not \(count): regenerate it")
    let data = CharacterTableData.folded
    folded = .allocate(capacity: max(data.utf8CodeUnitCount, 1))
    folded.initialize(from: data.utf8Start, count: data.utf8CodeUnitCount)
    buildSeconds = monotonicSeconds() - began
  }

  /// The entry for any code point.
  @inline(__always)
  func entry(_ cp: UInt32) -> UInt32 {
    if cp < Self.tableLimit { return entries[Int(cp)] }
    return Self.entryAboveTable(cp)
  }

  /// The entry for a code point at or above `tableLimit`.
  static func entryAboveTable(_ cp: UInt32) -> UInt32 {
    if cp <= 0x323AF { return Self.cjkIdentity }  // CJK Unified Ideographs Extensions G, H
    if cp >= 0xE0100 && cp <= 0xE01EF { return Self.emptyMark }  // variation selectors supplement
    return 0
  }
}

/// Monotonic clock in seconds.
private func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
