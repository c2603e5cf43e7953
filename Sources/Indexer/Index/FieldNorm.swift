/// Field-length norms: one byte per document and text field, Lucene's `SmallFloat.intToByte4` quantization.
///
/// Lengths 0...23 are exact; above, 4 significant bits are kept (errors below 1/16), which is what BM25 needs and
/// what Lucene and Tantivy store. Encoding is monotonic, so the minimum byte of a block is its minimum length.
public enum FieldNorm {
  private static func longToInt4(_ i: UInt64) -> Int {
    let numBits = 64 - i.leadingZeroBitCount
    if numBits < 4 { return Int(i) }
    let shift = numBits - 4
    var encoded = Int(i >> UInt64(shift)) & 0x07
    encoded |= (shift + 1) << 3
    return encoded
  }

  private static func int4ToLong(_ i: Int) -> UInt64 {
    let bits = UInt64(i & 0x07)
    let shift = (i >> 3) - 1
    return shift == -1 ? bits : (bits | 0x08) << UInt64(shift)
  }

  private static let freeValues = 255 - longToInt4(UInt64(Int32.max))

  /// The byte for a field length.
  /// - Parameter length: the length (tokens).
  /// - Returns: its quantized byte.
  public static func encode(_ length: UInt32) -> UInt8 {
    let i = Int(length)
    if i < freeValues { return UInt8(i) }
    return UInt8(min(255, freeValues + longToInt4(UInt64(i - freeValues))))
  }

  /// The (approximate) length a byte stands for.
  /// - Parameter byte: a norm byte.
  /// - Returns: the length, exact below 24.
  public static func decode(_ byte: UInt8) -> UInt32 { table[Int(byte)] }

  /// All 256 decoded lengths (for a BM25 cache indexed by norm byte).
  public static let table: [UInt32] = (0..<256).map { b in
    b < freeValues ? UInt32(b) : UInt32(min(UInt64(UInt32.max), UInt64(freeValues) + int4ToLong(b - freeValues)))
  }
}
