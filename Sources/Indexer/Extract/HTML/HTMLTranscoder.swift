#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Converts a legacy-encoded page (GBK, Big5, Shift_JIS...) to UTF-8 with iconv before parsing, replacing each
/// undecodable byte with U+FFFD: libxml2 stops decoding at the first bad sequence and drops the rest of the page.
enum HTMLTranscoder {
  /// The UTF-8 text and the offset of the first undecodable byte (nil when none).
  struct Output {
    var utf8: [UInt8]
    var firstInvalid: Int?
  }

  /// Converts bytes to UTF-8.
  /// - Parameters:
  ///   - bytes: the page.
  ///   - encoding: an iconv encoding name.
  /// - Returns: the converted text, or nil when iconv does not know the encoding.
  static func toUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: String) -> Output? {
    let cd = iconv_open("UTF-8", encoding)
    if cd == iconv_t(bitPattern: -1) { return nil }
    defer { iconv_close(cd) }
    var out = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
    var firstInvalid: Int? = nil
    guard let base = bytes.baseAddress else { return Output(utf8: [], firstInvalid: nil) }
    var written = 0
    var consumed = 0
    out.withUnsafeMutableBufferPointer { outBuffer in
      let outBase = outBuffer.baseAddress!
      while consumed < bytes.count {
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base + consumed)
          .assumingMemoryBound(to: CChar.self)
        var inLeft = bytes.count - consumed
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + written)
          .assumingMemoryBound(to: CChar.self)
        var outLeft = outBuffer.count - written
        let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        consumed = bytes.count - inLeft
        written = outBuffer.count - outLeft
        if result != -1 { break }
        // EILSEQ (a bad sequence) or EINVAL (a truncated one at the end): one byte becomes U+FFFD.
        if firstInvalid == nil { firstInvalid = consumed }
        guard outLeft >= 3 else { break }
        outBase[written] = 0xEF
        outBase[written + 1] = 0xBF
        outBase[written + 2] = 0xBD
        written += 3
        consumed += 1
        iconv(cd, nil, nil, nil, nil)  // reset the shift state
      }
    }
    out.removeLast(out.count - written)
    return Output(utf8: out, firstInvalid: firstInvalid)
  }
}
