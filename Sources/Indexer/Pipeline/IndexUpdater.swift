import Foundation

/// Tags a document body with entities (the entity tagger, or nil when tagging is off).
public typealias EntityTagging = @Sendable (String) -> [EntitySpan]

/// Progress of an indexing run, reported as files are processed.
public struct IndexingProgress: Sendable {
  /// Files looked at so far.
  public var filesDone: Int
  /// Files to look at in all.
  public var filesTotal: Int
  /// Source bytes read so far.
  public var bytesDone: Int
  /// Documents written so far.
  public var documentsDone: Int = 0
}

/// Brings the index up to date with files on disk: the incremental indexing loop shared by `seek index` and the
/// daemon.
///
/// New files are added; changed files (size or mtime differ, and the content hash confirms) are re-indexed with
/// all their documents replaced together; files gone from disk are removed; unchanged files cost one `stat`.
/// Extraction, tagging and analysis run in parallel batches; the writer is fed in order. One broken file never
/// stops the run: it is reported in ``IndexingReport/failed`` and the rest goes on. Nothing is committed here:
/// the caller commits.
public final class IndexUpdater {
  /// The writer the documents go to.
  public let writer: IndexWriter
  private let source: DocumentSource
  private let walker: FileWalker
  /// Files processed per parallel batch.
  public var batchSize = 64
  /// A big container's records analyzed ahead of the writer, in units of ``DocumentSource/chunkSize`` records.
  public var chunksInFlight = 4
  /// Commit after at least this many files were processed since the last commit (nil: the caller commits once at
  /// the end). Long runs keep their progress across a crash this way.
  public var commitEvery: Int?
  /// Called on the writer's thread at the steps of a run ("extracted" when a batch's files are read, "added" when
  /// its documents are in the writer), for benchmarks' per-phase breakdowns.
  package var phaseObserver: ((String) -> Void)?
  /// Seconds the writer waited for analyzed chunks (benchmarks' breakdown).
  package private(set) var writerWaitSeconds = 0.0
  /// Seconds the analysis waited for the writer (benchmarks' breakdown).
  package private(set) var analysisWaitSeconds = 0.0

  /// Creates an updater.
  /// - Parameters:
  ///   - writer: the index writer (its directory is never indexed).
  ///   - extractOptions: extraction limits.
  ///   - tagger: the entity tagger, or nil for `--no-entities`.
  public init(writer: IndexWriter, extractOptions: ExtractOptions = ExtractOptions(), tagger: EntityTagging?) {
    self.writer = writer
    self.source = DocumentSource(extractor: Extractor(options: extractOptions), tagger: tagger)
    self.walker = FileWalker(excluded: [writer.directory])
  }

  /// Indexes files and folders: adds new files, re-indexes changed ones, removes vanished ones below `paths`.
  /// - Parameters:
  ///   - paths: absolute paths of files or folders.
  ///   - progress: called after each batch.
  /// - Returns: what was done.
  /// - Throws: only I/O errors of the index itself (a flush that cannot write); file problems are in the report.
  public func index(paths: [String], progress: ((IndexingProgress) -> Void)? = nil) throws -> IndexingReport {
    var report = IndexingReport()
    var files: [String] = []
    var seen = Set<String>()
    for root in paths {
      guard let st = FileStat.of(root) else {
        let known = knownPaths(under: root)
        if known.isEmpty {
          report.failed.append(.init(path: root, reason: "no such file or directory"))
        }
        for path in known where FileStat.of(path) == nil {
          writer.delete(path: path)
          report.removed += 1
        }
        continue
      }
      if st.isDirectory {
        let found = walker.files(under: root) { path, reason in
          report.failed.append(.init(path: path, reason: "cannot read directory: \(reason)"))
        }
        for f in found where seen.insert(f).inserted { files.append(f) }
        let present = Set(found)
        for path in knownPaths(under: root) where !present.contains(path) && !walker.isExcluded(path) {
          if FileStat.of(path) == nil || !FileWalker.isCandidate(path) {
            writer.delete(path: path)
            report.removed += 1
          }
        }
      } else if walker.isExcluded(root) {
        report.skipped.append(.init(path: root, reason: "inside the index directory"))
      } else if seen.insert(root).inserted {
        files.append(root)
      }
    }
    try process(files, report: &report, progress: progress)
    return report
  }

  /// Removes files (or everything below folders) from the index.
  /// - Parameter paths: absolute paths.
  /// - Returns: what was removed; paths the index does not know are reported as failed.
  public func remove(paths: [String]) -> IndexingReport {
    var report = IndexingReport()
    for root in paths {
      let known = knownPaths(under: root)
      if known.isEmpty {
        report.failed.append(.init(path: root, reason: "not in the index"))
      }
      for path in known {
        writer.delete(path: path)
        report.removed += 1
      }
    }
    return report
  }

  private func knownPaths(under root: String) -> [String] {
    writer.allFilePaths().filter { $0 == root || $0.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
  }

  private func process(
    _ files: [String], report: inout IndexingReport, progress: ((IndexingProgress) -> Void)?
  ) throws {
    var done = 0
    var sinceCommit = 0
    var bytesDone = 0
    let batches = stride(from: 0, to: files.count, by: batchSize).map {
      Array(files[$0..<min(files.count, $0 + batchSize)])
    }
    // The next batch is read, extracted, tagged and analyzed in the background (once the current one is read)
    // while the writer adds the current one; a batch's containers are analyzed record by record as they come.
    var next = batches.isEmpty ? nil : startReading(batches[0], after: nil)
    var running: [BatchPipeline] = []
    defer { for pipeline in running { pipeline.finish() } }
    for b in batches.indices {
      let batch = batches[b]
      let (previous, pipeline) = next!
      next = b + 1 < batches.count ? startReading(batches[b + 1], after: pipeline) : nil
      running = [pipeline] + (next.map { [$0.1] } ?? [])
      for (i, path) in batch.enumerated() {
        let outcome = pipeline.outcome(i)
        if i == 0 { phaseObserver?("extracted") }
        switch outcome {
        case .unchanged:
          report.unchanged += 1
        case .touched(let state):
          writer.setFileState(state, path: path)
          report.unchanged += 1
        case .indexed(let docs, let state, let bytes, let diagnostics, let skippedParts, let isNew):
          writer.delete(path: path)
          switch docs {
          case .analyzed(let docs):
            for doc in docs { try writer.update(doc) }
          case .extracted:
            // A big container: its records are analyzed in parallel as they come, a bounded number ahead.
            for _ in 0..<docs.count { try writer.update(pipeline.nextRecord(of: i)) }
          }
          writer.setFileState(state, path: path)
          if isNew { report.added += 1 } else { report.updated += 1 }
          report.documents += docs.count
          report.bytes += bytes
          report.diagnostics += diagnostics
          report.noteSkippedParts(skippedParts)
          bytesDone += bytes
        case .skipped(let reason, let state):
          if previous[i] != nil { writer.delete(path: path) }
          if let state { writer.setFileState(state, path: path) }
          report.skipped.append(.init(path: path, reason: reason))
        case .failed(let reason):
          report.failed.append(.init(path: path, reason: reason))
        }
      }
      pipeline.finish()
      running.removeFirst()
      writerWaitSeconds += pipeline.writerWaitedSeconds
      analysisWaitSeconds += pipeline.workersWaitedSeconds
      phaseObserver?("added")
      done += batch.count
      sinceCommit += batch.count
      if let every = commitEvery, sinceCommit >= every {
        try writer.commit()
        sinceCommit = 0
      }
      progress?(
        IndexingProgress(
          filesDone: done, filesTotal: files.count, bytesDone: bytesDone, documentsDone: report.documents))
    }
  }

  /// Starts reading a batch of files on a thread of its own (in parallel across files), once the batch before
  /// it is read.
  /// - Parameters:
  ///   - batch: the files.
  ///   - after: the previous batch's pipeline, or nil for the first batch.
  /// - Returns: each file's committed state, read now on the writer's thread, and the batch's pipeline, which
  ///   receives each file's outcome as soon as it is read.
  private func startReading(_ batch: [String], after: BatchPipeline?) -> ([FileState?], BatchPipeline) {
    let previous = batch.map { writer.fileState(path: $0) }
    let source = self.source
    let pipeline = BatchPipeline(
      files: batch.count, source: source, window: max(1, chunksInFlight) * DocumentSource.chunkSize,
      workers: ProcessInfo.processInfo.activeProcessorCount)
    let thread = Thread {
      after?.waitUntilRead()
      DispatchQueue.concurrentPerform(iterations: batch.count) { i in
        pipeline.publish(i, source.read(batch[i], previous: previous[i]))
      }
    }
    thread.name = "seek-read"
    thread.start()
    return (previous, pipeline)
  }
}

/// The outcome of reading one file, computed in parallel.
enum Outcome {
  case unchanged
  case touched(FileState)
  /// `skippedParts`: the file's own diagnostics (not a document's): parts that gave no document, such as an
  /// NDJSON line that is not JSON.
  case indexed(
    docs: FileDocuments, state: FileState, bytes: Int, diagnostics: Int, skippedParts: [Diagnostic], isNew: Bool)
  case skipped(String, FileState?)
  case failed(String)
}

/// The documents of a file: analyzed, or (big containers) extracted only and analyzed chunk by chunk.
enum FileDocuments {
  case analyzed([IndexableDocument])
  case extracted([(Document, ExternalBody?)])

  var count: Int {
    switch self {
    case .analyzed(let docs): docs.count
    case .extracted(let docs): docs.count
    }
  }
}

/// Reads, extracts, tags and analyzes one file; safe to call from several threads.
struct DocumentSource: Sendable {
  /// Containers with more records than this are analyzed record by record in parallel (``BatchPipeline``); the
  /// writer's window ahead is counted in units of this size.
  static let chunkSize = 64
  let extractor: Extractor
  let builder = IndexableDocumentBuilder()
  let tagger: EntityTagging?

  /// Tags and analyzes one document.
  func prepare(_ doc: Document, _ externalBody: ExternalBody?) -> IndexableDocument {
    var doc = doc
    doc.tagEntities(with: tagger)
    var indexable = builder.build(doc)
    indexable.externalBody = externalBody
    return indexable
  }

  func read(_ path: String, previous: FileState?) -> Outcome {
    guard let st = FileStat.of(path) else { return .failed("cannot stat: file vanished or unreadable") }
    if let previous, previous.size == st.size, previous.modificationTime == st.modificationTime {
      return .unchanged
    }
    if st.size > Int64(extractor.options.maxFileSize) {
      return .skipped(
        "file is \(st.size) bytes, over the \(extractor.options.maxFileSize)-byte size cap (raise --max-file-size)",
        nil)
    }
    let bytes: [UInt8]
    switch FileBytes.load(path: path, limit: extractor.options.maxFileSize) {
    case .failure(let error): return .failed(error.message)
    case .success(let b): bytes = b
    }
    var hasher = XXHash64()
    hasher.update(bytes)
    let state = FileState(size: Int64(bytes.count), modificationTime: st.modificationTime, contentHash: hasher.digest())
    if let previous, previous.contentHash == state.contentHash, previous.size == state.size {
      return .touched(state)
    }
    let result = extractor.extract(bytes: bytes, path: path)
    if let reason = result.skipped { return .skipped(reason, state) }
    var diagnostics = result.diagnostics.count
    let located = bytes.withUnsafeBufferPointer { fileBytes in
      var locator = ExternalBodyLocator(fileBytes)
      return result.documents.map { doc in
        diagnostics += doc.diagnostics.count
        return (doc, locator.reference(for: doc))
      }
    }
    let docs: FileDocuments =
      located.count > Self.chunkSize ? .extracted(located) : .analyzed(located.map { prepare($0.0, $0.1) })
    return .indexed(
      docs: docs, state: state, bytes: bytes.count, diagnostics: diagnostics, skippedParts: result.diagnostics,
      isNew: previous == nil)
  }
}
