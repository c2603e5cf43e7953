import ArgumentParser
import Indexer
import SeekProtocol

/// `seek index PATH...`: adds new files, re-indexes changed ones, removes vanished ones, then commits.
struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index",
    abstract: "Index files and folders (incremental: unchanged files cost one stat).",
    discussion: "Re-run it to pick up new, changed and deleted files. Documents are entity-tagged unless --no-entities."
  )

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Files and folders to index.", completion: .file())
  var paths: [String]

  @Flag(name: .customLong("no-entities"), help: "Do not tag named entities.")
  var noEntities = false

  @Option(name: .customLong("memory-budget"), help: "Indexing memory budget in MB before a segment is flushed.")
  var memoryBudget: Int = 256

  @Option(name: .customLong("max-file-size"), help: "Skip files larger than this many MB.")
  var maxFileSize: Int = 64

  @Option(name: .customLong("commit-every"), help: "Commit after every N files (progress survives a crash).")
  var commitEvery: Int = 1000

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  @Flag(name: .long, help: "Do not fsync on commit (faster, not crash-safe; for benchmarks).")
  var noSync = false

  func validate() throws {
    if memoryBudget < 1 { throw ValidationError("--memory-budget must be at least 1 (MB)") }
    if commitEvery < 1 { throw ValidationError("--commit-every must be at least 1") }
    if maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1 (MB)") }
  }

  func run() throws {
    let absolute = paths.map { IndexLocation.absolute($0) }
    if let client = try DaemonRoute.client(global) {
      let result = try client.call("index", params: .object([("paths", .array(absolute.map { .string($0) }))]))
      IndexSummary.print(result, json: json)
      return
    }
    let directory = global.indexDirectory
    let writer = try IndexWriter(
      directory: directory, options: IndexWriter.Options(memoryBudget: memoryBudget << 20, sync: !noSync))
    let tagger = try noEntities ? nil : EntityTaggerLoader.load()
    let updater = IndexUpdater(
      writer: writer, extractOptions: ExtractOptions(maxFileSize: maxFileSize << 20), tagger: tagger)
    updater.commitEvery = commitEvery
    let progress = ProgressBar(enabled: !json && Terminal.isTerminal(2))
    let report = try updater.index(paths: absolute) { progress.update($0) }
    progress.finish()
    try writer.commit()
    // The merges the policy finds due run to the end and are committed: closing would only wait for a running one
    // and throw its work away.
    try writer.waitForMerges()
    try writer.commit()
    let live = writer.liveCount
    writer.close()
    IndexSummary.print(report, documentsInIndex: live, seconds: progress.elapsed, json: json)
    if report.failed.count > 0 && report.added + report.updated + report.unchanged == 0 { throw ExitCode(2) }
  }
}
