import ArgumentParser
import Indexer

/// `seek remove PATH...`: deletes files (or everything below folders) from the index.
struct RemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Remove files or folders from the index.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Files and folders to remove.", completion: .file())
  var paths: [String]

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  func run() throws {
    let writer = try IndexWriter(directory: global.indexDirectory)
    let updater = IndexUpdater(writer: writer, tagger: nil)
    let report = updater.remove(paths: paths.map { IndexLocation.absolute($0) })
    try writer.commit()
    let live = writer.liveCount
    writer.close()
    IndexSummary.print(report, documentsInIndex: live, seconds: 0, json: json)
    if report.removed == 0 { throw ExitCode(report.failed.isEmpty ? 1 : 2) }
  }
}
