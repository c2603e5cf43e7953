/// UTF-8 validation with an ASCII fast path (eight bytes at a time), for whole pages.
enum FastUTF8Check {
  /// The offset of the first byte of an invalid UTF-8 sequence, or nil when all valid.
  /// - Parameter bytes: the text.
  /// - Returns: the first invalid offset, or nil.
  static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let n = bytes.count
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i < n {
      // Skip ASCII in 8-byte words.
      while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
      guard i < n else { break }
      let b = base[i]
      if b < 0x80 {
        i += 1
        continue
      }
      // One multi-byte sequence.
      var need = 0
      var cp: UInt32 = 0
      var minimum: UInt32 = 0
      if b & 0xE0 == 0xC0 {
        need = 1
        cp = UInt32(b & 0x1F)
        minimum = 0x80
      } else if b & 0xF0 == 0xE0 {
        need = 2
        cp = UInt32(b & 0x0F)
        minimum = 0x800
      } else if b & 0xF8 == 0xF0 {
        need = 3
        cp = UInt32(b & 0x07)
        minimum = 0x10000
      } else {
        return i
      }
      if i + need >= n { return i }
      for k in 1...need {
        let c = base[i + k]
        if c & 0xC0 != 0x80 { return i }
        cp = cp << 6 | UInt32(c & 0x3F)
      }
      if cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) { return i }
      i += need + 1
    }
    return nil
  }
}
