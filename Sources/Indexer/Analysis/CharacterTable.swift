import CUtf8proc

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
/// recomposed), built once from utf8proc on first use and shared read-only by every tokenizer.
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
  /// Seconds the build took (for the benchmark's report).
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
    let count = Int(Self.tableLimit)
    entries = .allocate(capacity: count)
    var arena: [UInt8] = []
    arena.reserveCapacity(1 << 18)
    var scratch = [Int32](repeating: 0, count: 64)
    var utf8: [UInt8] = []
    for cp in 0..<UInt32(count) {
      entries[Int(cp)] = Self.buildEntry(cp, scratch: &scratch, utf8: &utf8, arena: &arena)
    }
    let foldedBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(arena.count, 1))
    arena.withUnsafeBufferPointer { foldedBytes.initialize(from: $0.baseAddress!, count: $0.count) }
    folded = foldedBytes
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

  // MARK: Building

  private static func buildEntry(
    _ cp: UInt32, scratch: inout [Int32], utf8: inout [UInt8], arena: inout [UInt8]
  ) -> UInt32 {
    if cp >= 0xD800 && cp <= 0xDFFF { return 0 }
    switch cp {
    case 0x27, 0x2019, 0x02BC: return UInt32(CharacterClass.apostrophe)
    case 0x2D, 0x2010, 0x2011: return UInt32(CharacterClass.hyphen)
    case 0x2E: return UInt32(CharacterClass.dot)
    case 0x26: return UInt32(CharacterClass.ampersand)
    // Soft hyphen, zero-width non-joiner and joiner, word joiner, Arabic tatweel: invisible inside words.
    case 0x00AD, 0x200C, 0x200D, 0x2060, 0x0640: return emptyMark
    case 0xFE00...0xFE0F: return emptyMark  // variation selectors
    default: break
    }
    let category = Int(utf8proc_category(Int32(cp)).rawValue)
    let isLetter = category >= 1 && category <= 5  // Lu Ll Lt Lm Lo
    let isMark = category >= 6 && category <= 8  // Mn Mc Me
    let isNumber = category >= 9 && category <= 11  // Nd Nl No
    guard isLetter || isMark || isNumber else { return 0 }
    let cls: UInt8
    if isHan(cp) {
      // Unified ideographs fold to themselves; compatibility ideographs fold to unified ones.
      if !(cp >= 0xF900 && cp <= 0xFAFF) && !(cp >= 0x2F800 && cp <= 0x2FA1F) { return cjkIdentity }
      cls = CharacterClass.cjk
    } else if isKanaOrHangul(cp) || isUnspacedSoutheastAsian(cp) {
      if isMark || (cp >= 0xFF9E && cp <= 0xFF9F) {
        cls = CharacterClass.mark
      } else {
        if cp >= 0xAC00 && cp <= 0xD7A3 { return cjkIdentity }  // Hangul syllables
        cls = CharacterClass.cjk
      }
    } else {
      cls = isMark ? CharacterClass.mark : CharacterClass.word
    }
    // Fold: case fold + compatibility decomposition, drop diacritics and non-word leftovers, recompose.
    var boundClass: Int32 = 0
    let options = utf8proc_option_t(
      rawValue: UTF8PROC_CASEFOLD.rawValue | UTF8PROC_DECOMPOSE.rawValue | UTF8PROC_COMPAT.rawValue)
    var n = scratch.withUnsafeMutableBufferPointer {
      utf8proc_decompose_char(Int32(cp), $0.baseAddress!, $0.count, options, &boundClass)
    }
    if n < 0 || n > scratch.count { return UInt32(cls) | identityBit }
    // Most characters fold to themselves: skip the filtering and recomposition.
    if n == 1 && UInt32(scratch[0]) == cp && !(isMark && isDiacritic(cp)) && latinLetterFolds[cp] == nil {
      return UInt32(cls) | identityBit
    }
    var kept = 0
    let decomposed = Array(scratch[0..<n])
    for c in decomposed {
      let cat = Int(utf8proc_category(c).rawValue)
      if cat >= 6 && cat <= 8 {
        if isDiacritic(UInt32(c)) && (!isCyrillic(cp) || cp == 0x401 || cp == 0x451) { continue }
      } else if !(cat >= 1 && cat <= 5) && !(cat >= 9 && cat <= 11) {
        continue
      }
      if let replacement = latinLetterFolds[UInt32(c)] {
        for r in replacement.unicodeScalars {
          guard kept < scratch.count else { break }
          scratch[kept] = Int32(r.value)
          kept += 1
        }
        continue
      }
      scratch[kept] = c
      kept += 1
    }
    n = kept
    if n > 1 {
      n = scratch.withUnsafeMutableBufferPointer {
        utf8proc_normalize_utf32($0.baseAddress!, n, utf8proc_option_t(rawValue: UTF8PROC_COMPOSE.rawValue))
      }
      if n < 0 { return UInt32(cls) | identityBit }
    }
    if n == 1 && UInt32(scratch[0]) == cp { return UInt32(cls) | identityBit }
    utf8.removeAll(keepingCapacity: true)
    for k in 0..<n {
      let before = utf8.count
      appendUTF8(UInt32(scratch[k]), to: &utf8)
      if utf8.count > 63 {
        utf8.removeSubrange(before...)
        break
      }
    }
    let offset = UInt32(arena.count)
    arena.append(contentsOf: utf8)
    return UInt32(cls) | UInt32(utf8.count) << 4 | offset << 10
  }

  private static func isHan(_ cp: UInt32) -> Bool {
    switch cp {
    case 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B: return true  // 々 〇 Hangzhou numerals
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return true
    case 0x20000...0x2FA1F: return true
    default: return false
    }
  }

  private static func isKanaOrHangul(_ cp: UInt32) -> Bool {
    switch cp {
    case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true  // Hiragana, Katakana, half-width
    case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xFFA0...0xFFDC: return true  // Hangul
    case 0x1B000...0x1B16F: return true  // Kana supplement, extended
    default: return false
    }
  }

  /// Latin letters that carry a diacritic or ligature without a Unicode decomposition, folded the way search
  /// engines commonly do (`Łódź` -> `lodz`, `Æsir` -> `aesir`). Applied after case folding.
  private static let latinLetterFolds: [UInt32: String] = [
    0xF8: "o", 0xE6: "ae", 0x153: "oe", 0x142: "l", 0x111: "d", 0xF0: "d", 0xFE: "th", 0x127: "h", 0x167: "t",
    0x131: "i", 0x180: "b", 0x188: "c", 0x192: "f", 0x199: "k", 0x19A: "l", 0x1B4: "y", 0x1B6: "z", 0x25B: "e",
    0x254: "o", 0x1E9D: "ss",
  ]

  /// Cyrillic letters keep their marks (`й` is a letter of its own, and the Russian stemmer needs it), except
  /// `ё`, which folds to `е` as Russian search commonly does.
  private static func isCyrillic(_ cp: UInt32) -> Bool { cp >= 0x400 && cp <= 0x52F }

  /// Thai, Lao, Myanmar and Khmer: written without spaces between words, so bigrammed like CJK.
  private static func isUnspacedSoutheastAsian(_ cp: UInt32) -> Bool {
    switch cp {
    case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return true
    default: return false
    }
  }

  /// Combining marks removed by diacritic folding (Latin, Greek, Cyrillic accents; Hebrew points; Arabic harakat).
  private static func isDiacritic(_ cp: UInt32) -> Bool {
    switch cp {
    case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: return true
    case 0x0483...0x0489, 0x0591...0x05C7, 0x064B...0x065F, 0x0670: return true
    default: return false
    }
  }

  private static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
    if cp < 0x80 {
      out.append(UInt8(cp))
    } else if cp < 0x800 {
      out.append(UInt8(0xC0 | cp >> 6))
      out.append(UInt8(0x80 | cp & 0x3F))
    } else if cp < 0x10000 {
      out.append(UInt8(0xE0 | cp >> 12))
      out.append(UInt8(0x80 | (cp >> 6) & 0x3F))
      out.append(UInt8(0x80 | cp & 0x3F))
    } else {
      out.append(UInt8(0xF0 | cp >> 18))
      out.append(UInt8(0x80 | (cp >> 12) & 0x3F))
      out.append(UInt8(0x80 | (cp >> 6) & 0x3F))
      out.append(UInt8(0x80 | cp & 0x3F))
    }
  }
}

/// Monotonic clock in seconds.
private func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
