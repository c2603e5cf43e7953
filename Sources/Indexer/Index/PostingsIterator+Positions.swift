// Reading the current document's positions (see ``PostingsIterator``): a block's positions are one varint run,
// found by summing the frequencies of the documents before it in the block.

extension PostingsIterator {
  /// Reads the current document's positions (increasing) into `out` (replacing its content). Empty for fields
  /// without positions.
  public func readPositions(into out: inout [UInt32]) {
    out.removeAll(keepingCapacity: true)
    let s = st
    let index = s.pointee.indexInBlock
    guard hasPositions, index >= 0, index < s.pointee.countInBlock else { return }
    var r = seekPositions(index)
    var p: UInt32 = 0
    for _ in 0..<currentFrequency(index) {
      p &+= r.uint32()
      if r.overrun { break }
      out.append(p)
    }
    s.pointee.posDocIndex = index + 1
    s.pointee.posPosition = r.position
  }

  /// A reader at the first position of the document at `index` in the current block.
  @inline(__always)
  private func seekPositions(_ index: Int) -> ByteReader {
    let s = st
    var r = ByteReader(base: posBase, start: s.pointee.posPosition, end: posEnd)
    if s.pointee.posDocIndex > index {
      // Positions were read past this doc already: restart the block.
      r.position = skips[s.pointee.block].posStart
      s.pointee.posDocIndex = 0
    }
    var skip = 0
    if s.pointee.freqsPending && packedFrequenciesReadable {
      // Still packed (the proximity stage reads a few documents of a block): sum the few needed in place rather
      // than unpacking all 128.
      for k in s.pointee.posDocIndex..<index { skip += Int(packedFrequency(k)) }
    } else {
      if s.pointee.freqsPending { unpackFrequencies() }
      let freqs = buffer + IndexFormat.blockSize
      for k in s.pointee.posDocIndex..<index { skip += Int(freqs[k]) }
    }
    r.position = Self.skipVarints(skip, base: posBase, from: r.position, end: posEnd)
    return r
  }

  /// Whether the current block's packed frequencies can be read in place: 8 bytes readable from each value's
  /// first byte (as ``BitPacking/unpack(_:width:count:into:)``'s fast path needs).
  @inline(__always)
  private var packedFrequenciesReadable: Bool {
    let s = st
    return s.pointee.freqStart >= 0
      && s.pointee.freqStart + BitPacking.byteCount(count: IndexFormat.blockSize, width: s.pointee.freqWidth) + 8
        <= docEnd
  }

  /// The frequency of the document at `index` of the current block, read in place from its packed bits (the
  /// value ``unpackFrequencies()`` would give; needs ``packedFrequenciesReadable``).
  @inline(__always)
  private func packedFrequency(_ index: Int) -> UInt32 {
    let width = st.pointee.freqWidth
    guard width > 0 else { return 1 }
    let bit = index &* width
    let word = UInt64(
      littleEndian: UnsafeRawPointer(docBase + st.pointee.freqStart + (bit &>> 3)).loadUnaligned(as: UInt64.self))
    let mask: UInt64 = width >= 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
    return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask) &+ 1
  }

  /// The current document's frequency without unpacking the whole block's frequencies when they are still packed.
  @inline(__always)
  private func currentFrequency(_ index: Int) -> UInt32 {
    if st.pointee.freqsPending && packedFrequenciesReadable { return packedFrequency(index) }
    if st.pointee.freqsPending { unpackFrequencies() }
    return buffer[IndexFormat.blockSize + index]
  }

  /// How many positions ``readPositions(intoBuffer:)`` gives for the current document (its frequency; 0 for fields
  /// without positions or when unpositioned).
  public var positionCount: Int {
    let index = st.pointee.indexInBlock
    guard hasPositions, index >= 0, index < st.pointee.countInBlock else { return 0 }
    return min(Int(currentFrequency(index)), positionBytesLeft)
  }

  /// The positions bytes from the current block's start to the end of the file: a bound of how many positions a
  /// document of the block can have (one byte at least each), whatever a damaged frequency says.
  @inline(__always) private var positionBytesLeft: Int { posEnd &- skips[st.pointee.block].posStart }

  /// Reads the current document's positions (increasing) into `out`, which must have room for
  /// ``positionCount`` values.
  /// - Parameter out: the destination.
  /// - Returns: how many were read (``positionCount``, fewer only when the positions are damaged).
  public func readPositions(intoBuffer out: UnsafeMutablePointer<UInt32>) -> Int {
    let s = st
    let index = s.pointee.indexInBlock
    guard hasPositions, index >= 0, index < s.pointee.countInBlock else { return 0 }
    var r = seekPositions(index)
    var p: UInt32 = 0
    var n = 0
    for _ in 0..<min(Int(currentFrequency(index)), positionBytesLeft) {
      p &+= r.uint32()
      if r.overrun { break }
      out[n] = p
      n += 1
    }
    s.pointee.posDocIndex = index + 1
    s.pointee.posPosition = r.position
    return n
  }

  /// The offset just past `count` varints starting at `start` (or `end` when the bytes run out): each varint ends
  /// with the first byte below 0x80, so eight bytes are counted at a time with one population count.
  /// - Parameters:
  ///   - count: varints to pass.
  ///   - base: the bytes.
  ///   - start: where the first varint starts.
  ///   - end: the end of the readable bytes.
  /// - Returns: the offset of the varint after them.
  @inline(__always)
  static func skipVarints(_ count: Int, base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
    var left = count
    var i = start
    let raw = UnsafeRawPointer(base)
    while left >= 8 && i + 8 <= end {
      let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      let ends = ~w & 0x8080_8080_8080_8080
      let n = ends.nonzeroBitCount
      if n > left { break }
      left -= n
      i += 8
    }
    while left > 0 && i < end {
      if base[i] < 0x80 { left -= 1 }
      i += 1
    }
    return left > 0 ? end : i
  }

  /// The current document's positions.
  public func positions() -> [UInt32] {
    var out: [UInt32] = []
    readPositions(into: &out)
    return out
  }
}
