#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Adds, deletes and replaces documents in an index, and commits atomically.
///
/// One writer per index at a time (an OS lock on `DIR/write.lock`; the error names the holder). Changes are
/// invisible to readers until ``commit()``; ``rollback()`` drops them. Buffered documents go to a new segment
/// when ``Options/memoryBudget`` is reached; at each commit a tiered policy merges similar-sized segments,
/// purging deleted documents. Not thread-safe: use it from one task at a time.
///
/// Commit protocol: new segment, deletion and file-table files are written and fsynced; then `MANIFEST.tmp` is
/// written, fsynced and renamed over `MANIFEST`, and the directory fsynced. A crash at any point leaves the
/// previous commit intact; leftovers are removed when the next writer opens.
public final class IndexWriter {
  /// Writer settings.
  public struct Options: Sendable {
    /// Flush buffered documents to a segment when their estimated memory reaches this (bytes).
    public var memoryBudget: Int = 256 << 20
    /// Segments merged at once by the tiered policy (0 or 1 turns merging off).
    public var mergeFactor: Int = 10
    /// fsync files and the directory (turn off only in tests).
    public var sync: Bool = true
    /// Run policy merges on a background thread (applied at a later flush or commit) instead of inside `commit()`.
    public var backgroundMerges: Bool = true
    /// How much of the committed segments to verify when the writer opens: every checksum (the default), or, for a
    /// process that opens a fully verified ``IndexReader`` of the same commit right after (seekd), the checksums of
    /// the small files and the structure of the large ones, so that their bytes are not hashed twice.
    public var verification: IndexReader.Verification = .full

    /// Default options.
    public init(
      memoryBudget: Int = 256 << 20, mergeFactor: Int = 10, sync: Bool = true, backgroundMerges: Bool = true,
      verification: IndexReader.Verification = .full
    ) {
      self.memoryBudget = memoryBudget
      self.mergeFactor = mergeFactor
      self.sync = sync
      self.backgroundMerges = backgroundMerges
      self.verification = verification
    }
  }

  /// A segment as the writer tracks it: committed or flushed since the last commit.
  final class Segment {
    let core: SegmentCore
    var deletions: DeletionBitmap
    /// Generation of the deletion file on disk (0 = none).
    var deletionGeneration: Int
    var deletionsDirty = false
    var liveCount: Int { core.maxDoc - deletions.count }
    init(core: SegmentCore, deletions: DeletionBitmap, deletionGeneration: Int) {
      self.core = core
      self.deletions = deletions
      self.deletionGeneration = deletionGeneration
    }
  }

  /// Steps of the commit protocol, for crash-simulation tests.
  enum CommitStep: Sendable, CaseIterable {
    case segmentsWritten, deletionsWritten, fileTableWritten, manifestTemporaryWritten
  }

  /// When set, `commit()` throws right after this step, leaving its files as a crash would.
  var simulatedCrash: CommitStep?

  private func crashPoint(_ step: CommitStep) throws {
    if simulatedCrash == step { throw SeekError(.other, "simulated crash after \(step)") }
  }

  /// The index directory.
  public let directory: String
  /// The settings it was opened with.
  public let options: Options
  private var lock: WriteLock?
  private var committed: Manifest
  private var segments: [Segment] = []
  private var buffer = InvertedBuffer()
  private var fileTable: [String: FileState] = [:]
  private var fileTableDirty = false
  private var segmentCounter: Int
  private var policy: TieredMergePolicy
  private var backgroundMerge: BackgroundMerge?
  private var backgroundMergeInputs: [Segment] = []

  /// Opens (creating when needed) an index for writing.
  /// - Parameters:
  ///   - directory: the index directory (created if missing).
  ///   - options: budget, merge factor, fsync.
  /// - Throws: `SeekError(.locked)` when another writer holds the index; `.corruptIndex`/`.unsupportedVersion`
  ///   when the existing index cannot be read.
  public init(directory: String, options: Options = Options()) throws {
    self.directory = directory
    self.options = options
    policy = TieredMergePolicy(mergeFactor: options.mergeFactor)
    try IndexDirectory.createDirectory(directory)
    if !IndexDirectory.exists(directory + "/" + IndexFormat.manifestName) {
      // The daemon keeps its pid file, socket and log in the index directory; they are not foreign.
      let daemonFiles: Set<String> = ["seekd.pid", "seekd.sock", "seekd.log"]
      let foreign = IndexDirectory.list(directory).filter {
        !IndexFileKind.isIndexFileName($0) && !daemonFiles.contains($0)
      }
      if !foreign.isEmpty {
        throw SeekError(
          .invalidInput,
          "\(directory) is not an index and not empty (it holds \(foreign.sorted()[0])): choose an empty or new "
            + "directory for the index")
      }
    }
    let lock = try WriteLock(directory: directory)
    self.lock = lock
    let manifestPath = directory + "/" + IndexFormat.manifestName
    if IndexDirectory.exists(manifestPath) {
      committed = try Manifest.read(directory: directory)
    } else {
      committed = Manifest()
      try committed.write(directory: directory, sync: options.sync)
    }
    segmentCounter = committed.segmentCounter
    try loadCommitted()
    deleteUnreferencedFiles()
  }

  deinit {
    _ = backgroundMerge?.wait()
    lock?.release()
  }

  private func loadCommitted() throws {
    segments = try committed.segments.map { s in
      let reader = try IndexReader.openSegment(
        directory: directory, s, verify: options.verification == .full, core: nil, termSamples: false)
      return Segment(
        core: reader.core, deletions: reader.deletions ?? DeletionBitmap(maxDoc: s.maxDoc),
        deletionGeneration: s.deletionGeneration)
    }
    fileTable =
      committed.fileTableGeneration > 0
      ? try FileStateTable.read(
        path: directory + "/" + SegmentFiles.fileTable(generation: committed.fileTableGeneration)) : [:]
    fileTableDirty = false
  }

  /// The generation of the last commit (0 for a new index); each commit adds one.
  public var committedGeneration: Int { committed.generation }

  /// Documents buffered in memory (not yet in a segment).
  public var bufferedDocumentCount: Int { buffer.docCount }
  /// Estimated bytes of the buffer.
  public var bufferedBytes: Int { buffer.estimatedBytes }
  /// Number of segments (committed and flushed), not counting the buffer.
  public var segmentCount: Int { segments.count }
  /// Live documents, counting uncommitted changes.
  public var liveCount: Int {
    segments.reduce(0) { $0 + $1.liveCount } + buffer.docCount - buffer.deletedCount
  }

  /// Adds a document (an existing document with the same id stays: use ``update(_:)`` to replace).
  /// - Parameter document: the analyzed document.
  /// - Throws: I/O errors from a flush when the memory budget is reached.
  public func add(_ document: IndexableDocument) throws {
    buffer.add(document)
    if buffer.estimatedBytes >= options.memoryBudget { try flush() }
  }

  /// Replaces the document with the same id (or adds it).
  public func update(_ document: IndexableDocument) throws {
    delete(id: document.id)
    try add(document)
  }

  /// Deletes the document with this id.
  /// - Returns: how many documents were deleted.
  @discardableResult
  public func delete(id: String) -> Int {
    deleteTerm(.id, id) + buffer.delete(id: id)
  }

  /// Deletes every document whose source file is `path` (a container's records go together) and forgets the
  /// file's remembered state.
  /// - Returns: how many documents were deleted.
  @discardableResult
  public func delete(path: String) -> Int {
    if fileTable.removeValue(forKey: path) != nil { fileTableDirty = true }
    return deleteTerm(.path, path) + buffer.delete(path: path)
  }

  private func deleteTerm(_ field: IndexField, _ value: String) -> Int {
    var count = 0
    var bytes = Array(value.utf8)
    for s in segments {
      guard let info = bytes.withUnsafeMutableBufferPointer({ s.core.termInfo(field, UnsafeBufferPointer($0)) })
      else { continue }
      let it = PostingsIterator(core: s.core, info: info)
      var d = it.nextDoc()
      while d != PostingsIterator.noMoreDocs {
        if s.deletions.insert(Int(d)) {
          count += 1
          s.deletionsDirty = true
        }
        d = it.nextDoc()
      }
    }
    bytes.removeAll()
    return count
  }

  /// Remembers a source file's state (size, mtime, hash) for incremental indexing; committed with the next commit.
  public func setFileState(_ state: FileState, path: String) {
    if fileTable[path] != state {
      fileTable[path] = state
      fileTableDirty = true
    }
  }

  /// The remembered state of a source file (including uncommitted changes).
  public func fileState(path: String) -> FileState? { fileTable[path] }

  /// Every source path with a remembered state, sorted.
  public func allFilePaths() -> [String] { fileTable.keys.sorted() }

  private func nextSegmentName() -> String {
    segmentCounter += 1
    return SegmentFiles.segmentName(segmentCounter)
  }

  private func openSegment(_ name: String, maxDoc: Int, deletions: DeletionBitmap) throws -> Segment {
    // The writer's cores serve deletes by id or path (keyword fields) and merges: no dictionary samples.
    let core = try SegmentCore(directory: directory, name: name, maxDoc: maxDoc, verify: false, termSamples: false)
    let s = Segment(core: core, deletions: deletions, deletionGeneration: 0)
    s.deletionsDirty = deletions.count > 0
    return s
  }

  /// Writes buffered documents to a new segment (not yet committed).
  public func flush() throws {
    guard buffer.docCount > 0 else { return }
    let name = nextSegmentName()
    let deletions = buffer.deletionBitmap()
    let count = buffer.docCount
    _ = try buffer.writeSegment(directory: directory, name: name, sync: options.sync)
    buffer = InvertedBuffer()
    segments.append(try openSegment(name, maxDoc: count, deletions: deletions))
    if options.backgroundMerges && options.mergeFactor >= 2 { try maybeMerge() }
  }

  /// Merges segments `indices` (in order) into one that replaces them.
  private func merge(_ indices: [Int]) throws {
    let inputs = indices.map { SegmentMerger.Input(core: segments[$0].core, deletions: segments[$0].deletions) }
    let live = indices.reduce(0) { $0 + segments[$1].liveCount }
    var merged: Segment?
    if live > 0 {
      let name = nextSegmentName()
      let maxDoc = try SegmentMerger.merge(inputs, directory: directory, name: name, sync: options.sync)
      merged = try openSegment(name, maxDoc: maxDoc, deletions: DeletionBitmap(maxDoc: maxDoc))
    }
    let first = indices[0]
    for i in indices.reversed() { segments.remove(at: i) }
    if let merged { segments.insert(merged, at: first) }
  }

  /// Runs the tiered merge policy: with background merges, applies a finished merge and starts the next one due;
  /// otherwise merges until no merge is due.
  public func maybeMerge() throws {
    segments.removeAll { $0.liveCount == 0 }
    if options.backgroundMerges {
      // Back-pressure: when flushes outpace merging, wait for the running merge.
      try applyBackgroundMerge(wait: segments.count >= 2 * options.mergeFactor)
      guard backgroundMerge == nil,
        let pick = policy.findMerge(
          liveCounts: segments.map(\.liveCount), maxDocs: segments.map(\.core.maxDoc), outdated: outdatedSegments)
      else { return }
      let inputs = pick.map { segments[$0] }
      backgroundMergeInputs = inputs
      backgroundMerge = BackgroundMerge(
        inputs: inputs.map { SegmentMerger.Input(core: $0.core, deletions: $0.deletions) }, directory: directory,
        name: nextSegmentName(), sync: options.sync)
      return
    }
    while let pick = policy.findMerge(
      liveCounts: segments.map(\.liveCount), maxDocs: segments.map(\.core.maxDoc), outdated: outdatedSegments)
    {
      try merge(pick)
    }
  }

  /// Per segment, whether it was written before the entity column existed (see ``TieredMergePolicy``).
  private var outdatedSegments: [Bool] { segments.map { $0.core.entityColumn == nil } }

  /// Runs every due merge to completion (in the background thread, waiting for each) and applies them; they
  /// become durable at the next commit.
  public func waitForMerges() throws {
    try applyBackgroundMerge(wait: true)
    guard options.backgroundMerges, options.mergeFactor >= 2 else { return }
    try maybeMerge()
    while backgroundMerge != nil {
      try applyBackgroundMerge(wait: true)
      try maybeMerge()
    }
  }

  /// Replaces the inputs of a finished background merge by its output, carrying over deletions made while it ran.
  private func applyBackgroundMerge(wait: Bool) throws {
    guard let m = backgroundMerge, wait || m.isFinished else { return }
    let result = m.wait()
    let inputs = backgroundMergeInputs
    backgroundMerge = nil
    backgroundMergeInputs = []
    let output = try result.get()
    var merged: Segment?
    if output.maxDoc > 0 {
      var deletions = DeletionBitmap(maxDoc: output.maxDoc)
      for (i, input) in inputs.enumerated() where input.deletions.count > m.startDeletions[i].count {
        for d in 0..<input.core.maxDoc where input.deletions.contains(d) && !m.startDeletions[i].contains(d) {
          let mapped = Int(output.docMaps[i][d])
          if mapped >= 0 { deletions.insert(mapped) }
        }
      }
      merged = try openSegment(m.name, maxDoc: output.maxDoc, deletions: deletions)
    }
    let positions = inputs.compactMap { input in segments.firstIndex { $0 === input } }.sorted()
    let first = positions.first ?? segments.count
    for i in positions.reversed() { segments.remove(at: i) }
    if let merged { segments.insert(merged, at: min(first, segments.count)) }
  }

  private func discardBackgroundMerge() {
    _ = backgroundMerge?.wait()
    backgroundMerge = nil
    backgroundMergeInputs = []
  }

  /// Merges everything into at most `maxSegments` segments without deleted documents (commit afterwards).
  /// - Parameter maxSegments: the number of segments to leave (1 = fully optimized).
  public func forceMerge(maxSegments: Int = 1) throws {
    try flush()
    try applyBackgroundMerge(wait: true)
    segments.removeAll { $0.liveCount == 0 }
    let target = max(1, maxSegments)
    if segments.count > target {
      let per = (segments.count + target - 1) / target
      var start = 0
      var groups: [[Int]] = []
      while start < segments.count {
        groups.append(Array(start..<min(segments.count, start + per)))
        start += per
      }
      for g in groups.reversed() where g.count > 1 || segments[g[0]].deletions.count > 0 { try merge(g) }
    } else {
      for i in segments.indices.reversed() where segments[i].deletions.count > 0 { try merge([i]) }
    }
  }

  /// Makes every change since the last commit durable and visible to new readers.
  /// - Throws: I/O errors; the previous commit stays intact when a commit fails.
  public func commit() throws {
    try flush()
    if options.mergeFactor >= 2 { try maybeMerge() }
    segments.removeAll { $0.liveCount == 0 }
    try crashPoint(.segmentsWritten)
    var m = Manifest()
    m.generation = committed.generation + 1
    for s in segments where s.deletionsDirty {
      let gen = s.deletionGeneration + 1
      try s.deletions.write(
        path: directory + "/" + SegmentFiles.deletions(s.core.name, generation: gen), sync: options.sync)
      s.deletionGeneration = gen
      s.deletionsDirty = false
    }
    try crashPoint(.deletionsWritten)
    m.fileTableGeneration = committed.fileTableGeneration
    if fileTableDirty {
      m.fileTableGeneration = fileTable.isEmpty ? 0 : m.generation
      if !fileTable.isEmpty {
        try FileStateTable.write(
          fileTable, path: directory + "/" + SegmentFiles.fileTable(generation: m.generation), sync: options.sync)
      }
    }
    try crashPoint(.fileTableWritten)
    // The new files' directory entries are durable before the manifest that names them.
    if options.sync { try IndexDirectory.fsyncDirectory(directory) }
    m.segmentCounter = segmentCounter
    m.segments = segments.map {
      Manifest.Segment(
        name: $0.core.name, maxDoc: $0.core.maxDoc, deletionGeneration: $0.deletionGeneration,
        deletedCount: $0.deletions.count)
    }
    try m.write(directory: directory, sync: options.sync) { try self.crashPoint(.manifestTemporaryWritten) }
    committed = m
    fileTableDirty = false
    deleteUnreferencedFiles()
  }

  /// Drops every change since the last commit (buffer, flushed segments, deletions, merges, file states).
  public func rollback() throws {
    discardBackgroundMerge()
    buffer = InvertedBuffer()
    segments = []
    try loadCommitted()
    deleteUnreferencedFiles()
  }

  /// Discards uncommitted changes (segments flushed since the last commit, a merge still running) and their files,
  /// and releases the lock. Call ``waitForMerges()`` and ``commit()`` first to keep a merge's work.
  public func close() {
    discardBackgroundMerge()
    buffer = InvertedBuffer()
    segments = []
    // The discarded files would otherwise stay until the next writer opens the index (and `seek check` lists them).
    if lock != nil { deleteUnreferencedFiles() }
    lock?.release()
    lock = nil
  }

  /// Removes index files that neither the committed manifest nor any open segment in this process uses (leftovers
  /// of merges, older deletion generations, crashed commits).
  func deleteUnreferencedFiles() {
    let keep = committed.referencedFiles
    for name in IndexDirectory.list(directory) {
      if name == IndexFormat.manifestName || name == IndexFormat.lockName || keep.contains(name) { continue }
      guard IndexFileKind.isIndexFileName(name) else { continue }  // never touch foreign files
      let path = directory + "/" + name
      if FileReferenceRegistry.shared.isReferenced(path) { continue }
      unlink(path)
    }
  }
}
