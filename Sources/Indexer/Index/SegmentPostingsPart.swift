/// The postings of some of a segment's fields, encoded in memory (on another thread) while the
/// ``SegmentWriter`` writes the fields before them, then appended with ``SegmentWriter/append(_:)``: the files
/// come out byte for byte as if the writer had encoded every term itself.
///
/// Offsets in ``infos`` are relative to the part's own ``docBytes`` and ``positionBytes``; the writer adds where
/// those land in its files. Fields must arrive in order, terms in byte order within a field, and the body field
/// (whose postings feed the term vectors) is never in a part.
struct SegmentPostingsPart {
  /// One field's terms: `terms` indexes ``infos`` and ``termEnds``.
  struct Field {
    let field: IndexField
    let terms: Range<Int>
    /// Documents with a term in the field.
    let docCount: Int
  }

  private(set) var fields: [Field] = []
  /// Each term's postings and positions, as the writer would write them (skip entries, then doc blocks).
  private(set) var docBytes = ByteWriter()
  private(set) var positionBytes = ByteWriter()
  /// Each term's dictionary entry, with offsets into ``docBytes`` and ``positionBytes``.
  private(set) var infos: [TermInfo] = []
  /// The terms' bytes, back to back: term `i` ends at `termEnds[i]`.
  private(set) var termBytes: [UInt8] = []
  private(set) var termEnds: [Int] = []
  private let norms: [[UInt8]?]
  private var encoder: PostingsEncoder
  private var field: IndexField?
  private var fieldStart = 0

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
    infos.append(
      TermInfo(
        field: field, docFreq: docs.count, totalTermFreq: ttf, postingsOffset: docBytes.count,
        positionsOffset: field.hasPositions ? positionBytes.count : 0))
    docBytes.append(encoder.skip.bytes)
    docBytes.append(encoder.docBytes.bytes)
    if field.hasPositions { positionBytes.append(encoder.positionBytes.bytes) }
    termBytes.append(contentsOf: term)
    termEnds.append(termBytes.count)
  }

  /// Closes the last field; call once after the last term.
  mutating func finish() { finishField() }

  private mutating func finishField() {
    guard let field else { return }
    fields.append(Field(field: field, terms: fieldStart..<infos.count, docCount: encoder.takeFieldDocCount()))
    fieldStart = infos.count
    self.field = nil
  }

  /// Term `i`'s bytes.
  func term(_ i: Int) -> ArraySlice<UInt8> { termBytes[(i == 0 ? 0 : termEnds[i - 1])..<termEnds[i]] }
}
