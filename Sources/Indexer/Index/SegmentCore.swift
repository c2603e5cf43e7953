/// The immutable part of an open segment: mapped files, term index, norms, stored fields. Shared by every
/// snapshot that includes the segment; deletions live in ``SegmentReader``.
final class SegmentCore: @unchecked Sendable {
  /// The term index of one field: each dictionary block's first term and offset in `.ter`.
  struct FieldIndex {
    let field: IndexField
    let statistics: FieldStatistics
    let firstTerms: BlockFirstTerms
    let blockOffsets: [Int]
  }

  /// Each dictionary block's first term, read in place from the mapped term index (an array per block cost an
  /// allocation and a copy when the segment opened and a release when it closed, for every 32 terms).
  final class BlockFirstTerms: @unchecked Sendable {
    /// One block's first term.
    struct Term {
      let bytes: UnsafeBufferPointer<UInt8>
      /// Calls `body` with the term's bytes.
      @inline(__always) func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
        -> R
      { try body(bytes) }
    }

    /// Number of blocks.
    let count: Int
    /// The term index file, kept mapped while the terms are read from it.
    private let file: MappedFile
    private let base: UnsafePointer<UInt8>
    /// Where each term starts and ends in `file` (`2 · count` offsets).
    private let spans: UnsafeMutablePointer<Int>

    /// - Parameters:
    ///   - file: the term index file.
    ///   - spans: each block's first term as its start and end offsets in `file`, inside its bytes.
    init(file: MappedFile, spans: [Int]) {
      self.file = file
      base = file.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
      count = spans.count / 2
      self.spans = .allocate(capacity: max(1, spans.count))
      spans.withUnsafeBufferPointer { if let b = $0.baseAddress { self.spans.initialize(from: b, count: $0.count) } }
    }

    deinit { spans.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Block `i`'s first term.
    @inline(__always) subscript(i: Int) -> Term {
      let start = spans[2 &* i]
      return Term(bytes: UnsafeBufferPointer(start: base + start, count: spans[2 &* i &+ 1] &- start))
    }
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
  /// Each document's entity names and mentions, or nil for a segment written without them.
  let entityColumn: EntityColumn?
  /// Constants after init (`let`: lookups carry no dynamic exclusivity checks).
  let fields: [FieldIndex?]
  /// Each field's ``TermSampleIndex`` for the fields with positions (the ranked text and entity fields, looked up
  /// by every search), nil for the keyword fields (their terms are few per lookup and many per segment: one id
  /// and path per document), a missing field or a damaged dictionary: those are looked up block by block.
  let termSamples: [TermSampleIndex?]
  private let normOffsets: [Int]
  private let references: FileReferences

  /// Opens a segment.
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - name: the segment name.
  ///   - maxDoc: its document count from the manifest.
  ///   - verify: verify every file's checksum.
  ///   - termSamples: build the ``TermSampleIndex`` of each ranked field (readers that search); a writer, which looks
  ///     up only keyword terms and enumerates dictionaries in order to merge, passes false and skips reading them;
  ///     the term vectors' ``TermVectorTable`` is built (or skipped) likewise.
  ///   - vectorTableLimit: the most term-vector entry bytes decoded into a table (``TermVectorTable/entryByteLimit``;
  ///     a larger segment's vectors are read from the file).
  /// - Throws: ``SeekError`` when a file is missing or damaged.
  init(
    directory: String, name: String, maxDoc: Int, verify: Bool, termSamples withSamples: Bool,
    vectorTableLimit: Int = TermVectorTable.entryByteLimit
  ) throws {
    self.name = name
    self.directory = directory
    self.maxDoc = maxDoc
    func path(_ k: IndexFileKind) -> String { directory + "/" + SegmentFiles.name(name, k) }
    let vectorPath = path(.termVectors)
    let hasVectors = IndexDirectory.exists(vectorPath)
    let entityPath = path(.entities)
    let hasEntities = IndexDirectory.exists(entityPath)
    references = FileReferences(
      IndexFileKind.segmentKinds.map { path($0) } + (hasVectors ? [vectorPath] : []) + (hasEntities ? [entityPath] : [])
    )
    termIndexFile = try MappedFile(path: path(.termIndex), kind: .termIndex, verifyChecksum: true)
    terms = try MappedFile(path: path(.terms), kind: .terms, verifyChecksum: verify)
    postings = try MappedFile(path: path(.postings), kind: .postings, verifyChecksum: verify)
    positions = try MappedFile(path: path(.positions), kind: .positions, verifyChecksum: verify)
    normsFile = try MappedFile(path: path(.norms), kind: .norms, verifyChecksum: true)
    storedFile = try MappedFile(path: path(.stored), kind: .stored, verifyChecksum: verify)
    stored = try StoredFieldsReader(file: storedFile, maxDoc: maxDoc)
    fields = try Self.parseTermIndex(termIndexFile, terms: terms, maxDoc: maxDoc)
    let dictionary = terms.bytes
    termSamples = fields.map { index in
      guard withSamples, let index, index.field.hasPositions else { return nil }
      return TermSampleIndex(terms: dictionary, blockOffsets: index.blockOffsets, field: index.field)
    }
    normOffsets = try Self.parseNorms(normsFile, maxDoc: maxDoc)
    termVectors =
      hasVectors
      ? try TermVectors(
        file: MappedFile(path: vectorPath, kind: .termVectors, verifyChecksum: verify), maxDoc: maxDoc,
        decoded: withSamples, termCount: termSamples[Int(IndexField.body.rawValue)]?.termCount ?? 0,
        tableLimit: vectorTableLimit)
      : nil
    entityColumn =
      hasEntities
      ? try EntityColumn(file: MappedFile(path: entityPath, kind: .entities, verifyChecksum: verify), maxDoc: maxDoc)
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
      var spans: [Int] = []
      var offsets: [Int] = []
      spans.reserveCapacity(2 * blocks)
      offsets.reserveCapacity(blocks)
      var offset = 0
      for _ in 0..<blocks {
        let n = r.int()
        // The term stays in the file; the reader stops at its end when `n` overruns it (the open then fails).
        spans.append(r.position)
        _ = r.bytes(n)
        spans.append(r.position)
        offset += r.int()
        guard offset >= IndexFormat.headerSize && offset < terms.bytes.count else {
          throw file.corrupt("term block offset")
        }
        offsets.append(offset)
      }
      fields[Int(field.rawValue)] = FieldIndex(
        field: field, statistics: s, firstTerms: BlockFirstTerms(file: file, spans: spans), blockOffsets: offsets)
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

  /// Looks up a term and its ordinal, its frequencies bounded by the segment (``TermInfo/bounded(maxDoc:)``): the
  /// dictionary may be read without its checksum verified.
  func termEntry(_ field: IndexField, _ target: UnsafeBufferPointer<UInt8>) -> (info: TermInfo, ordinal: Int)? {
    guard let (info, ordinal) = unboundedTermEntry(field, target) else { return nil }
    return (info.bounded(maxDoc: maxDoc), ordinal)
  }

  /// Looks up a term and its ordinal (its rank in the field's dictionary, as in ``TermVectors``): with the field's
  /// ``TermSampleIndex``, a binary search of its samples and a scan of at most one sample's group; without (a
  /// damaged dictionary), a binary search of the block index and a scan of the block.
  @inline(__always)
  private func unboundedTermEntry(_ field: IndexField, _ target: UnsafeBufferPointer<UInt8>) -> (
    info: TermInfo, ordinal: Int
  )? {
    if let samples = termSamples[Int(field.rawValue)] {
      guard let s = samples.floor(target) else { return nil }
      var cursor = samples.cursor(s, terms: terms.bytes, field: field)
      guard cursor.next() != nil else { return nil }
      let ordinal = s * TermSampleIndex.interval
      // The sample is at most the target: the scan goes on from their common prefix.
      let first = samples.term(s)
      var matched = 0
      let n = min(first.count, target.count)
      while matched < n && first[matched] == target[matched] { matched += 1 }
      if matched == target.count && first.count == target.count { return (cursor.info(), ordinal) }
      return Self.scan(
        &cursor, entries: samples.groupCount(s) - 1, target: target, matched: matched, ordinal: ordinal + 1)
    }
    guard let index = fields[Int(field.rawValue)], !index.firstTerms.isEmpty else { return nil }
    var lo = 0
    var hi = index.firstTerms.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      let c = index.firstTerms[mid].withUnsafeBufferPointer { compareBytes($0, target) }
      if c <= 0 { lo = mid } else { hi = mid - 1 }
    }
    guard let (first, count) = blockStart(index.blockOffsets[lo]) else { return nil }
    var cursor = TermBlockCursor(terms.bytes, start: first, field: field)
    return Self.scan(&cursor, entries: count, target: target, matched: 0, ordinal: lo * IndexFormat.termBlockSize)
  }

  /// Scans up to `entries` entries for `target`, the terms read so far being smaller than it and the last one
  /// sharing its first `matched` bytes (0 at a block's start), without materializing terms: the common prefix with
  /// the target is tracked through the prefix-compressed entries.
  /// - Returns: the entry and its ordinal (`ordinal` for the next entry read), or nil when absent.
  @inline(__always)
  private static func scan(
    _ cursor: inout TermBlockCursor, entries: Int, target: UnsafeBufferPointer<UInt8>, matched: Int, ordinal: Int
  ) -> (info: TermInfo, ordinal: Int)? {
    var matched = matched
    let t = target.baseAddress
    var entry = 0
    while entry < entries {
      defer { entry += 1 }
      guard let (prefix, suffixStart, suffixCount) = cursor.next() else { return nil }
      if prefix > matched { continue }  // shares more with the previous term, which was smaller: smaller
      if prefix < matched { return nil }  // differs from the target earlier, upwards: greater
      let room = target.count - matched
      let n = min(suffixCount, room)
      var k = 0
      if let t {
        let suffix = cursor.base + suffixStart
        let rest = t + matched
        while k < n && suffix[k] == rest[k] { k += 1 }
        if k < n {
          if suffix[k] > rest[k] { return nil }  // greater from the first differing byte
          matched += k
          continue
        }
      }
      // One is a prefix of the other.
      if suffixCount == room { return (cursor.info(), ordinal + entry) }
      if suffixCount > room { return nil }  // the target is a proper prefix: the term is greater
      matched += k
    }
    return nil
  }

  /// The first entry's position and the entry count of the block at `offset`, or nil when damaged.
  private func blockStart(_ offset: Int) -> (position: Int, count: Int)? {
    var r = ByteReader(terms.bytes, start: offset)
    let count = r.int()
    return r.overrun ? nil : (r.position, count)
  }

  /// The term with the given ordinal in a field's dictionary: its bytes and entry.
  /// - Parameters:
  ///   - field: the field.
  ///   - ordinal: the term's rank in the field (0-based), as stored in ``TermVectors``.
  /// - Returns: the term, or nil when the field has no such ordinal.
  ///   - withBytes: whether to rebuild the term's bytes (false: only the entry is needed, bytes come back empty).
  func term(_ field: IndexField, ordinal: Int, withBytes: Bool = true) -> (bytes: [UInt8], info: TermInfo)? {
    guard ordinal >= 0 else { return nil }
    if let samples = termSamples[Int(field.rawValue)] {
      // From the ordinal's sample: at most `interval - 1` entries after it.
      let s = ordinal / TermSampleIndex.interval
      let wanted = ordinal - s * TermSampleIndex.interval
      guard s < samples.count, wanted < samples.groupCount(s) else { return nil }
      var bytes: [UInt8] = withBytes ? Array(samples.term(s)) : []
      var cursor = samples.cursor(s, terms: terms.bytes, field: field)
      for entry in 0...wanted {
        guard let (prefix, suffixStart, suffixCount) = cursor.next() else { return nil }
        if withBytes && entry > 0 {
          guard UInt(bitPattern: prefix) <= UInt(bytes.count) else { return nil }
          bytes.removeSubrange(prefix...)
          bytes.append(contentsOf: UnsafeBufferPointer(start: cursor.base + suffixStart, count: suffixCount))
        }
      }
      return (bytes, cursor.info().bounded(maxDoc: maxDoc))
    }
    guard let index = fields[Int(field.rawValue)] else { return nil }
    let block = ordinal / IndexFormat.termBlockSize
    guard block < index.blockOffsets.count else { return nil }
    guard let (first, count) = blockStart(index.blockOffsets[block]) else { return nil }
    let wanted = ordinal - block * IndexFormat.termBlockSize
    guard wanted < count else { return nil }
    var bytes: [UInt8] = []
    var cursor = TermBlockCursor(terms.bytes, start: first, field: field)
    for entry in 0...wanted {
      guard let (prefix, suffixStart, suffixCount) = cursor.next() else { return nil }
      if withBytes {
        guard UInt(bitPattern: prefix) <= UInt(bytes.count) else { return nil }
        bytes.removeSubrange(prefix...)
        bytes.append(contentsOf: UnsafeBufferPointer(start: cursor.base + suffixStart, count: suffixCount))
      }
      if entry == wanted { return (bytes, cursor.info().bounded(maxDoc: maxDoc)) }
    }
    return nil
  }
}

/// Reads the entries of one term-dictionary block in order (prefix length, suffix, document frequency, extra
/// occurrences, postings delta, positions delta when the field has positions), keeping the running postings and
/// positions offsets: the one decoder of the entry layout for ``SegmentCore``'s lookups.
///
/// Lookups step over most entries, so an entry's statistics are only skipped (``info()`` decodes the last one's on
/// demand), and where the bytes of a whole entry are surely inside the file its varints are read without a bounds
/// check per byte.
struct TermBlockCursor {
  let hasPositions: Bool
  let base: UnsafePointer<UInt8>
  let end: Int
  let field: IndexField
  /// The next entry's position.
  private(set) var position: Int
  /// The running offsets after the last entry read.
  private(set) var postingsOffset = 0
  private(set) var positionsOffset = 0
  /// Where the last entry's document frequency starts.
  private var statistics = 0
  /// Longest LEB128 varint (64 bits).
  private static let maxVarint = 10

  /// - Parameters:
  ///   - bytes: the dictionary file's bytes.
  ///   - start: the block's first entry (after its entry count).
  ///   - field: the block's field (whether entries carry a positions delta).
  ///   - postingsOffset: the running postings offset before the entry at `start` (0 at a block's first entry).
  ///   - positionsOffset: the running positions offset before it.
  init(
    _ bytes: UnsafeRawBufferPointer, start: Int, field: IndexField, postingsOffset: Int = 0, positionsOffset: Int = 0
  ) {
    base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
    end = bytes.count
    position = start
    self.postingsOffset = postingsOffset
    self.positionsOffset = positionsOffset
    hasPositions = field.hasPositions
    self.field = field
  }

  /// Reads the next entry.
  /// - Returns: its shared-prefix length and its suffix's position and length, or nil when the block is damaged
  ///   (the bytes run out).
  @inline(__always)
  mutating func next() -> (prefix: Int, suffixStart: Int, suffixCount: Int)? {
    var p = position
    if p >= 0 && end - p >= 2 * Self.maxVarint {
      let prefix = Self.varint(base, &p)
      let count = Self.varint(base, &p)
      if count >= 0 && end - p >= 4 * Self.maxVarint && count <= end - p - 4 * Self.maxVarint {
        let suffixStart = p
        p += count
        statistics = p
        Self.skipVarint(base, &p)
        Self.skipVarint(base, &p)
        postingsOffset &+= Self.varint(base, &p)
        if hasPositions { positionsOffset &+= Self.varint(base, &p) }
        position = p
        return (prefix, suffixStart, count)
      }
    }
    // Near the end of the file: every byte checked.
    var r = ByteReader(base: base, start: position, end: end)
    let prefix = r.int()
    let count = r.int()
    let suffixStart = r.position
    r.skip(count)
    statistics = r.position
    _ = r.varint()
    _ = r.varint()
    postingsOffset &+= r.int()
    if hasPositions { positionsOffset &+= r.int() }
    if r.overrun { return nil }
    position = r.position
    return (prefix, suffixStart, count)
  }

  /// The last entry read, with its absolute offsets (frequencies as stored, wrapping: see
  /// ``TermInfo/bounded(maxDoc:)``).
  func info() -> TermInfo {
    var r = ByteReader(base: base, start: statistics, end: end)
    let df = r.int()
    return TermInfo(
      field: field, docFreq: df, totalTermFreq: df &+ r.int(), postingsOffset: postingsOffset,
      positionsOffset: positionsOffset)
  }

  /// A varint read without bounds checks: the caller knows ``maxVarint`` bytes are readable.
  @inline(__always)
  private static func varint(_ base: UnsafePointer<UInt8>, _ p: inout Int) -> Int {
    var b = base[p]
    p += 1
    if b < 0x80 { return Int(b) }
    var result = Int(b & 0x7F)
    var shift = 7
    repeat {
      b = base[p]
      p += 1
      result |= Int(b & 0x7F) << shift
      shift += 7
    } while b >= 0x80 && shift < 7 * maxVarint
    return result
  }

  /// Steps over a varint without bounds checks (at most ``maxVarint`` bytes).
  @inline(__always)
  private static func skipVarint(_ base: UnsafePointer<UInt8>, _ p: inout Int) {
    if base[p] < 0x80 {
      p += 1
      return
    }
    let stop = p + maxVarint - 1
    while base[p] >= 0x80 && p < stop { p += 1 }
    p += 1
  }
}
