import Dispatch
import Foundation
import Indexer
import Logging
import SeekProtocol

/// The engine behind seekd's index-backed methods: the index's single writer, plus a snapshot searcher that is
/// swapped after every commit.
///
/// Writes (index, remove, watcher batches) run one at a time on a low-priority queue; searches run on the
/// requesting connection's thread against the last committed snapshot, so they never wait for indexing.
final class IndexEngine: EngineService, @unchecked Sendable {
  private let directory: String
  private let writer: IndexWriter
  private let updater: IndexUpdater
  private let notifier: ServerNotifier
  private let logger: Logger
  private let writeQueue = DispatchQueue(label: "seekd.index", qos: .utility)
  private let lock = NSLock()
  private var searcher: Searcher
  private var pending = 0
  private var lastCommit = Date()
  private var commits = 0
  private let entitiesEnabled: Bool

  /// Opens the index for writing (creating it when needed).
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - tagger: the entity tagger, or nil.
  ///   - notifier: announces `index/changed` and `index/progress`.
  ///   - logger: the daemon's logger.
  /// - Throws: `SeekError(.locked)` when another process writes the index; open errors.
  init(directory: String, tagger: EntityTagging?, notifier: ServerNotifier, logger: Logger) throws {
    self.directory = directory
    // The reader opened below verifies every checksum of the same commit: the writer checks structure only, so
    // the index's bytes are hashed (and mapped in) once at start-up, not twice.
    writer = try IndexWriter(directory: directory, options: IndexWriter.Options(verification: .structure))
    updater = IndexUpdater(writer: writer, tagger: tagger)
    updater.commitEvery = 1000
    entitiesEnabled = tagger != nil
    self.notifier = notifier
    self.logger = logger
    searcher = Searcher(reader: try IndexReader.open(directory: directory))
  }

  /// The snapshot searches read now (the last commit's).
  var currentSearcher: Searcher {
    lock.lock()
    defer { lock.unlock() }
    return searcher
  }

  // MARK: search

  func search(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let query = try params.string("query")
    let limit = try params.optionalInt("limit", in: 0...10_000) ?? 10
    let offset = try params.optionalInt("offset", in: 0...1_000_000) ?? 0
    let facets = try params.optionalInt("facets", in: 0...100) ?? 5
    let snippets = try params.optionalBool("snippets") ?? true
    let strict = try params.optionalBool("strict") ?? false
    let syntax = try params.optionalString("syntax") ?? "query"
    guard syntax == "query" || syntax == "plain" else {
      throw RPCError.invalidParams("syntax", "must be \"query\" (the query language) or \"plain\" (words only)")
    }
    let encoding = try Self.positionEncoding(params)
    let fields = try params.optionalStrings("fields").map(Set.init)
    var request = SearchRequest(
      query: query, limit: limit, offset: offset, strict: strict, snippets: snippets, facetLimit: facets,
      positionEncoding: encoding)
    request.plain = syntax == "plain"
    // Only id, path and score wanted: skip reading stored documents.
    let lightFields: Set<String> = ["path", "score", "document"]
    if !snippets, let fields, fields.isSubset(of: lightFields) { request.storedFields = false }
    let results = try currentSearcher.search(request) { context.cancellation.isCancelled }
    try context.cancellation.check()
    return SearchJSON.result(results, encoding: encoding, fields: fields)
  }

  static func positionEncoding(_ params: Params) throws -> PositionEncoding {
    guard let text = try params.optionalString("positionEncoding") else { return .utf8 }
    guard let e = PositionEncoding(rawValue: text.lowercased()) else {
      throw RPCError.invalidParams("positionEncoding", "must be \"utf-8\" or \"utf-16\"")
    }
    return e
  }

  // MARK: writes

  private func absolutePaths(_ params: Params) throws -> [String] {
    let paths = try params.strings("paths")
    guard !paths.isEmpty else { throw RPCError.invalidParams("paths", "must name at least one file or folder") }
    for p in paths where !p.hasPrefix("/") {
      throw RPCError.invalidParams("paths", "must be absolute (the daemon's working directory is not yours): \(p)")
    }
    return paths.map { IndexLocation.absolute($0) }
  }

  /// Runs a write on the index queue and waits for it.
  private func write(_ body: () throws -> IndexingReport) throws -> IndexingReport {
    lock.lock()
    pending += 1
    lock.unlock()
    defer {
      lock.lock()
      pending -= 1
      lock.unlock()
    }
    return try writeQueue.sync {
      let report = try body()
      try commitAndPublish(changed: report.changedIndex)
      return report
    }
  }

  /// Commits, merges when the policy asks, swaps in a new snapshot and announces it. Runs on the write queue.
  private func commitAndPublish(changed: Bool) throws {
    try writer.commit()
    try writer.maybeMerge()
    try writer.commit()
    // The next snapshot shares the open segments (their mappings, term samples and vector tables) with the
    // current one: only segments the commit added are opened and verified.
    let current = currentSearcher
    let reader = try current.reader.reopen()
    lock.lock()
    if reader !== current.reader { searcher = Searcher(reader: reader) }
    lastCommit = Date()
    commits += 1
    lock.unlock()
    if changed {
      var w = JSONWriter()
      w.beginObject()
      w.key("generation")
      w.int(reader.generation)
      w.key("documents")
      w.int(reader.liveCount)
      w.endObject()
      notifier.notify(method: "index/changed", params: w.bytes)
    }
  }

  private func reportJSON(_ report: IndexingReport) -> [UInt8] {
    var w = JSONWriter()
    w.beginObject()
    IndexingReportJSON.writeMembers(report, to: &w)
    w.key("documents_in_index")
    w.int(currentSearcher.reader.liveCount)
    w.endObject()
    return w.bytes
  }

  func index(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let paths = try absolutePaths(params)
    let notifier = self.notifier
    let report = try write {
      try updater.index(paths: paths) { p in
        var w = JSONWriter()
        w.beginObject()
        w.key("files_done")
        w.int(p.filesDone)
        w.key("files_total")
        w.int(p.filesTotal)
        w.key("bytes")
        w.int(p.bytesDone)
        w.endObject()
        notifier.notify(method: "index/progress", params: w.bytes)
      }
    }
    logger.info(
      "indexed \(paths.count) path(s): \(report.added) added, \(report.updated) updated, \(report.removed) removed")
    return reportJSON(report)
  }

  func remove(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let paths = try absolutePaths(params)
    let report = try write { updater.remove(paths: paths) }
    return reportJSON(report)
  }

  func apply(_ changes: [Change]) {
    let removals = changes.compactMap { if case .remove(let p) = $0 { p } else { nil } }
    let upserts = changes.compactMap { if case .upsert(let p) = $0 { p } else { nil } }
    do {
      let report = try write {
        var report = IndexingReport()
        if !removals.isEmpty {
          var r = updater.remove(paths: removals)
          r.failed.removeAll()  // a removed file that was never indexed is not a failure
          report.merge(r)
        }
        if !upserts.isEmpty { report.merge(try updater.index(paths: upserts)) }
        return report
      }
      for f in report.failed { logger.warning("cannot index \(f.path): \(f.reason)") }
      for d in report.skippedParts { logger.warning("skipped part of \(d.path):\(d.line):\(d.column): \(d.message)") }
      if report.changedIndex {
        logger.info("watch: \(report.added) added, \(report.updated) updated, \(report.removed) removed")
      }
    } catch {
      logger.error("watch: indexing a batch of \(changes.count) change(s) failed: \(error)")
    }
  }

  // MARK: reads

  func entities(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let typeName = try params.optionalString("type")
    let limit = try params.optionalInt("limit", in: 1...10_000) ?? 20
    let query = try params.optionalString("query")
    var types = EntityType.allCases
    if let typeName {
      guard let t = EntityCatalog.type(named: typeName) else {
        throw RPCError.invalidParams("type", "must be one of person, org, loc, misc, date, money, percent")
      }
      types = [t]
    }
    let counts = try EntityCatalog.count(
      searcher: currentSearcher, query: query, types: types, limit: limit
    ) { context.cancellation.isCancelled }
    var w = JSONWriter()
    w.beginObject()
    EntityCatalog.writeMembers(counts, to: &w)
    w.endObject()
    return w.bytes
  }

  func document(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let id = try params.string("id")
    let reader = currentSearcher.reader
    guard let address = reader.find(id: id) else {
      throw RPCError.invalidParams("id", "names no document in the index: \(id)")
    }
    var w = JSONWriter()
    DocumentJSON.write(try reader.storedDocument(address), to: &w)
    return w.bytes
  }

  func writeStatus(into w: inout JSONWriter) {
    lock.lock()
    let reader = searcher.reader
    let pending = self.pending
    let last = lastCommit.timeIntervalSince1970
    let commits = self.commits
    lock.unlock()
    w.key("documents")
    w.int(reader.liveCount)
    w.key("deleted")
    w.int(reader.maxDoc - reader.liveCount)
    w.key("segments")
    w.int(reader.segments.count)
    w.key("generation")
    w.int(reader.generation)
    w.key("bytes")
    w.int(Self.directoryBytes(directory))
    w.key("pending")
    w.int(pending)
    w.key("last_commit")
    w.string(Self.iso8601(seconds: last))
    w.key("commits")
    w.int(commits)
    w.key("entities")
    w.bool(entitiesEnabled)
  }

  /// A time as ISO 8601 in UTC, to the second (`2026-11-30T02:28:35Z`).
  /// - Parameter seconds: seconds since 1970.
  /// - Returns: the formatted time.
  static func iso8601(seconds: Double) -> String {
    var time = time_t(seconds.rounded(.down))
    var parts = tm()
    gmtime_r(&time, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }

  static func directoryBytes(_ directory: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.reduce(0) { total, name in total + (FileStat.of(directory + "/" + name).map { Int($0.size) } ?? 0) }
  }

  func shutdown() {
    writeQueue.sync {
      do {
        try writer.commit()
      } catch {
        logger.error("final commit failed: \(error); the index stays at its previous commit")
      }
      writer.close()
    }
  }
}
