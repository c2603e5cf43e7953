/// A document's address in a snapshot: segment index and segment-local doc number.
public struct DocAddress: Hashable, Sendable, Comparable {
  /// Index into ``IndexReader/segments``.
  public var segment: Int
  /// Doc number within the segment.
  public var doc: UInt32

  /// Creates an address.
  public init(segment: Int, doc: UInt32) {
    self.segment = segment
    self.doc = doc
  }

  public static func < (a: DocAddress, b: DocAddress) -> Bool {
    a.segment != b.segment ? a.segment < b.segment : a.doc < b.doc
  }
}

/// A read-only snapshot of an index: the segments and deletions named by one committed manifest.
///
/// A snapshot never changes: later commits are seen by ``reopen()``, which shares unchanged segments. Searches
/// never block on a writer. Files a snapshot uses are not deleted by a writer in this process while the snapshot
/// lives (other processes: the mapping survives unlinking on Linux, and opening retries when a commit raced it).
public final class IndexReader: @unchecked Sendable {
  /// How much to verify when opening.
  public enum Verification: Sendable {
    /// Every file's checksum (fast hash over the mapped bytes) plus structure: a flipped byte anywhere fails the
    /// open. The default.
    case full
    /// Checksums of the small files (manifest, term index, norms, deletions, file table) and headers and structure
    /// of the large ones.
    case structure
  }

  /// What opening prepares for the lookups to come, besides mapping and verifying the files.
  public enum Preparation: Sendable {
    /// Each segment's term samples of the ranked fields (``TermSampleIndex``: one walk over every entry of those
    /// dictionaries, about a third of a one-shot search's instructions on a Wikipedia index), so that every lookup
    /// then scans at most 8 dictionary entries: for a reader that serves many searches (the daemon, benchmarks).
    /// The default.
    case manySearches
    /// Nothing ahead: lookups binary-search the term index read at open and scan at most one dictionary block of
    /// ``IndexFormat/termBlockSize`` entries. For a process that runs one search (`seek search` without a
    /// daemon), whose few lookups cost far less than the walk would. Results are the same.
    case oneSearch
  }

  /// The index directory.
  public let directory: String
  /// The commit generation of this snapshot.
  public let generation: Int
  /// The live segments, in manifest order.
  public let segments: [SegmentReader]
  /// Snapshot-wide number of each segment's doc 0 (global doc = `docBases[s] + doc`).
  public let docBases: [Int]
  /// Documents in all segments, deleted ones included.
  public let maxDoc: Int
  /// Live (not deleted) documents.
  public let liveCount: Int
  let manifest: Manifest
  private let verification: Verification
  private let preparation: Preparation
  /// The most term-vector entry bytes of a segment decoded into a table (``TermVectorTable/entryByteLimit``; tests
  /// lower it); ``reopen()`` keeps it.
  private let vectorTableLimit: Int
  private let fileTable: [String: FileState]

  private init(
    directory: String, manifest: Manifest, segments: [SegmentReader], fileTable: [String: FileState],
    verification: Verification, preparation: Preparation, vectorTableLimit: Int
  ) {
    self.vectorTableLimit = vectorTableLimit
    self.directory = directory
    self.manifest = manifest
    self.generation = manifest.generation
    self.segments = segments
    self.verification = verification
    self.preparation = preparation
    var bases: [Int] = []
    var total = 0
    var live = 0
    for s in segments {
      bases.append(total)
      total += s.maxDoc
      live += s.liveCount
    }
    docBases = bases
    maxDoc = total
    liveCount = live
    self.fileTable = fileTable
  }

  /// Opens the last commit of an index.
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - verification: how much to verify (default: every checksum).
  ///   - preparation: what to prepare for lookups (default: term samples, for many searches); ``reopen()`` keeps it.
  /// - Returns: a snapshot.
  /// - Throws: `.indexNotFound` (no index), `.corruptIndex` naming the damaged file, `.unsupportedVersion`.
  public static func open(
    directory: String, verification: Verification = .full, preparation: Preparation = .manySearches
  ) throws -> IndexReader {
    try open(directory: directory, verification: verification, preparation: preparation, reusing: nil)
  }

  /// Opens the last commit of an index for a process that runs one command and exits (`seek search`, `entities`,
  /// `show` without a daemon): the large files' structure is verified but not hashed (``Verification/structure``)
  /// and no term samples are built (``Preparation/oneSearch``). Results are those of a full open.
  /// - Parameter directory: the index directory.
  /// - Returns: a snapshot.
  /// - Throws: as ``open(directory:verification:preparation:)``.
  public static func openForOneCommand(directory: String) throws -> IndexReader {
    try open(directory: directory, verification: .structure, preparation: .oneSearch)
  }

  /// A snapshot of the latest commit; `self` when nothing was committed since. Unchanged segments are shared.
  /// - Throws: as ``open(directory:verification:preparation:)``.
  public func reopen() throws -> IndexReader {
    let m = try Manifest.read(directory: directory)
    if m.generation == generation { return self }
    return try Self.open(
      directory: directory, verification: verification, preparation: preparation, reusing: self,
      vectorTableLimit: vectorTableLimit)
  }

  static func open(
    directory: String, verification: Verification, preparation: Preparation = .manySearches, reusing old: IndexReader?,
    vectorTableLimit: Int = TermVectorTable.entryByteLimit
  ) throws -> IndexReader {
    var attempt = 0
    while true {
      let manifest = try Manifest.read(directory: directory)
      do {
        var cores: [String: SegmentCore] = [:]
        for s in old?.segments ?? [] { cores[s.name] = s.core }
        let segments = try manifest.segments.map { s in
          try openSegment(
            directory: directory, s, verify: verification == .full, core: cores[s.name],
            termSamples: preparation == .manySearches, vectorTableLimit: vectorTableLimit)
        }
        var table: [String: FileState] = [:]
        if let old, old.manifest.fileTableGeneration == manifest.fileTableGeneration {
          table = old.fileTable
        } else if manifest.fileTableGeneration > 0 {
          table = try FileStateTable.read(
            path: directory + "/" + SegmentFiles.fileTable(generation: manifest.fileTableGeneration))
        }
        return IndexReader(
          directory: directory, manifest: manifest, segments: segments, fileTable: table, verification: verification,
          preparation: preparation, vectorTableLimit: vectorTableLimit)
      } catch let e as SeekError where e.kind == .indexNotFound && attempt < 5 {
        // A writer committed and removed files between reading the manifest and opening them: retry if so.
        attempt += 1
        if (try? Manifest.read(directory: directory))?.generation == manifest.generation { throw e }
      }
    }
  }

  static func openSegment(
    directory: String, _ s: Manifest.Segment, verify: Bool, core: SegmentCore?, termSamples: Bool = true,
    vectorTableLimit: Int = TermVectorTable.entryByteLimit
  ) throws -> SegmentReader {
    let c =
      try core
      ?? SegmentCore(
        directory: directory, name: s.name, maxDoc: s.maxDoc, verify: verify, termSamples: termSamples,
        vectorTableLimit: vectorTableLimit)
    var deletions: DeletionBitmap?
    var deletionPath: String?
    if s.deletionGeneration > 0 {
      let path = directory + "/" + SegmentFiles.deletions(s.name, generation: s.deletionGeneration)
      deletionPath = path
      let d = try DeletionBitmap.read(path: path, maxDoc: s.maxDoc, verify: true)
      if d.count != s.deletedCount {
        throw SeekError(
          .corruptIndex, "index file \(path) disagrees with the manifest's deleted count: run `seek check`")
      }
      deletions = d
    }
    return SegmentReader(
      core: c, deletions: deletions, deletionGeneration: s.deletionGeneration, deletionPath: deletionPath)
  }

  /// A field's statistics summed over all segments (deleted documents included until merged away, as in Lucene).
  public func statistics(_ field: IndexField) -> FieldStatistics {
    var s = FieldStatistics()
    for seg in segments { s.add(seg.statistics(field)) }
    return s
  }

  /// Documents containing a term, summed over segments.
  public func docFreq(_ field: IndexField, _ term: String) -> Int {
    segments.reduce(0) { $0 + ($1.termInfo(field, term)?.docFreq ?? 0) }
  }

  /// Terms of a field starting with `prefix` in any segment, with document frequencies summed over segments, in
  /// byte order (prefix queries, completion, facets over keyword fields).
  /// - Parameters:
  ///   - field: the field.
  ///   - prefix: the prefix ("" for all terms).
  ///   - limit: at most this many terms (the smallest ones).
  /// - Returns: terms and document frequencies (deleted documents included until merged away).
  public func terms(_ field: IndexField, withPrefix prefix: String, limit: Int = 1000) -> [(term: String, docFreq: Int)]
  {
    var merged: [String: Int] = [:]
    for s in segments {
      for (term, info) in s.terms(field).terms(withPrefix: prefix, limit: limit) {
        merged[term, default: 0] += info.docFreq
      }
    }
    let sorted = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return sorted.prefix(limit).map { ($0, merged[$0]!) }
  }

  /// The address of a snapshot-wide doc number.
  public func address(ofGlobal doc: Int) -> DocAddress? {
    guard doc >= 0 && doc < maxDoc else { return nil }
    var lo = 0
    var hi = segments.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if docBases[mid] <= doc { lo = mid } else { hi = mid - 1 }
    }
    return DocAddress(segment: lo, doc: UInt32(doc - docBases[lo]))
  }

  /// The live document with this id.
  public func find(id: String) -> DocAddress? {
    for (i, s) in segments.enumerated() {
      if let d = s.docNumber(forID: id) { return DocAddress(segment: i, doc: d) }
    }
    return nil
  }

  /// The stored document at an address. Bodies of plain-text files and NDJSON records are read back from the
  /// source file (``ExternalBody``); when that file changed since indexing the body is "" and a warning
  /// diagnostic says to re-index.
  /// - Parameters:
  ///   - address: the document.
  ///   - resolveBody: false skips reading such a body back (it stays "").
  /// - Throws: `SeekError(.corruptIndex)` on damage, `.invalidInput` for a bad address.
  public func storedDocument(_ address: DocAddress, resolveBody: Bool = true) throws -> Document {
    guard address.segment >= 0 && address.segment < segments.count else {
      throw SeekError(.invalidInput, "no segment \(address.segment) in index \(directory)")
    }
    return try segments[address.segment].storedDocument(address.doc, resolveBody: resolveBody)
  }

  /// What the index remembers of a source file (size, mtime, content hash), or nil when not indexed.
  public func fileState(path: String) -> FileState? { fileTable[path] }

  /// Every source path with a remembered state, sorted.
  public func allFilePaths() -> [String] { fileTable.keys.sorted() }
}

/// Counts and sizes of a snapshot, cheap to compute (for `seek stats`).
public struct IndexStorageSummary: Sendable, Equatable {
  /// The commit generation.
  public var generation: Int
  /// Live segments.
  public var segmentCount: Int
  /// Live documents.
  public var liveCount: Int
  /// Deleted documents not yet merged away.
  public var deletedCount: Int
  /// Distinct terms summed over segments and fields (a term in two segments counts twice).
  public var termCount: Int
  /// Bytes per file kind: `tix`, `ter`, `doc`, `pos`, `nrm`, `sto`, `del`, `tab`, `manifest`.
  public var bytesByKind: [String: Int]
  /// All bytes.
  public var totalBytes: Int { bytesByKind.values.reduce(0, +) }
}

extension IndexReader {
  /// Counts and file sizes of this snapshot.
  public func storageSummary() -> IndexStorageSummary {
    var bytes: [String: Int] = [:]
    bytes["manifest"] = IndexDirectory.fileSize(directory + "/" + IndexFormat.manifestName) ?? 0
    for name in manifest.referencedFiles {
      guard let kind = IndexFileKind.of(fileName: name) else { continue }
      bytes[kind.rawValue, default: 0] += IndexDirectory.fileSize(directory + "/" + name) ?? 0
    }
    var terms = 0
    for s in segments { for f in IndexField.allCases { terms += s.statistics(f).termCount } }
    return IndexStorageSummary(
      generation: generation, segmentCount: segments.count, liveCount: liveCount, deletedCount: maxDoc - liveCount,
      termCount: terms, bytesByKind: bytes)
  }
}
