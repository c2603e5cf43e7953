/// Fixed-width bit packing of 128-value blocks (full postings blocks): each value in `width` bits, little-endian
/// bit order, `16 * width` bytes per block.
enum BitPacking {
  /// Bits needed for the largest value (0 when all are 0).
  @inline(__always) static func width(_ maxValue: UInt32) -> Int { 32 - maxValue.leadingZeroBitCount }

  /// Appends `values` (128 of them) packed in `width` bits each.
  static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into w: inout ByteWriter) {
    guard width > 0 else { return }
    var accumulator: UInt64 = 0
    var bits = 0
    for v in values {
      accumulator |= UInt64(v) << UInt64(bits)
      bits += width
      while bits >= 8 {
        w.byte(UInt8(truncatingIfNeeded: accumulator))
        accumulator >>= 8
        bits -= 8
      }
    }
    if bits > 0 { w.byte(UInt8(truncatingIfNeeded: accumulator)) }
  }

  /// Bytes used by `count` values of `width` bits.
  @inline(__always) static func byteCount(count: Int, width: Int) -> Int { (count * width + 7) / 8 }

  /// Unpacks `count` doc-number gaps of `width` bits from `r` into `out` as doc numbers: value `i` becomes
  /// `previous + Σ_{j<=i} (gap_j + 1)` (wrapping), what ``unpack(_:width:count:into:)`` followed by that running sum
  /// gives, in one pass when the fast path applies.
  /// - Parameter previous: the doc number before the first gap.
  /// - Returns: false when the bytes run out (the reader's `overrun` is set).
  @inline(__always)
  static func unpackDocs(
    _ r: inout ByteReader, width: Int, count: Int, previous: UInt32, into out: UnsafeMutablePointer<UInt32>
  ) -> Bool {
    var sum = UInt64(previous)
    return unpackDocs(&r, width: width, count: count, previous: &sum, into: out)
  }

  /// ``unpackDocs(_:width:count:previous:into:)`` summing in 64 bits (the stored doc numbers are the sums truncated
  /// to 32 bits): `previous` comes back as the last sum, so a caller can bound the last doc number (gaps are at
  /// most 2^32 each, so 128 of them cannot wrap a start below 2^33, nor `UInt64.max`, which stands for -1).
  /// - Parameter previous: the doc number before the first gap; on return, the last one.
  /// - Returns: false when the bytes run out (the reader's `overrun` is set).
  @inline(__always)
  static func unpackDocs(
    _ r: inout ByteReader, width: Int, count: Int, previous: inout UInt64, into out: UnsafeMutablePointer<UInt32>
  ) -> Bool {
    let size = byteCount(count: count, width: width)
    guard width > 0 && width <= 32 && r.position >= 0 && r.remaining >= size + 8 else {
      guard unpack(&r, width: width, count: count, into: out) else { return false }
      var doc = previous
      for i in 0..<count {
        doc = doc &+ UInt64(out[i]) &+ 1
        out[i] = UInt32(truncatingIfNeeded: doc)
      }
      previous = doc
      return true
    }
    let raw = UnsafeRawPointer(r.base + r.position)
    r.position += size
    var doc = previous
    if count == blockValues {
      withConstantWidth(width) { w in
        unpackBlock(raw, width: w) { i, v in
          doc = doc &+ UInt64(v) &+ 1
          out[i] = UInt32(truncatingIfNeeded: doc)
        }
      }
      previous = doc
      return true
    }
    let mask: UInt64 = width >= 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
    var bit = 0
    for i in 0..<count {
      let word = UInt64(littleEndian: (raw + (bit &>> 3)).loadUnaligned(as: UInt64.self))
      doc = doc &+ ((word &>> UInt64(bit & 7)) & mask) &+ 1
      out[i] = UInt32(truncatingIfNeeded: doc)
      bit &+= width
    }
    previous = doc
    return true
  }

  /// Unpacks `count` frequencies stored minus one (`width` bits each) from `r` into `out`, one added to each: what
  /// ``unpack(_:width:count:into:)`` followed by adding 1 to every value gives.
  /// - Returns: false when the bytes run out (the reader's `overrun` is set).
  @inline(__always)
  static func unpackFrequencies(
    _ r: inout ByteReader, width: Int, count: Int, into out: UnsafeMutablePointer<UInt32>
  ) -> Bool {
    let size = byteCount(count: count, width: width)
    guard count == blockValues && width > 0 && width <= 32 && r.position >= 0 && r.remaining >= size + 8 else {
      guard unpack(&r, width: width, count: count, into: out) else { return false }
      for i in 0..<count { out[i] &+= 1 }
      return true
    }
    let raw = UnsafeRawPointer(r.base + r.position)
    r.position += size
    withConstantWidth(width) { w in
      unpackBlock(raw, width: w) { i, v in out[i] = v &+ 1 }
    }
    return true
  }

  /// Values in a full block (``IndexFormat/blockSize``).
  static let blockValues = 128

  /// Calls `body` with `width` (1...32) as a literal for the common widths, so that once everything is inlined the
  /// unpacking loop's shifts and byte offsets are constants.
  @inline(__always)
  private static func withConstantWidth(_ width: Int, _ body: (Int) -> Void) {
    switch width {
    case 1: body(1)
    case 2: body(2)
    case 3: body(3)
    case 4: body(4)
    case 5: body(5)
    case 6: body(6)
    case 7: body(7)
    case 8: body(8)
    case 9: body(9)
    case 10: body(10)
    case 11: body(11)
    case 12: body(12)
    case 13: body(13)
    case 14: body(14)
    default: body(width)
    }
  }

  /// Calls `body(i, value)` for the 128 values of `width` bits (1...32) at `raw`, in order; 8 bytes must be
  /// readable from each value's first byte. Eight groups of 16 values: a group spans `2 * width` bytes, so the bit
  /// offsets inside it repeat from group to group. The 16 values of a group are written out one by one, so that
  /// with a constant `width` every byte offset, shift and mask is a constant (a loop over them was not unrolled).
  @inline(__always)
  private static func unpackBlock(_ raw: UnsafeRawPointer, width: Int, _ body: (Int, UInt32) -> Void) {
    let mask: UInt64 = width >= 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
    var group = raw
    for g in 0..<8 {
      let at = group
      @inline(__always) func value(_ j: Int) -> UInt32 {
        let bit = j &* width
        let word = UInt64(littleEndian: (at + (bit &>> 3)).loadUnaligned(as: UInt64.self))
        return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
      }
      let o = g &* 16
      body(o, value(0))
      body(o &+ 1, value(1))
      body(o &+ 2, value(2))
      body(o &+ 3, value(3))
      body(o &+ 4, value(4))
      body(o &+ 5, value(5))
      body(o &+ 6, value(6))
      body(o &+ 7, value(7))
      body(o &+ 8, value(8))
      body(o &+ 9, value(9))
      body(o &+ 10, value(10))
      body(o &+ 11, value(11))
      body(o &+ 12, value(12))
      body(o &+ 13, value(13))
      body(o &+ 14, value(14))
      body(o &+ 15, value(15))
      group += 2 &* width
    }
  }

  /// Unpacks `count` values of `width` bits from `r` into `out`.
  /// - Returns: false when the bytes run out (the reader's `overrun` is set).
  @inline(__always)
  static func unpack(_ r: inout ByteReader, width: Int, count: Int, into out: UnsafeMutablePointer<UInt32>) -> Bool {
    guard width > 0 else {
      out.update(repeating: 0, count: count)
      return true
    }
    let size = byteCount(count: count, width: width)
    let mask: UInt64 = width >= 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
    if width <= 32 && r.position >= 0 && r.remaining >= size + 8 {
      // Fast path: every value lies within the 8 bytes from its first byte, and those 8 bytes are readable.
      let raw = UnsafeRawPointer(r.base + r.position)
      r.position += size
      var bit = 0
      for i in 0..<count {
        let word = UInt64(littleEndian: (raw + (bit &>> 3)).loadUnaligned(as: UInt64.self))
        out[i] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
        bit &+= width
      }
      return true
    }
    let bytes = r.bytes(size)
    guard !r.overrun, let base = bytes.baseAddress else { return false }
    var accumulator: UInt64 = 0
    var bits = 0
    var position = 0
    for i in 0..<count {
      while bits < width {
        accumulator |= UInt64(base[position]) << UInt64(bits)
        position += 1
        bits += 8
      }
      out[i] = UInt32(truncatingIfNeeded: accumulator & mask)
      accumulator >>= UInt64(width)
      bits -= width
    }
    return true
  }
}
