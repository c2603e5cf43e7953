#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
///
/// Mutable state lives behind `let` pointers, so the hot paths carry no dynamic exclusivity checks.
///
/// This file has the storage, skip data and document cursor; `PostingsIterator+BlockMaxima.swift` the block
/// maxima and `PostingsIterator+Positions.swift` the positions.
public final class PostingsIterator {
  /// Returned when the postings are exhausted.
  public static let noMoreDocs = UInt32.max

  struct Skip {
    var lastDoc: UInt32
    var maxFreq: UInt32
    var docStart: Int
    var posStart: Int
    var minNorm: UInt8
  }

  struct State {
    var block = -1
    var countInBlock = 0
    var indexInBlock = -1
    /// Positions reader offset, and the index in the block of the doc whose positions start there.
    var posPosition = 0
    var posDocIndex = 0
    var shallowBlock = 0
    var doc: UInt32 = 0
    /// A bit-packed block's frequencies are unpacked on first use: where they start and their width.
    var freqsPending = false
    var freqStart = 0
    var freqWidth = 0
    /// Whether a single-block term's maxima were computed (``ensureSingleBlockMaxima()``).
    var singleBlockMaximaKnown = false
  }

  // What an iterator reads (the term, its segment's files) changes only in ``retarget(core:info:)``, which a
  // scorer calls to reuse the iterator for another term; no access overlaps another, so none is checked at run
  // time. Hot loops copy what they read into locals first.
  /// The term's dictionary entry.
  @exclusivity(unchecked) public private(set) var info: TermInfo
  @exclusivity(unchecked) var core: SegmentCore
  @exclusivity(unchecked) var docBase: UnsafePointer<UInt8>
  @exclusivity(unchecked) var docEnd: Int
  @exclusivity(unchecked) var posBase: UnsafePointer<UInt8>
  @exclusivity(unchecked) var posEnd: Int
  @exclusivity(unchecked) var hasPositions: Bool
  @exclusivity(unchecked) var blockCount: Int
  @exclusivity(unchecked) var skips: UnsafeMutablePointer<Skip>
  /// Docs of the decoded block at 0..<128, their freqs at 128..<256.
  @exclusivity(unchecked) var buffer: UnsafeMutablePointer<UInt32>
  @exclusivity(unchecked) var st: UnsafeMutablePointer<State>
  /// One allocation holding `buffer`, `st` and `skips` (an iterator is made per word per search: one malloc, not
  /// three), with room for `skipCapacity` skip entries.
  @exclusivity(unchecked) var memory: UnsafeMutableRawPointer
  @exclusivity(unchecked) var skipCapacity: Int

  private static let bufferBytes = 2 * IndexFormat.blockSize * MemoryLayout<UInt32>.stride
  private static let stateOffset = roundUp(bufferBytes, to: MemoryLayout<State>.alignment)
  private static let skipsOffset = roundUp(stateOffset + MemoryLayout<State>.stride, to: MemoryLayout<Skip>.alignment)

  init(core: SegmentCore, info: TermInfo) {
    self.core = core
    self.info = info
    (docBase, docEnd, posBase, posEnd) = Self.files(of: core)
    let blocks = Self.blockCount(info, docEnd: docEnd)
    // malloc's 16-byte alignment covers the parts (checked below); `UnsafeMutableRawPointer.allocate` goes
    // through posix_memalign on Linux, about twice malloc's cost, once per word and field in every search.
    assert(max(MemoryLayout<UInt32>.alignment, MemoryLayout<State>.alignment, MemoryLayout<Skip>.alignment) <= 16)
    memory = malloc(Self.skipsOffset + blocks * MemoryLayout<Skip>.stride)!
    skipCapacity = blocks
    (buffer, st, skips) = Self.parts(of: memory, blocks: blocks)
    hasPositions = info.field.hasPositions
    blockCount = blocks
    st.initialize(to: State())
    readSkips()
  }

  /// Points this iterator at another term (of any segment), unpositioned, as a new iterator would be: a scorer
  /// reuses its iterators from search to search instead of allocating new ones.
  /// - Parameters:
  ///   - core: the term's segment.
  ///   - info: the term's dictionary entry.
  func retarget(core: SegmentCore, info: TermInfo) {
    if core !== self.core {
      self.core = core
      (docBase, docEnd, posBase, posEnd) = Self.files(of: core)
    }
    let blocks = Self.blockCount(info, docEnd: docEnd)
    if blocks > skipCapacity {
      free(memory)
      memory = malloc(Self.skipsOffset + blocks * MemoryLayout<Skip>.stride)!
      skipCapacity = blocks
      (buffer, st, skips) = Self.parts(of: memory, blocks: blocks)
    }
    self.info = info
    hasPositions = info.field.hasPositions
    blockCount = blocks
    st.pointee = State()
    readSkips()
  }

  /// The decode buffer, state and `blocks` skip entries inside one allocation of
  /// `skipsOffset + blocks * MemoryLayout<Skip>.stride` bytes.
  @inline(__always) private static func parts(of memory: UnsafeMutableRawPointer, blocks: Int) -> (
    UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<State>, UnsafeMutablePointer<Skip>
  ) {
    (
      memory.bindMemory(to: UInt32.self, capacity: 2 * IndexFormat.blockSize),
      (memory + stateOffset).bindMemory(to: State.self, capacity: 1),
      (memory + skipsOffset).bindMemory(to: Skip.self, capacity: blocks)
    )
  }

  /// A segment's postings and positions bytes: their starts and lengths.
  @inline(__always) private static func files(of core: SegmentCore) -> (
    UnsafePointer<UInt8>, Int, UnsafePointer<UInt8>, Int
  ) {
    let d = core.postings.bytes
    let p = core.positions.bytes
    return (
      d.baseAddress!.assumingMemoryBound(to: UInt8.self), d.count,
      p.baseAddress!.assumingMemoryBound(to: UInt8.self), p.count
    )
  }

  /// The number of postings blocks of a term: one per 128 documents, but no more skip entries than the postings
  /// file has room for (an entry takes at least 4 bytes), whatever a damaged dictionary says.
  @inline(__always) private static func blockCount(_ info: TermInfo, docEnd: Int) -> Int {
    let docFreq = min(max(info.docFreq, 0), Int(UInt32.max))
    let blocks = (docFreq + IndexFormat.blockSize - 1) / IndexFormat.blockSize
    guard blocks > 1 else { return 1 }
    return max(1, min(blocks, (docEnd &- info.postingsOffset) / 4))
  }

  /// Reads the term's skip data (one entry per block; a single block's entry is filled in when it is decoded).
  ///
  /// Damaged skip data (last docs not increasing or past `maxDoc`, block sizes running past the files, bytes
  /// running out) makes the term read as having no documents: every later read relies on these checks, so that
  /// blocks start inside the files and decoded documents stay in `0..<maxDoc` (see ``decode(block:)``).
  private func readSkips() {
    let skips = self.skips
    let blocks = blockCount
    let info = self.info
    let docEnd = self.docEnd
    let posEnd = self.posEnd
    // The positions of a field without them are never read; a damaged offset must not point outside the file.
    let positionsOffset = info.positionsOffset >= 0 && info.positionsOffset <= posEnd ? info.positionsOffset : posEnd
    if blocks > 1 {
      var r = ByteReader(base: docBase, start: info.postingsOffset, end: docEnd)
      var last: Int = -1
      var sizes = 0
      var posSizes = 0
      let hasPositions = self.hasPositions
      let maxDoc = core.maxDoc
      var valid = true
      for i in 0..<blocks {
        let delta = r.int()
        let size = r.int()
        let posSize = hasPositions ? r.int() : 0
        let maxFreq = r.uint32()
        let minNorm = r.byte()
        // Checked per block (not per posting): each bound keeps the sums below from overflowing.
        // Unsigned: 1 <= delta <= maxDoc - 1 - last, 0 <= size <= docEnd - sizes, 0 <= posSize <= posEnd - posSizes.
        if UInt(bitPattern: delta &- 1) >= UInt(bitPattern: maxDoc &- 1 &- last)
          || UInt(bitPattern: size) > UInt(bitPattern: docEnd &- sizes)
          || UInt(bitPattern: posSize) > UInt(bitPattern: posEnd &- posSizes)
        {
          valid = false
          break
        }
        last += delta
        (skips + i).initialize(
          to: Skip(
            lastDoc: UInt32(truncatingIfNeeded: last), maxFreq: maxFreq, docStart: sizes, posStart: posSizes,
            minNorm: minNorm))
        sizes += size
        posSizes += posSize
      }
      let start = r.position
      if valid && !r.overrun && sizes <= docEnd &- start && posSizes <= posEnd &- positionsOffset {
        for i in 0..<blocks {
          skips[i].docStart += start
          skips[i].posStart += positionsOffset
        }
        return
      }
      // Damaged: no documents (an empty single block that reads nothing).
      blockCount = 1
      skips.initialize(to: Skip(lastDoc: 0, maxFreq: 0, docStart: docEnd, posStart: posEnd, minNorm: 0))
      st.pointee.countInBlock = 0
      st.pointee.block = 0
      st.pointee.doc = 0
    } else {
      skips.initialize(
        to: Skip(lastDoc: 0, maxFreq: 0, docStart: info.postingsOffset, posStart: positionsOffset, minNorm: 0))
    }
  }

  deinit { free(memory) }

  /// `n` rounded up to a multiple of `alignment` (a power of two).
  private static func roundUp(_ n: Int, to alignment: Int) -> Int { (n + alignment - 1) & ~(alignment - 1) }

  /// The number of documents (an upper bound of the matches; used to order iterators by cost).
  public var cost: Int { info.docFreq }

  /// The current document (valid after the first `nextDoc`/`advance`).
  @inline(__always) public var doc: UInt32 { st.pointee.doc }

  /// The current document's term frequency.
  @inline(__always) public var freq: UInt32 {
    if st.pointee.freqsPending { unpackFrequencies() }
    return buffer[IndexFormat.blockSize + st.pointee.indexInBlock]
  }

  /// Unpacks the current bit-packed block's frequencies (deferred by `decode`: many blocks are decoded only to
  /// find a document, never to score it).
  @inline(never)
  func unpackFrequencies() {
    let s = st
    s.pointee.freqsPending = false
    var r = ByteReader(base: docBase, start: s.pointee.freqStart, end: docEnd)
    let freqs = buffer + IndexFormat.blockSize
    if !BitPacking.unpackFrequencies(&r, width: s.pointee.freqWidth, count: IndexFormat.blockSize, into: freqs) {
      freqs.update(repeating: 1, count: IndexFormat.blockSize)
    }
  }

  func decode(block b: Int) {
    // Locals: the stores below go through pointers the optimizer cannot tell apart from the properties.
    let s = st
    let skips = self.skips
    let docBase = self.docBase
    let docEnd = self.docEnd
    let buffer = self.buffer
    s.pointee.block = b
    var r = ByteReader(base: docBase, start: skips[b].docStart, end: docEnd)
    // Doc numbers are summed in 64 bits from the one before the block (-1, wrapping, for the first), so that the
    // last one's bound (the block's skip entry, else maxDoc) shows that all are increasing and below maxDoc: a
    // block that breaks it (damaged bytes) reads as empty.
    var previous: UInt64 = b == 0 ? UInt64.max : UInt64(skips[b - 1].lastDoc)
    let limit: UInt64 = blockCount > 1 ? UInt64(skips[b].lastDoc) &+ 1 : UInt64(truncatingIfNeeded: core.maxDoc)
    let n = max(0, min(IndexFormat.blockSize, info.docFreq &- b &* IndexFormat.blockSize))
    let docs = buffer
    let freqs = buffer + IndexFormat.blockSize
    s.pointee.freqsPending = false
    if n == IndexFormat.blockSize {
      let deltaWidth = Int(r.byte())
      let freqWidth = Int(r.byte())
      if deltaWidth <= 32 && freqWidth <= 32
        && BitPacking.unpackDocs(&r, width: deltaWidth, count: n, previous: &previous, into: docs)
      {
        s.pointee.freqStart = r.position
        s.pointee.freqWidth = freqWidth
        _ = r.bytes(BitPacking.byteCount(count: n, width: freqWidth))
        s.pointee.freqsPending = !r.overrun
      } else {
        r.overrun = true
      }
    } else {
      // A varint of one or two bytes (most gaps and frequencies here) is read in place when the block surely lies
      // within the bytes (two varints a document, at most 10 bytes each, as the reader reads); longer ones and
      // blocks near the end go through the reader (same values, same overrun).
      let base = docBase
      var p = r.position
      // Every gap minus one, or-ed: below 2^32 when every gap is in 1...2^32 (so the 64-bit sum cannot wrap).
      var gaps: UInt64 = 0
      if p >= 0 && docEnd &- p >= 20 &* n {
        @inline(__always) func varint() -> UInt64 {
          let b0 = base[p]
          if b0 < 0x80 {
            p &+= 1
            return UInt64(b0)
          }
          let b1 = base[p &+ 1]
          if b1 < 0x80 {
            p &+= 2
            return UInt64(b0 & 0x7F) | UInt64(b1) << 7
          }
          r.position = p
          let v = r.varint()
          p = r.position
          return v
        }
        for i in 0..<n {
          let v = varint()
          gaps |= (v >> 1) &- 1
          previous = previous &+ (v >> 1)
          docs[i] = UInt32(truncatingIfNeeded: previous)
          freqs[i] = v & 1 == 1 ? 1 : max(1, UInt32(truncatingIfNeeded: varint()))
        }
      } else {
        r.position = p
        for i in 0..<n {
          let v = r.varint()
          gaps |= (v >> 1) &- 1
          previous = previous &+ (v >> 1)
          docs[i] = UInt32(truncatingIfNeeded: previous)
          freqs[i] = v & 1 == 1 ? 1 : max(1, UInt32(truncatingIfNeeded: r.varint()))
        }
        p = r.position
      }
      r.position = p
      if gaps >> 32 != 0 { r.overrun = true }
    }
    if n > 0 && previous >= limit { r.overrun = true }
    s.pointee.countInBlock = r.overrun ? 0 : n
    s.pointee.indexInBlock = -1
    s.pointee.posPosition = skips[b].posStart
    s.pointee.posDocIndex = 0
    // A single block's maxima (not in the skip data) are computed by `ensureSingleBlockMaxima`, when asked for:
    // the proximity stage reads such blocks without needing them.
    if blockCount == 1 && !r.overrun && n > 0 { skips[0].lastDoc = docs[n - 1] }
  }

  /// Moves to the next document.
  /// - Returns: its number, or ``noMoreDocs``.
  @discardableResult
  public func nextDoc() -> UInt32 {
    let s = st
    if s.pointee.block < 0 { decode(block: 0) }
    s.pointee.indexInBlock += 1
    while s.pointee.indexInBlock >= s.pointee.countInBlock {
      if s.pointee.block + 1 >= blockCount {
        s.pointee.indexInBlock = s.pointee.countInBlock
        s.pointee.doc = Self.noMoreDocs
        return Self.noMoreDocs
      }
      decode(block: s.pointee.block + 1)
      s.pointee.indexInBlock = 0
    }
    let d = buffer[s.pointee.indexInBlock]
    s.pointee.doc = d
    return d
  }

  /// Calls `body` with each document below `limit` and its frequency, from the current document on (from the
  /// first one when unpositioned), and leaves the iterator on the first document >= `limit` (or at the end): the
  /// per-posting form of ``forEachRun(below:_:)``, which term-at-a-time scoring uses.
  /// - Parameters:
  ///   - limit: the first doc number not visited.
  ///   - body: called with (doc, freq) in doc order.
  @inline(__always)
  public func forEach(below limit: UInt32, _ body: (UInt32, UInt32) -> Void) {
    forEachRun(below: limit) { docs, freqs, count in
      for j in 0..<count { body(docs[j], freqs[j]) }
    }
  }

  /// Calls `body(docs, freqs, count)` with the documents below `limit` in runs (each the rest of a decoded block,
  /// or its part below `limit`): the documents from the current one on (from the first when unpositioned), in
  /// order, with their frequencies; then leaves the iterator on the first document >= `limit` (or at the end). The
  /// block-at-a-time form of ``forEach(below:_:)``: a scoring loop over one run keeps its state in registers.
  /// - Parameters:
  ///   - limit: the first doc number not visited.
  ///   - body: called with the run's doc numbers, their frequencies and how many there are (at least 1).
  @inline(__always)
  func forEachRun(
    below limit: UInt32, _ body: (UnsafePointer<UInt32>, UnsafePointer<UInt32>, Int) -> Void
  ) {
    let s = st
    let buffer = self.buffer
    if s.pointee.block < 0 || s.pointee.indexInBlock < 0 { _ = nextDoc() }
    let freqs = buffer + IndexFormat.blockSize
    while s.pointee.doc < limit {
      if s.pointee.freqsPending { unpackFrequencies() }
      // The current document is below the limit, so the run has at least one.
      let i = s.pointee.indexInBlock
      let n = s.pointee.countInBlock
      if buffer[n &- 1] < limit {
        // The rest of the block is below the limit (the common case).
        body(buffer + i, freqs + i, n &- i)
        s.pointee.indexInBlock = n &- 1
        _ = nextDoc()
        continue
      }
      // Some document of the block reaches the limit: the run ends before the first one.
      var end = i &+ 1
      while buffer[end] < limit { end &+= 1 }
      body(buffer + i, freqs + i, end &- i)
      s.pointee.indexInBlock = end
      s.pointee.doc = buffer[end]
      return
    }
  }

  /// Moves to the first document >= `target` (never backwards; stays when the current doc is already >= target).
  /// - Parameter target: the doc number sought.
  /// - Returns: the document reached, or ``noMoreDocs``.
  @discardableResult
  public func advance(to target: UInt32) -> UInt32 {
    let s = st
    if s.pointee.block >= 0 && s.pointee.indexInBlock >= 0
      && (s.pointee.doc == Self.noMoreDocs || s.pointee.doc >= target)
    {
      return s.pointee.doc
    }
    if blockCount > 1 {
      var b = max(s.pointee.block, 0)
      while b < blockCount - 1 && skips[b].lastDoc < target { b += 1 }
      if b != s.pointee.block { decode(block: b) }
    } else if s.pointee.block < 0 {
      decode(block: 0)
    }
    while true {
      var i = s.pointee.indexInBlock + 1
      let count = s.pointee.countInBlock
      while i < count && buffer[i] < target { i += 1 }
      if i < count {
        s.pointee.indexInBlock = i
        break
      }
      if s.pointee.block + 1 >= blockCount {
        s.pointee.indexInBlock = count
        s.pointee.doc = Self.noMoreDocs
        return Self.noMoreDocs
      }
      decode(block: s.pointee.block + 1)
    }
    let d = buffer[s.pointee.indexInBlock]
    s.pointee.doc = d
    return d
  }
}
