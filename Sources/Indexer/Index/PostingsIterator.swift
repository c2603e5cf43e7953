/// Iterates one term's postings in one segment: doc numbers in increasing order, each with its frequency, lazily
/// its positions, and per-block maxima for block-max WAND.
///
/// Usage: call ``nextDoc()`` or ``advance(to:)`` first; both return ``noMoreDocs`` at the end. Deleted documents
/// are included: check ``SegmentReader/isDeleted(_:)``.
///
/// Block-max WAND: ``advanceShallow(to:)`` moves the block cursor (without decoding) to the block that may
/// contain `target`; then ``blockLastDoc``, ``blockMaxFreq`` and ``blockMinNorm`` bound the scores of that block
/// (BM25 grows with freq and shrinks with length, so `score(blockMaxFreq, FieldNorm.decode(blockMinNorm))` is an
/// upper bound).
public final class PostingsIterator {
  /// Returned when the postings are exhausted.
  public static let noMoreDocs = UInt32.max

  /// The term's dictionary entry.
  public let info: TermInfo
  private let core: SegmentCore
  private let docBase: UnsafePointer<UInt8>
  private let docEnd: Int
  private let posBase: UnsafePointer<UInt8>
  private let posEnd: Int
  private let hasPositions: Bool
  private let blockCount: Int
  // Skip data (only when blockCount > 1).
  private var lastDocs: [UInt32] = []
  private var docStarts: [Int] = []
  private var posStarts: [Int] = []
  private var maxFreqs: [UInt32] = []
  private var minNorms: [UInt8] = []
  // Current decoded block.
  private var block = -1
  private var docs = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  private var freqs = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  private var countInBlock = 0
  private var indexInBlock = -1
  // Positions of the current block: reader position and the doc index whose positions start there.
  private var posPosition = 0
  private var posDocIndex = 0
  private var shallowBlock = 0
  /// The current document (valid after the first `nextDoc`/`advance`).
  public private(set) var doc: UInt32 = 0

  init(core: SegmentCore, info: TermInfo) {
    self.core = core
    self.info = info
    let d = core.postings.bytes
    docBase = d.baseAddress!.assumingMemoryBound(to: UInt8.self)
    docEnd = d.count
    let p = core.positions.bytes
    posBase = p.baseAddress!.assumingMemoryBound(to: UInt8.self)
    posEnd = p.count
    hasPositions = info.field.hasPositions
    blockCount = max(1, (info.docFreq + IndexFormat.blockSize - 1) / IndexFormat.blockSize)
    if blockCount > 1 {
      var r = ByteReader(base: docBase, start: info.postingsOffset, end: docEnd)
      lastDocs.reserveCapacity(blockCount)
      var last: Int = -1
      var sizes: [Int] = []
      var posSizes: [Int] = []
      for _ in 0..<blockCount {
        last += r.int()
        lastDocs.append(UInt32(truncatingIfNeeded: last))
        sizes.append(r.int())
        posSizes.append(hasPositions ? r.int() : 0)
        maxFreqs.append(r.uint32())
        minNorms.append(r.byte())
      }
      var start = r.position
      var posStart = info.positionsOffset
      for i in 0..<blockCount {
        docStarts.append(start)
        posStarts.append(posStart)
        start += sizes[i]
        posStart += posSizes[i]
      }
    } else {
      docStarts = [info.postingsOffset]
      posStarts = [info.positionsOffset]
    }
  }

  /// The number of documents (an upper bound of the matches; used to order iterators by cost).
  public var cost: Int { info.docFreq }

  /// The current document's term frequency.
  public var freq: UInt32 { freqs[indexInBlock] }

  private func decode(block b: Int) {
    block = b
    var r = ByteReader(base: docBase, start: docStarts[b], end: docEnd)
    var previous: UInt32 = b == 0 ? UInt32.max : lastDocs[b - 1]
    let n = min(IndexFormat.blockSize, info.docFreq - b * IndexFormat.blockSize)
    countInBlock = max(0, n)
    docs.withUnsafeMutableBufferPointer { d in
      freqs.withUnsafeMutableBufferPointer { f in
        for i in 0..<countInBlock {
          let v = r.varint()
          previous = previous &+ UInt32(truncatingIfNeeded: v >> 1)
          d[i] = previous
          f[i] = v & 1 == 1 ? 1 : max(1, UInt32(truncatingIfNeeded: r.varint()))
        }
      }
    }
    if r.overrun { countInBlock = 0 }
    indexInBlock = -1
    posPosition = posStarts[b]
    posDocIndex = 0
  }

  /// Moves to the next document.
  /// - Returns: its number, or ``noMoreDocs``.
  @discardableResult
  public func nextDoc() -> UInt32 {
    if block < 0 { decode(block: 0) }
    indexInBlock += 1
    while indexInBlock >= countInBlock {
      if block + 1 >= blockCount {
        indexInBlock = countInBlock
        doc = Self.noMoreDocs
        return doc
      }
      decode(block: block + 1)
      indexInBlock = 0
    }
    doc = docs[indexInBlock]
    return doc
  }

  /// Moves to the first document >= `target` (never backwards; stays when the current doc is already >= target).
  /// - Parameter target: the doc number sought.
  /// - Returns: the document reached, or ``noMoreDocs``.
  @discardableResult
  public func advance(to target: UInt32) -> UInt32 {
    if block >= 0 && indexInBlock >= 0 && (doc == Self.noMoreDocs || doc >= target) { return doc }
    if blockCount > 1 {
      var b = max(block, 0)
      while b < blockCount - 1 && lastDocs[b] < target { b += 1 }
      if b != block { decode(block: b) }
    } else if block < 0 {
      decode(block: 0)
    }
    while true {
      indexInBlock += 1
      while indexInBlock >= countInBlock {
        if block + 1 >= blockCount {
          indexInBlock = countInBlock
          doc = Self.noMoreDocs
          return doc
        }
        decode(block: block + 1)
        indexInBlock = 0
      }
      if docs[indexInBlock] >= target { break }
    }
    doc = docs[indexInBlock]
    return doc
  }

  /// Moves the block cursor to the block that may contain `target` without decoding it.
  /// - Parameter target: a doc number.
  /// - Returns: the last doc of that block, or ``noMoreDocs`` when no block can contain `target`.
  @discardableResult
  public func advanceShallow(to target: UInt32) -> UInt32 {
    if blockCount == 1 {
      if block < 0 { decode(block: 0) }
      shallowBlock = 0
      return countInBlock > 0 && docs[countInBlock - 1] >= target ? docs[countInBlock - 1] : Self.noMoreDocs
    }
    while shallowBlock < blockCount - 1 && lastDocs[shallowBlock] < target { shallowBlock += 1 }
    return lastDocs[shallowBlock] >= target ? lastDocs[shallowBlock] : Self.noMoreDocs
  }

  /// Last doc of the shallow cursor's block.
  public var blockLastDoc: UInt32 {
    if blockCount > 1 { return lastDocs[shallowBlock] }
    if block < 0 { decode(block: 0) }
    return countInBlock > 0 ? docs[countInBlock - 1] : Self.noMoreDocs
  }

  /// Largest term frequency in the shallow cursor's block.
  public var blockMaxFreq: UInt32 {
    if blockCount > 1 { return maxFreqs[shallowBlock] }
    if block < 0 { decode(block: 0) }
    return freqs[0..<countInBlock].max() ?? 0
  }

  /// Smallest norm byte (shortest field) in the shallow cursor's block; 0 for fields without norms.
  public var blockMinNorm: UInt8 {
    if blockCount > 1 { return minNorms[shallowBlock] }
    if block < 0 { decode(block: 0) }
    var m: UInt8 = 255
    for i in 0..<countInBlock { m = min(m, core.normByte(Int(docs[i]), info.field)) }
    return countInBlock == 0 || !info.field.hasNorms ? 0 : m
  }

  /// Largest term frequency over the whole term (for a term-level score bound).
  public var maxFreq: UInt32 {
    if blockCount > 1 { return maxFreqs.max() ?? 0 }
    return blockMaxFreq
  }

  /// Reads the current document's positions (increasing) into `out` (replacing its content). Empty for fields
  /// without positions.
  public func readPositions(into out: inout [UInt32]) {
    out.removeAll(keepingCapacity: true)
    guard hasPositions, indexInBlock >= 0, indexInBlock < countInBlock else { return }
    var r = ByteReader(base: posBase, start: posPosition, end: posEnd)
    if posDocIndex > indexInBlock {
      // Positions were read past this doc already: restart the block.
      r.position = posStarts[block]
      posDocIndex = 0
    }
    while posDocIndex < indexInBlock {
      for _ in 0..<freqs[posDocIndex] {
        _ = r.varint()
        if r.overrun { break }
      }
      posDocIndex += 1
    }
    var p: UInt32 = 0
    for _ in 0..<freqs[indexInBlock] {
      p &+= r.uint32()
      if r.overrun { break }
      out.append(p)
    }
    posDocIndex += 1
    posPosition = r.position
  }

  /// The current document's positions.
  public func positions() -> [UInt32] {
    var out: [UInt32] = []
    readPositions(into: &out)
    return out
  }
}
