/// Encodes one term's postings in the segment format (see ``SegmentWriter``): skip entries, doc blocks and
/// positions, into buffers reused from term to term, and notes which documents the current field has.
///
/// A value type called through one mutating method per term, so its per-doc loop runs without the run-time
/// exclusivity checks that every access to a class property would cost. ``SegmentWriter`` writes the buffers to
/// its files; a ``SegmentPostingsPart`` keeps them in memory.
struct PostingsEncoder {
  /// The skip entries of the last term (one per block when it has more than one), written before ``docBytes``.
  private(set) var skip = ByteWriter()
  /// The last term's doc blocks.
  private(set) var docBytes = ByteWriter()
  /// The last term's positions (fields with positions).
  private(set) var positionBytes = ByteWriter()
  private var packedDeltas = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  private var packedFreqs = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  /// One bit per document of the segment: which have a term in the current field.
  private var docsSeen: [UInt64]
  private var anySeen = false

  /// Creates an encoder for a segment of `maxDoc` documents.
  init(maxDoc: Int) {
    docsSeen = [UInt64](repeating: 0, count: (maxDoc + 63) / 64)
  }

  /// Encodes a term's postings into ``skip``, ``docBytes`` and ``positionBytes`` (replacing the last term's).
  /// - Parameters:
  ///   - field: the term's field.
  ///   - docs: increasing doc numbers, at least one.
  ///   - freqs: the frequency in each doc (> 0).
  ///   - positions: for fields with positions, `freqs[i]` positions per doc, concatenated.
  ///   - norms: the field's norm byte per document, or nil for a field without norms.
  /// - Returns: the term's total frequency.
  mutating func encode(
    field: IndexField, docs: UnsafeBufferPointer<UInt32>, freqs: UnsafeBufferPointer<UInt32>,
    positions: UnsafeBufferPointer<UInt32>, norms: [UInt8]?
  ) -> Int {
    let df = docs.count
    var ttf = 0
    let hasPositions = field.hasPositions
    skip.removeAll()
    docBytes.removeAll()
    positionBytes.removeAll()
    anySeen = true
    let blockCount = (df + IndexFormat.blockSize - 1) / IndexFormat.blockSize
    var previousDoc = -1
    var previousLast = -1
    var posIndex = 0
    for b in 0..<blockCount {
      let docStart = docBytes.count
      let posStart = positionBytes.count
      var maxFreq: UInt32 = 0
      var minNorm: UInt8 = 255
      let begin = b * IndexFormat.blockSize
      let end = min(df, begin + IndexFormat.blockSize)
      if end - begin == IndexFormat.blockSize {
        // Full block: bit-packed (delta - 1) and (freq - 1), each with its own width.
        var maxDelta: UInt32 = 0
        var maxFreqMinusOne: UInt32 = 0
        var previous = previousDoc
        for i in begin..<end {
          let delta = UInt32(Int(docs[i]) - previous - 1)
          previous = Int(docs[i])
          packedDeltas[i - begin] = delta
          packedFreqs[i - begin] = max(freqs[i], 1) - 1
          maxDelta = max(maxDelta, delta)
          maxFreqMinusOne = max(maxFreqMinusOne, max(freqs[i], 1) - 1)
        }
        let deltaWidth = BitPacking.width(maxDelta)
        let freqWidth = BitPacking.width(maxFreqMinusOne)
        docBytes.byte(UInt8(deltaWidth))
        docBytes.byte(UInt8(freqWidth))
        packedDeltas.withUnsafeBufferPointer { BitPacking.pack($0, width: deltaWidth, into: &docBytes) }
        packedFreqs.withUnsafeBufferPointer { BitPacking.pack($0, width: freqWidth, into: &docBytes) }
      }
      for i in begin..<end {
        let doc = Int(docs[i])
        let freq = freqs[i]
        let delta = doc - previousDoc
        previousDoc = doc
        if end - begin < IndexFormat.blockSize {
          docBytes.varint(UInt64(delta) << 1 | (freq == 1 ? 1 : 0))
          if freq != 1 { docBytes.varint(freq) }
        }
        ttf += Int(freq)
        maxFreq = max(maxFreq, freq)
        if let norms { minNorm = min(minNorm, norms[doc]) } else { minNorm = 0 }
        docsSeen[doc >> 6] |= 1 << UInt64(doc & 63)
        if hasPositions {
          var previousPosition: UInt32 = 0
          for _ in 0..<Int(freq) {
            let p = positions[posIndex]
            posIndex += 1
            positionBytes.varint(p &- previousPosition)
            previousPosition = p
          }
        }
      }
      if blockCount > 1 {
        skip.varint(previousDoc - previousLast)
        previousLast = previousDoc
        skip.varint(docBytes.count - docStart)
        if hasPositions { skip.varint(positionBytes.count - posStart) }
        skip.varint(maxFreq)
        skip.byte(minNorm)
      }
    }
    return ttf
  }

  /// The number of documents the terms encoded since the last call have, and starts counting afresh (call at the
  /// end of each field).
  mutating func takeFieldDocCount() -> Int {
    guard anySeen else { return 0 }
    var count = 0
    for i in docsSeen.indices {
      count += docsSeen[i].nonzeroBitCount
      docsSeen[i] = 0
    }
    anySeen = false
    return count
  }
}
