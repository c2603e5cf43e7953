// The block maxima block-max WAND reads (see ``PostingsIterator``): per block from the skip data, for a
// single-block term computed from the decoded block on first use.

extension PostingsIterator {
  /// Moves the block cursor to the block that may contain `target` without decoding it (a single-block term is
  /// decoded on first use).
  /// - Parameter target: a doc number.
  /// - Returns: the last doc of that block, or ``noMoreDocs`` when no block can contain `target`.
  @discardableResult
  public func advanceShallow(to target: UInt32) -> UInt32 {
    if blockCount == 1 {
      if st.pointee.block < 0 { decode(block: 0) }
      return st.pointee.countInBlock > 0 && skips[0].lastDoc >= target ? skips[0].lastDoc : Self.noMoreDocs
    }
    var b = st.pointee.shallowBlock
    while b < blockCount - 1 && skips[b].lastDoc < target { b += 1 }
    st.pointee.shallowBlock = b
    return skips[b].lastDoc >= target ? skips[b].lastDoc : Self.noMoreDocs
  }

  private func ensureSingleBlockMaxima() {
    guard blockCount == 1 else { return }
    if st.pointee.block < 0 { decode(block: 0) }
    if !st.pointee.singleBlockMaximaKnown { computeSingleBlockMaxima() }
  }

  /// Last doc of the shallow cursor's block.
  public var blockLastDoc: UInt32 {
    ensureSingleBlockMaxima()
    if blockCount == 1 && st.pointee.countInBlock == 0 { return Self.noMoreDocs }
    return skips[st.pointee.shallowBlock].lastDoc
  }

  /// Largest term frequency in the shallow cursor's block.
  public var blockMaxFreq: UInt32 {
    ensureSingleBlockMaxima()
    return skips[st.pointee.shallowBlock].maxFreq
  }

  /// Smallest norm byte (shortest field) in the shallow cursor's block; 0 for fields without norms.
  public var blockMinNorm: UInt8 {
    ensureSingleBlockMaxima()
    return skips[st.pointee.shallowBlock].minNorm
  }

  /// Largest term frequency over the whole term (for a term-level score bound).
  public var maxFreq: UInt32 {
    ensureSingleBlockMaxima()
    var m: UInt32 = 0
    for b in 0..<blockCount { m = max(m, skips[b].maxFreq) }
    return m
  }

  /// Smallest norm byte (shortest field) over the whole term; 0 for fields without norms.
  public var minNorm: UInt8 {
    ensureSingleBlockMaxima()
    var m: UInt8 = 255
    for b in 0..<blockCount { m = min(m, skips[b].minNorm) }
    return m
  }

  /// Computes the single block's largest frequency and smallest norm byte from the decoded block.
  private func computeSingleBlockMaxima() {
    let s = st
    s.pointee.singleBlockMaximaKnown = true
    let n = s.pointee.countInBlock
    guard n > 0 else { return }
    if s.pointee.freqsPending { unpackFrequencies() }
    let docs = buffer
    let freqs = buffer + IndexFormat.blockSize
    var maxFreq: UInt32 = 0
    var minNorm: UInt8 = 255
    for i in 0..<n { maxFreq = max(maxFreq, freqs[i]) }
    if let norms = core.norms(info.field) {
      let maxDoc = UInt32(truncatingIfNeeded: core.maxDoc)
      for i in 0..<n { minNorm = min(minNorm, docs[i] < maxDoc ? norms[Int(docs[i])] : 0) }
    }
    skips[0].maxFreq = maxFreq
    skips[0].minNorm = core.norms(info.field) != nil ? minNorm : 0
  }
}
