/// The postings and dictionary blocks of some of a segment's fields, encoded in memory (on another thread) while
/// the ``SegmentWriter`` writes the fields before them, then appended with ``SegmentWriter/append(_:)``: the
/// files come out byte for byte as if the writer had encoded every term itself.
///
/// Offsets are relative to the part's own ``docBytes`` and ``positionBytes``; the writer adds where those land in
/// its files. A dictionary block's only absolute values are its first term's offsets, so each block is kept
/// without them and the writer puts them in. Fields must arrive in order, terms in byte order within a field,
/// and the body field (whose postings feed the term vectors) is never in a part.
struct SegmentPostingsPart {
  /// One field: its statistics and its dictionary blocks (indexes into ``blocks``).
  struct Field {
    let field: IndexField
    let statistics: FieldStatistics
    let blocks: Range<Int>
  }

  /// One dictionary block in ``dictionary``: `start..<split`, then the first term's offsets, then `split..<end`.
  struct Block {
    let start: Int
    let split: Int
    let end: Int
    /// The first term's offsets into ``docBytes`` and ``positionBytes``.
    let firstPostingsOffset: Int
    let firstPositionsOffset: Int
    /// The first term's bytes in ``firstTerms``.
    let firstTerm: Range<Int>
  }

  private(set) var fields: [Field] = []
  private(set) var blocks: [Block] = []
  /// The terms' postings, as the writer would write them (skip entries, then doc blocks).
  private(set) var docBytes = ByteWriter()
  private(set) var positionBytes = ByteWriter()
  /// The dictionary blocks, each without its first term's offsets.
  private(set) var dictionary = ByteWriter()
  /// Each block's first term, back to back (the term index lists them).
  private(set) var firstTerms: [UInt8] = []
  private let norms: [[UInt8]?]
  private var encoder: PostingsEncoder
  // The current field.
  private var field: IndexField?
  private var statistics = FieldStatistics()
  private var fieldFirstBlock = 0
  private var blockTerms: [[UInt8]] = []
  private var blockInfos: [TermInfo] = []

  /// Creates an empty part.
  /// - Parameters:
  ///   - maxDoc: the segment's document count.
  ///   - norms: per field raw value, one norm byte per doc (as given to the ``SegmentWriter``).
  init(maxDoc: Int, norms: [[UInt8]?]) {
    self.norms = norms
    encoder = PostingsEncoder(maxDoc: maxDoc)
  }

  /// Adds a term's postings; arguments as for ``SegmentWriter/addTerm(field:term:docs:freqs:positions:)``.
  mutating func addTerm(
    field: IndexField, term: UnsafeBufferPointer<UInt8>, docs: UnsafeBufferPointer<UInt32>,
    freqs: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<UInt32>
  ) {
    precondition(field != .body, "the body field's postings feed the term vectors: the segment writer writes them")
    precondition(docs.count > 0 && freqs.count == docs.count, "a term needs postings")
    if field != self.field {
      finishField()
      self.field = field
    }
    let ttf = encoder.encode(
      field: field, docs: docs, freqs: freqs, positions: positions, norms: norms[Int(field.rawValue)])
    blockInfos.append(
      TermInfo(
        field: field, docFreq: docs.count, totalTermFreq: ttf, postingsOffset: docBytes.count,
        positionsOffset: field.hasPositions ? positionBytes.count : 0))
    blockTerms.append(Array(term))
    docBytes.append(encoder.skip.bytes)
    docBytes.append(encoder.docBytes.bytes)
    if field.hasPositions { positionBytes.append(encoder.positionBytes.bytes) }
    statistics.sumTotalTermFreq += ttf
    statistics.sumDocFreq += docs.count
    statistics.termCount += 1
    if blockTerms.count == IndexFormat.termBlockSize { finishBlock() }
  }

  /// Closes the last field; call once after the last term.
  mutating func finish() { finishField() }

  private mutating func finishBlock() {
    guard let field, !blockTerms.isEmpty else { return }
    let start = dictionary.count
    let split = SegmentWriter.encodeTermBlock(
      blockTerms, blockInfos, hasPositions: field.hasPositions, into: &dictionary, firstOffsets: false)
    let termStart = firstTerms.count
    firstTerms.append(contentsOf: blockTerms[0])
    blocks.append(
      Block(
        start: start, split: split, end: dictionary.count, firstPostingsOffset: blockInfos[0].postingsOffset,
        firstPositionsOffset: blockInfos[0].positionsOffset, firstTerm: termStart..<firstTerms.count))
    blockTerms.removeAll(keepingCapacity: true)
    blockInfos.removeAll(keepingCapacity: true)
  }

  private mutating func finishField() {
    guard let field else { return }
    finishBlock()
    statistics.docCount = encoder.takeFieldDocCount()
    fields.append(Field(field: field, statistics: statistics, blocks: fieldFirstBlock..<blocks.count))
    fieldFirstBlock = blocks.count
    statistics = FieldStatistics()
    self.field = nil
  }
}
