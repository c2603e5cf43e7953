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
  /// The body postings again, by document, for the segment's ``TermVectors``.
  private var vectors = TermVectorBuilder()

  /// Encodes each term's postings (buffers reused from term to term).
  private var encoder: PostingsEncoder
  /// The document count of the current field when its terms came from a ``SegmentPostingsPart``.
  private var partFieldDocCount: Int?

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
    encoder = PostingsEncoder(maxDoc: maxDoc)
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
    }
    let df = docs.count
    precondition(df > 0 && freqs.count == df, "a term needs postings")
    if field == .body { vectors.add(ordinal: stats.termCount, term: term, docs: docs, freqs: freqs) }
    let postingsOffset = docOut.position
    let positionsOffset = field.hasPositions ? posOut.position : 0
    let ttf = encoder.encode(
      field: field, docs: docs, freqs: freqs, positions: positions, norms: norms[Int(field.rawValue)])
    try docOut.write(encoder.skip)
    try docOut.write(encoder.docBytes)
    if field.hasPositions { try posOut.write(encoder.positionBytes) }
    try addToDictionary(
      Array(term),
      TermInfo(
        field: field, docFreq: df, totalTermFreq: ttf, postingsOffset: postingsOffset,
        positionsOffset: positionsOffset))
  }

  /// Adds postings and dictionary blocks encoded elsewhere: the part's fields must come after every field added
  /// so far.
  /// - Parameter part: the postings of the next fields.
  func append(_ part: SegmentPostingsPart) throws {
    let postingsBase = docOut.position
    let positionsBase = posOut.position
    try docOut.write(part.docBytes)
    try posOut.write(part.positionBytes)
    try part.dictionary.bytes.withUnsafeBytes { dictionary in
      for f in part.fields {
        precondition(field.map { $0.rawValue < f.field.rawValue } ?? true, "fields arrive in order")
        try finishField()
        field = f.field
        stats = f.statistics
        partFieldDocCount = f.statistics.docCount
        for block in part.blocks[f.blocks] {
          // A block's only absolute values are its first term's offsets: the part left them out.
          firstTerms.append(Array(part.firstTerms[block.firstTerm]))
          blockOffsets.append(terOut.position)
          var offsets = ByteWriter()
          offsets.varint(block.firstPostingsOffset + postingsBase)
          if f.field.hasPositions { offsets.varint(block.firstPositionsOffset + positionsBase) }
          try terOut.write(UnsafeRawBufferPointer(rebasing: dictionary[block.start..<block.split]))
          try terOut.write(offsets)
          try terOut.write(UnsafeRawBufferPointer(rebasing: dictionary[block.split..<block.end]))
        }
      }
    }
  }

  /// Adds a term's entry to the current field's dictionary block and statistics.
  private func addToDictionary(_ term: [UInt8], _ info: TermInfo) throws {
    stats.sumTotalTermFreq += info.totalTermFreq
    stats.sumDocFreq += info.docFreq
    stats.termCount += 1
    blockTerms.append(term)
    blockInfos.append(info)
    if blockTerms.count == IndexFormat.termBlockSize { try writeTermBlock() }
  }

  private func writeTermBlock() throws {
    guard let field, !blockTerms.isEmpty else { return }
    firstTerms.append(blockTerms[0])
    blockOffsets.append(terOut.position)
    var w = ByteWriter(capacity: 4096)
    Self.encodeTermBlock(blockTerms, blockInfos, hasPositions: field.hasPositions, into: &w, firstOffsets: true)
    try terOut.write(w)
    blockTerms.removeAll(keepingCapacity: true)
    blockInfos.removeAll(keepingCapacity: true)
  }

  /// Encodes a dictionary block: the term count, then per term the shared prefix length with the previous term,
  /// the suffix, doc frequency, total frequency minus doc frequency, and the postings (and positions) offsets as
  /// deltas from the previous term's, the first term's from 0.
  /// - Parameters:
  ///   - terms: the block's terms, in order.
  ///   - infos: their dictionary entries.
  ///   - hasPositions: whether the field has positions.
  ///   - w: receives the block.
  ///   - firstOffsets: false to leave out the first term's offsets (the block's only absolute values, written
  ///     where the returned index says once the postings' place in the file is known).
  /// - Returns: the index in `w.bytes` where the first term's offsets start (or would).
  @discardableResult
  static func encodeTermBlock(
    _ terms: [[UInt8]], _ infos: [TermInfo], hasPositions: Bool, into w: inout ByteWriter, firstOffsets: Bool
  ) -> Int {
    w.varint(terms.count)
    var split = 0
    var previous: [UInt8] = []
    var previousPostings = 0
    var previousPositions = 0
    for (i, term) in terms.enumerated() {
      var prefix = 0
      if i > 0 {
        let n = min(previous.count, term.count)
        while prefix < n && previous[prefix] == term[prefix] { prefix += 1 }
      }
      w.varint(prefix)
      w.varint(term.count - prefix)
      w.bytes.append(contentsOf: term[prefix...])
      let info = infos[i]
      w.varint(info.docFreq)
      w.varint(info.totalTermFreq - info.docFreq)
      if i == 0 { split = w.count }
      if i > 0 || firstOffsets {
        w.varint(info.postingsOffset - previousPostings)
        if hasPositions { w.varint(info.positionsOffset - previousPositions) }
      }
      previousPostings = info.postingsOffset
      if hasPositions { previousPositions = info.positionsOffset }
      previous = term
    }
    return split
  }

  private func finishField() throws {
    guard let field else { return }
    try writeTermBlock()
    stats.docCount = partFieldDocCount ?? encoder.takeFieldDocCount()
    partFieldDocCount = nil
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
    self.field = nil
  }

  /// Finishes every file of the segment.
  /// - Parameter stored: the segment's stored documents (`maxDoc` of them).
  /// - Returns: the total bytes written.
  @discardableResult
  func finish(stored: StoredFieldsWriter) throws -> Int {
    precondition(stored.docCount == maxDoc, "stored documents must match maxDoc")
    var total = try finishPostings()
    total += try Self.writeNorms(norms, directory: directory, name: name, maxDoc: maxDoc, sync: sync)
    let stoPath = directory + "/" + SegmentFiles.name(name, .stored)
    try stored.write(to: stoPath, sync: sync)
    total += IndexDirectory.fileSize(stoPath) ?? 0
    return total
  }

  /// Finishes the files of the terms: dictionary, postings, positions, term index and segment info, term
  /// vectors (the norms and stored fields are written apart: ``finish(stored:)`` or ``writeNorms``).
  /// - Returns: the bytes written.
  func finishPostings() throws -> Int {
    try finishField()
    var total = try terOut.finish() + docOut.finish() + posOut.finish()
    // Term index and segment info.
    let tixOut = try IndexOutput(
      path: directory + "/" + SegmentFiles.name(name, .termIndex), kind: .termIndex, sync: sync)
    tix.varint(maxDoc)
    tix.varint(fieldSectionCount)
    tix.append(fieldSections.bytes)
    try tixOut.write(tix)
    total += try tixOut.finish()
    total += try vectors.write(
      path: directory + "/" + SegmentFiles.name(name, .termVectors), maxDoc: maxDoc, sync: sync)
    return total
  }

  /// Writes a segment's norms file (`.nrm`).
  /// - Parameters:
  ///   - norms: per field raw value, one norm byte per doc (nil for fields without norms or without documents).
  ///   - directory: the index directory.
  ///   - name: the segment name.
  ///   - maxDoc: number of documents.
  ///   - sync: fsync the file.
  /// - Returns: the bytes written.
  static func writeNorms(_ norms: [[UInt8]?], directory: String, name: String, maxDoc: Int, sync: Bool) throws -> Int {
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
    return try nrmOut.finish()
  }
}
