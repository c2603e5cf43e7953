import ArgumentParser
import Indexer

/// `seek stats`: documents, deletions, segments, terms, bytes per file kind.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats", abstract: "Show index statistics: documents, deleted, segments, terms, bytes per file kind.")

  @OptionGroup var global: GlobalOptions

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let directory = global.indexDirectory
    try IndexPresence.require(directory)
    let report = IndexChecker.check(directory: directory)
    if json {
      var w = JSONWriter()
      w.beginObject()
      w.key("index")
      w.string(directory)
      w.key("documents")
      w.int(report.documentCount - report.deletedCount)
      w.key("deleted")
      w.int(report.deletedCount)
      w.key("segments")
      w.int(report.segmentCount)
      w.key("terms")
      w.int(report.termCount)
      w.key("generation")
      w.int(report.generation)
      w.key("bytes")
      w.int(report.totalBytes)
      w.key("bytes_by_kind")
      w.beginObject()
      for (kind, bytes) in report.bytesByKind.sorted(by: { $0.key < $1.key }) {
        w.key(kind)
        w.int(bytes)
      }
      w.endObject()
      w.endObject()
      print(w.string)
    } else {
      print("index      \(directory)")
      let live = report.documentCount - report.deletedCount
      let deleted = report.deletedCount
      print("documents  \(live)" + (deleted > 0 ? " (\(deleted) deleted, not yet merged away)" : ""))
      print("segments   \(report.segmentCount), generation \(report.generation)")
      print("terms      \(report.termCount)")
      print("bytes      \(report.totalBytes)")
      for (kind, bytes) in report.bytesByKind.sorted(by: { $0.key < $1.key }) {
        print("  \(kind.padding(10))\(bytes)")
      }
    }
    if !report.isHealthy { throw ExitCode(2) }
  }
}
