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
  /// Document-to-value tables for the `id` and `path` fields, built on first use.
  let keywordColumns = KeywordColumns()
  let terms: MappedFile
  let postings: MappedFile
  let positions: MappedFile
  let termIndexFile: MappedFile
  let normsFile: MappedFile
  let storedFile: MappedFile
  let stored: StoredFieldsReader
  /// Each document's body terms and counts, or nil for a segment written without them.
  let termVectors: TermVectors?
  /// Constants after init (`let`: lookups carry no dynamic exclusivity checks).
  let fields: [FieldIndex?]
  private let normOffsets: [Int]
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
    let vectorPath = path(.termVectors)
    let hasVectors = IndexDirectory.exists(vectorPath)
    references = FileReferences(IndexFileKind.segmentKinds.map { path($0) } + (hasVectors ? [vectorPath] : []))
    termIndexFile = try MappedFile(path: path(.termIndex), kind: .termIndex, verifyChecksum: true)
    terms = try MappedFile(path: path(.terms), kind: .terms, verifyChecksum: verify)
    postings = try MappedFile(path: path(.postings), kind: .postings, verifyChecksum: verify)
    positions = try MappedFile(path: path(.positions), kind: .positions, verifyChecksum: verify)
    normsFile = try MappedFile(path: path(.norms), kind: .norms, verifyChecksum: true)
    storedFile = try MappedFile(path: path(.stored), kind: .stored, verifyChecksum: verify)
    stored = try StoredFieldsReader(file: storedFile, maxDoc: maxDoc)
    fields = try Self.parseTermIndex(termIndexFile, terms: terms, maxDoc: maxDoc)
    normOffsets = try Self.parseNorms(normsFile, maxDoc: maxDoc)
    termVectors =
      hasVectors
      ? try TermVectors(file: MappedFile(path: vectorPath, kind: .termVectors, verifyChecksum: verify), maxDoc: maxDoc)
      : nil
  }

  private static func parseTermIndex(_ file: MappedFile, terms: MappedFile, maxDoc: Int) throws -> [FieldIndex?] {
    var fields: [FieldIndex?] = Array(repeating: nil, count: IndexField.allCases.count)
    var r = file.reader()
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
    return fields
  }

  private static func parseNorms(_ normsFile: MappedFile, maxDoc: Int) throws -> [Int] {
    var normOffsets = Array(repeating: -1, count: IndexField.allCases.count)
    var r = normsFile.reader()
    let count = r.int()
    for _ in 0..<count {
      guard let field = IndexField(rawValue: r.byte()), field.hasNorms else { throw normsFile.corrupt("norm field") }
      normOffsets[Int(field.rawValue)] = r.position
      r.skip(maxDoc)
    }
    if r.overrun || !r.isAtEnd { throw normsFile.corrupt("norms structure") }
    return normOffsets
  }

  /// The norm byte of a document's field (0 when the field has no norms or the doc no terms in it).
  @inline(__always) func normByte(_ doc: Int, _ field: IndexField) -> UInt8 {
    let offset = normOffsets[Int(field.rawValue)]
    guard offset >= 0, doc >= 0, doc < maxDoc else { return 0 }
    return normsFile.bytes.load(fromByteOffset: offset + doc, as: UInt8.self)
  }

  /// The norm bytes of a field, one per document (`maxDoc` of them), or nil when the segment has none for it.
  func norms(_ field: IndexField) -> UnsafePointer<UInt8>? {
    let offset = normOffsets[Int(field.rawValue)]
    guard offset >= 0, let base = normsFile.bytes.baseAddress else { return nil }
    return base.assumingMemoryBound(to: UInt8.self) + offset
  }

  /// Whether the segment has norms for the field.
  func hasNorms(_ field: IndexField) -> Bool { normOffsets[Int(field.rawValue)] >= 0 }

  /// Looks up a term: a binary search in the term index, then one block scanned without materializing terms
  /// (the common prefix with the target is tracked through the prefix-compressed entries).
  func termInfo(_ field: IndexField, _ target: UnsafeBufferPointer<UInt8>) -> TermInfo? {
    termEntry(field, target)?.info
  }

  /// Looks up a term and its ordinal (its rank in the field's dictionary, as in ``TermVectors``).
  func termEntry(_ field: IndexField, _ target: UnsafeBufferPointer<UInt8>) -> (info: TermInfo, ordinal: Int)? {
    guard let index = fields[Int(field.rawValue)], !index.firstTerms.isEmpty else { return nil }
    var lo = 0
    var hi = index.firstTerms.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      let c = index.firstTerms[mid].withUnsafeBufferPointer { compareBytes($0, target) }
      if c <= 0 { lo = mid } else { hi = mid - 1 }
    }
    var r = ByteReader(terms.bytes, start: index.blockOffsets[lo])
    let count = r.int()
    var matched = 0
    var cursor = TermBlockCursor(field: field)
    for entry in 0..<count {
      guard let (prefix, suffix) = cursor.read(&r) else { return nil }
      if prefix > matched { continue }  // shares more with the previous term, which was smaller: smaller
      if prefix < matched { return nil }  // differs from the target earlier, upwards: greater
      var k = 0
      while k < suffix.count && matched + k < target.count && suffix[k] == target[matched + k] { k += 1 }
      if k == suffix.count && matched + k == target.count {
        return (cursor.info, lo * IndexFormat.termBlockSize + entry)
      }
      if matched + k == target.count { return nil }  // the target is a proper prefix: the term is greater
      if k < suffix.count && suffix[k] > target[matched + k] { return nil }
      matched += k
    }
    return nil
  }

  /// The term with the given ordinal in a field's dictionary: its bytes and entry.
  /// - Parameters:
  ///   - field: the field.
  ///   - ordinal: the term's rank in the field (0-based), as stored in ``TermVectors``.
  /// - Returns: the term, or nil when the field has no such ordinal.
  ///   - withBytes: whether to rebuild the term's bytes (false: only the entry is needed, bytes come back empty).
  func term(_ field: IndexField, ordinal: Int, withBytes: Bool = true) -> (bytes: [UInt8], info: TermInfo)? {
    guard let index = fields[Int(field.rawValue)], ordinal >= 0 else { return nil }
    let block = ordinal / IndexFormat.termBlockSize
    guard block < index.blockOffsets.count else { return nil }
    var r = ByteReader(terms.bytes, start: index.blockOffsets[block])
    let count = r.int()
    let wanted = ordinal - block * IndexFormat.termBlockSize
    guard wanted < count else { return nil }
    var bytes: [UInt8] = []
    var cursor = TermBlockCursor(field: field)
    for entry in 0...wanted {
      guard let (prefix, suffix) = cursor.read(&r) else { return nil }
      if withBytes {
        guard prefix <= bytes.count else { return nil }
        bytes.removeSubrange(prefix...)
        bytes.append(contentsOf: suffix)
      }
      if entry == wanted { return (bytes, cursor.info) }
    }
    return nil
  }
}

/// Reads the entries of one term-dictionary block in order (prefix length, suffix, document frequency, extra
/// occurrences, postings delta, positions delta when the field has positions), keeping the running postings and
/// positions offsets: the one decoder of the entry layout for ``SegmentCore``'s lookups.
private struct TermBlockCursor {
  let hasPositions: Bool
  /// The last entry read, with its absolute offsets.
  private(set) var info: TermInfo

  init(field: IndexField) {
    hasPositions = field.hasPositions
    info = TermInfo(field: field, docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)
  }

  /// Reads the next entry.
  /// - Parameter r: the block's reader, at an entry.
  /// - Returns: the entry's shared-prefix length and suffix bytes, or nil when the block is damaged.
  @inline(__always)
  mutating func read(_ r: inout ByteReader) -> (prefix: Int, suffix: UnsafeBufferPointer<UInt8>)? {
    let prefix = r.int()
    let suffix = r.bytes(r.int())
    let df = r.int()
    info.docFreq = df
    info.totalTermFreq = df + r.int()
    info.postingsOffset += r.int()
    if hasPositions { info.positionsOffset += r.int() }
    return r.overrun ? nil : (prefix, suffix)
  }
}
