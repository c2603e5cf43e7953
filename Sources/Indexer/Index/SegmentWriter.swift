/// Writes one immutable segment from terms given in (field, term) order: term dictionary (`.ter`), term index and
/// segment info (`.tix`), postings (`.doc`), positions (`.pos`), norms (`.nrm`), body term vectors (`.vec`,
/// ``TermVectors``); stored fields come from a ``StoredFieldsWriter``.
///
/// Postings of a term with more than one block (128 docs) start with one skip entry per block: last doc (delta),
/// doc-block bytes, position-block bytes (text fields), maximum term frequency, minimum norm byte. Each doc is
/// `varint(delta << 1 | (freq == 1))` then `varint(freq)` when freq != 1, except full blocks of 128, which are
/// bit-packed: delta width, freq width (bytes), then 128 × (delta − 1) and 128 × (freq − 1) packed; positions
/// are per-doc varint deltas.
final class SegmentWriter {
  let directory: String
  let name: String
  let maxDoc: Int
  private let norms: [[UInt8]?]
  private let sync: Bool
  private let terOut: IndexOutput
  private let docOut: IndexOutput
  private let posOut: IndexOutput
  private var tix = ByteWriter()
  private var fieldSectionCount = 0
  private var fieldSections = ByteWriter()

  // Current field.
  private var field: IndexField?
  private var blockTerms: [[UInt8]] = []
  private var blockInfos: [TermInfo] = []
  private var firstTerms: [[UInt8]] = []
  private var blockOffsets: [Int] = []
  private var stats = FieldStatistics()
  private var lastTerm: [UInt8] = []
  /// The body postings again, by document, for the segment's ``TermVectors``.
  private var vectors = TermVectorBuilder()

  /// Buffers reused from term to term, and the documents seen in the current field.
  private var scratch = PostingsScratch()

  /// Opens the segment's output files.
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - name: the segment name.
  ///   - maxDoc: number of documents.
  ///   - norms: per field raw value, one norm byte per doc (nil for fields without norms or without documents).
  ///   - sync: fsync files when finished.
  init(directory: String, name: String, maxDoc: Int, norms: [[UInt8]?], sync: Bool) throws {
    self.directory = directory
    self.name = name
    self.maxDoc = maxDoc
    self.norms = norms
    self.sync = sync
    terOut = try IndexOutput(path: directory + "/" + SegmentFiles.name(name, .terms), kind: .terms, sync: sync)
    docOut = try IndexOutput(path: directory + "/" + SegmentFiles.name(name, .postings), kind: .postings, sync: sync)
    posOut = try IndexOutput(path: directory + "/" + SegmentFiles.name(name, .positions), kind: .positions, sync: sync)
    scratch.docsSeen = [UInt64](repeating: 0, count: (maxDoc + 63) / 64)
  }

  /// Adds a term's postings. Terms arrive sorted by field, then by bytes.
  /// - Parameters:
  ///   - field: the field.
  ///   - term: the term's UTF-8 bytes.
  ///   - docs: increasing doc numbers (< maxDoc), at least one.
  ///   - freqs: the frequency in each doc (> 0).
  ///   - positions: for fields with positions, `freqs[i]` positions per doc, concatenated.
  func addTerm(
    field: IndexField, term: UnsafeBufferPointer<UInt8>, docs: UnsafeBufferPointer<UInt32>,
    freqs: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<UInt32>
  ) throws {
    if field != self.field {
      try finishField()
      self.field = field
      lastTerm = []
    }
    let df = docs.count
    precondition(df > 0 && freqs.count == df, "a term needs postings")
    if field == .body { vectors.add(ordinal: stats.termCount, term: term, docs: docs, freqs: freqs) }
    let info = TermInfo(
      field: field, docFreq: df, totalTermFreq: 0, postingsOffset: docOut.position,
      positionsOffset: field.hasPositions ? posOut.position : 0)
    var ttf = 0
    let hasPositions = field.hasPositions
    let fieldNorms = norms[Int(field.rawValue)]
    // The scratch buffers are moved into a local for the loop: every access to a class property is checked for
    // exclusivity at run time, which cost more than the encoding itself in the per-doc loop.
    var scratch = PostingsScratch(empty: ())
    swap(&scratch, &self.scratch)
    defer { swap(&scratch, &self.scratch) }
    scratch.skip.removeAll()
    scratch.blockBytes.removeAll()
    scratch.posBytes.removeAll()
    let blockCount = (df + IndexFormat.blockSize - 1) / IndexFormat.blockSize
    var previousDoc = -1
    var previousLast = -1
    var posIndex = 0
    for b in 0..<blockCount {
      let docStart = scratch.blockBytes.count
      let posStart = scratch.posBytes.count
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
          scratch.packedDeltas[i - begin] = delta
          scratch.packedFreqs[i - begin] = max(freqs[i], 1) - 1
          maxDelta = max(maxDelta, delta)
          maxFreqMinusOne = max(maxFreqMinusOne, max(freqs[i], 1) - 1)
        }
        let deltaWidth = BitPacking.width(maxDelta)
        let freqWidth = BitPacking.width(maxFreqMinusOne)
        scratch.blockBytes.byte(UInt8(deltaWidth))
        scratch.blockBytes.byte(UInt8(freqWidth))
        scratch.packedDeltas.withUnsafeBufferPointer {
          BitPacking.pack($0, width: deltaWidth, into: &scratch.blockBytes)
        }
        scratch.packedFreqs.withUnsafeBufferPointer { BitPacking.pack($0, width: freqWidth, into: &scratch.blockBytes) }
      }
      for i in begin..<end {
        let doc = Int(docs[i])
        let freq = freqs[i]
        let delta = doc - previousDoc
        previousDoc = doc
        if end - begin < IndexFormat.blockSize {
          scratch.blockBytes.varint(UInt64(delta) << 1 | (freq == 1 ? 1 : 0))
          if freq != 1 { scratch.blockBytes.varint(freq) }
        }
        ttf += Int(freq)
        maxFreq = max(maxFreq, freq)
        if let fieldNorms { minNorm = min(minNorm, fieldNorms[doc]) } else { minNorm = 0 }
        scratch.docsSeen[doc >> 6] |= 1 << UInt64(doc & 63)
        if hasPositions {
          var previousPosition: UInt32 = 0
          for _ in 0..<Int(freq) {
            let p = positions[posIndex]
            posIndex += 1
            scratch.posBytes.varint(p &- previousPosition)
            previousPosition = p
          }
        }
      }
      if blockCount > 1 {
        scratch.skip.varint(previousDoc - previousLast)
        previousLast = previousDoc
        scratch.skip.varint(scratch.blockBytes.count - docStart)
        if hasPositions { scratch.skip.varint(scratch.posBytes.count - posStart) }
        scratch.skip.varint(maxFreq)
        scratch.skip.byte(minNorm)
      }
    }
    try docOut.write(scratch.skip)
    try docOut.write(scratch.blockBytes)
    if hasPositions { try posOut.write(scratch.posBytes) }
    var full = info
    full.totalTermFreq = ttf
    stats.sumTotalTermFreq += ttf
    stats.sumDocFreq += df
    stats.termCount += 1
    blockTerms.append(Array(term))
    blockInfos.append(full)
    if blockTerms.count == IndexFormat.termBlockSize { try writeTermBlock() }
  }

  private func writeTermBlock() throws {
    guard let field, !blockTerms.isEmpty else { return }
    firstTerms.append(blockTerms[0])
    blockOffsets.append(terOut.position)
    var w = ByteWriter(capacity: 4096)
    w.varint(blockTerms.count)
    var previous: [UInt8] = []
    var previousPostings = 0
    var previousPositions = 0
    for (i, term) in blockTerms.enumerated() {
      var prefix = 0
      if i > 0 {
        let n = min(previous.count, term.count)
        while prefix < n && previous[prefix] == term[prefix] { prefix += 1 }
      }
      w.varint(prefix)
      w.varint(term.count - prefix)
      w.bytes.append(contentsOf: term[prefix...])
      let info = blockInfos[i]
      w.varint(info.docFreq)
      w.varint(info.totalTermFreq - info.docFreq)
      w.varint(info.postingsOffset - previousPostings)
      previousPostings = info.postingsOffset
      if field.hasPositions {
        w.varint(info.positionsOffset - previousPositions)
        previousPositions = info.positionsOffset
      }
      previous = term
    }
    try terOut.write(w)
    blockTerms.removeAll(keepingCapacity: true)
    blockInfos.removeAll(keepingCapacity: true)
  }

  private func finishField() throws {
    guard let field else { return }
    try writeTermBlock()
    stats.docCount = scratch.docsSeen.reduce(0) { $0 + $1.nonzeroBitCount }
    fieldSections.byte(field.rawValue)
    fieldSections.varint(stats.docCount)
    fieldSections.varint(stats.sumTotalTermFreq)
    fieldSections.varint(stats.sumDocFreq)
    fieldSections.varint(stats.termCount)
    fieldSections.varint(firstTerms.count)
    var previousOffset = 0
    for (i, t) in firstTerms.enumerated() {
      fieldSections.varint(t.count)
      fieldSections.bytes.append(contentsOf: t)
      fieldSections.varint(blockOffsets[i] - previousOffset)
      previousOffset = blockOffsets[i]
    }
    fieldSectionCount += 1
    firstTerms.removeAll()
    blockOffsets.removeAll()
    stats = FieldStatistics()
    for i in scratch.docsSeen.indices { scratch.docsSeen[i] = 0 }
    self.field = nil
  }

  /// Finishes every file of the segment.
  /// - Parameter stored: the segment's stored documents (`maxDoc` of them).
  /// - Returns: the total bytes written.
  @discardableResult
  func finish(stored: StoredFieldsWriter) throws -> Int {
    try finishField()
    precondition(stored.docCount == maxDoc, "stored documents must match maxDoc")
    var total = try terOut.finish() + docOut.finish() + posOut.finish()
    // Term index and segment info.
    let tixOut = try IndexOutput(
      path: directory + "/" + SegmentFiles.name(name, .termIndex), kind: .termIndex, sync: sync)
    tix.varint(maxDoc)
    tix.varint(fieldSectionCount)
    tix.append(fieldSections.bytes)
    try tixOut.write(tix)
    total += try tixOut.finish()
    // Norms.
    let nrmOut = try IndexOutput(path: directory + "/" + SegmentFiles.name(name, .norms), kind: .norms, sync: sync)
    var w = ByteWriter()
    let present = norms.enumerated().filter { $0.element != nil }
    w.varint(present.count)
    for (raw, bytes) in present {
      w.byte(UInt8(raw))
      precondition(bytes!.count == maxDoc, "one norm per document")
      w.append(bytes!)
    }
    try nrmOut.write(w)
    total += try nrmOut.finish()
    total += try vectors.write(
      path: directory + "/" + SegmentFiles.name(name, .termVectors), maxDoc: maxDoc, sync: sync)
    let stoPath = directory + "/" + SegmentFiles.name(name, .stored)
    try stored.write(to: stoPath, sync: sync)
    total += IndexDirectory.fileSize(stoPath) ?? 0
    return total
  }
}

/// The buffers ``SegmentWriter`` reuses from term to term, kept together so one swap moves them into a local.
private struct PostingsScratch {
  var skip = ByteWriter()
  var blockBytes = ByteWriter()
  var posBytes = ByteWriter()
  var packedDeltas = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  var packedFreqs = [UInt32](repeating: 0, count: IndexFormat.blockSize)
  /// One bit per document of the segment: which have a term in the current field.
  var docsSeen: [UInt64] = []

  init() {}

  /// A placeholder holding no buffers (what stays in the writer while a term's loop has the real ones).
  init(empty: Void) {
    packedDeltas = []
    packedFreqs = []
  }
}
