/// The immutable part of an open segment: mapped files, term index, norms, stored fields. Shared by every
/// snapshot that includes the segment; deletions live in ``SegmentReader``.
final class SegmentCore: @unchecked Sendable {
  /// The term index of one field: each dictionary block's first term and offset in `.ter`.
  struct FieldIndex {
    let field: IndexField
    let statistics: FieldStatistics
    let firstTerms: [[UInt8]]
    let blockOffsets: [Int]
  }

  let name: String
  let directory: String
  let maxDoc: Int
  let terms: MappedFile
  let postings: MappedFile
  let positions: MappedFile
  let termIndexFile: MappedFile
  let normsFile: MappedFile
  let storedFile: MappedFile
  let stored: StoredFieldsReader
  private(set) var fields: [FieldIndex?] = Array(repeating: nil, count: IndexField.allCases.count)
  private var normOffsets: [Int] = Array(repeating: -1, count: IndexField.allCases.count)
  private let references: FileReferences

  /// Opens a segment.
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - name: the segment name.
  ///   - maxDoc: its document count from the manifest.
  ///   - verify: verify every file's checksum.
  init(directory: String, name: String, maxDoc: Int, verify: Bool) throws {
    self.name = name
    self.directory = directory
    self.maxDoc = maxDoc
    func path(_ k: IndexFileKind) -> String { directory + "/" + SegmentFiles.name(name, k) }
    references = FileReferences(IndexFileKind.segmentKinds.map { path($0) })
    termIndexFile = try MappedFile(path: path(.termIndex), kind: .termIndex, verifyChecksum: true)
    terms = try MappedFile(path: path(.terms), kind: .terms, verifyChecksum: verify)
    postings = try MappedFile(path: path(.postings), kind: .postings, verifyChecksum: verify)
    positions = try MappedFile(path: path(.positions), kind: .positions, verifyChecksum: verify)
    normsFile = try MappedFile(path: path(.norms), kind: .norms, verifyChecksum: true)
    storedFile = try MappedFile(path: path(.stored), kind: .stored, verifyChecksum: verify)
    stored = try StoredFieldsReader(file: storedFile, maxDoc: maxDoc)
    try parseTermIndex()
    try parseNorms()
  }

  private func parseTermIndex() throws {
    var r = termIndexFile.reader()
    let file = termIndexFile
    guard r.int() == maxDoc else { throw file.corrupt("maxDoc differs from the manifest") }
    let fieldCount = r.int()
    guard fieldCount <= IndexField.allCases.count else { throw file.corrupt("field count") }
    for _ in 0..<fieldCount {
      guard let field = IndexField(rawValue: r.byte()), fields[Int(field.rawValue)] == nil else {
        throw file.corrupt("unknown or repeated field")
      }
      var s = FieldStatistics()
      s.docCount = r.int()
      s.sumTotalTermFreq = r.int()
      s.sumDocFreq = r.int()
      s.termCount = r.int()
      let blocks = r.int()
      guard blocks <= r.remaining else { throw file.corrupt("block count") }
      var firstTerms: [[UInt8]] = []
      var offsets: [Int] = []
      firstTerms.reserveCapacity(blocks)
      offsets.reserveCapacity(blocks)
      var offset = 0
      for _ in 0..<blocks {
        let n = r.int()
        firstTerms.append(Array(r.bytes(n)))
        offset += r.int()
        guard offset >= IndexFormat.headerSize && offset < terms.bytes.count else {
          throw file.corrupt("term block offset")
        }
        offsets.append(offset)
      }
      fields[Int(field.rawValue)] = FieldIndex(
        field: field, statistics: s, firstTerms: firstTerms, blockOffsets: offsets)
    }
    if r.overrun || !r.isAtEnd { throw file.corrupt("term index structure") }
  }

  private func parseNorms() throws {
    var r = normsFile.reader()
    let count = r.int()
    for _ in 0..<count {
      guard let field = IndexField(rawValue: r.byte()), field.hasNorms else { throw normsFile.corrupt("norm field") }
      normOffsets[Int(field.rawValue)] = r.position
      r.skip(maxDoc)
    }
    if r.overrun || !r.isAtEnd { throw normsFile.corrupt("norms structure") }
  }

  /// The norm byte of a document's field (0 when the field has no norms or the doc no terms in it).
  @inline(__always) func normByte(_ doc: Int, _ field: IndexField) -> UInt8 {
    let offset = normOffsets[Int(field.rawValue)]
    guard offset >= 0, doc >= 0, doc < maxDoc else { return 0 }
    return normsFile.bytes.load(fromByteOffset: offset + doc, as: UInt8.self)
  }

  /// Whether the segment has norms for the field.
  func hasNorms(_ field: IndexField) -> Bool { normOffsets[Int(field.rawValue)] >= 0 }

  /// Looks up a term.
  func termInfo(_ field: IndexField, _ term: UnsafeBufferPointer<UInt8>) -> TermInfo? {
    var e = TermEnumerator(core: self, field: field)
    return e.seek(ceil: term) == .found ? e.info : nil
  }
}
