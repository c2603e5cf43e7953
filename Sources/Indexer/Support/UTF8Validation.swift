/// Byte-level UTF-8 checks.
public enum UTF8Validation {
  /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil if all valid.
  /// - Parameter bytes: the text.
  /// - Returns: the first invalid offset, or nil.
  public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var min: UInt32 = 0
      var cp: UInt32 = 0
      if b & 0xE0 == 0xC0 {
        need = 1
        min = 0x80
        cp = UInt32(b & 0x1F)
      } else if b & 0xF0 == 0xE0 {
        need = 2
        min = 0x800
        cp = UInt32(b & 0x0F)
      } else if b & 0xF8 == 0xF0 {
        need = 3
        min = 0x10000
        cp = UInt32(b & 0x07)
      } else {
        return i
      }
      for k in 1...need {
        if i + k >= n { return i }
        let c = bytes[i + k]
        if c & 0xC0 != 0x80 { return i }
        cp = cp << 6 | UInt32(c & 0x3F)
      }
      if cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) { return i }
      i += need + 1
    }
    return nil
  }

  /// Whether the bytes are entirely valid UTF-8.
  public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    firstInvalidOffset(bytes) == nil
  }

  /// 1-based line and byte column of an offset.
  /// - Parameters:
  ///   - offset: a byte offset.
  ///   - bytes: the text.
  /// - Returns: line and column, both 1-based.
  public static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    var i = 0
    let end = min(offset, bytes.count)
    while i < end {
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return (line, end - lineStart + 1)
  }
}
