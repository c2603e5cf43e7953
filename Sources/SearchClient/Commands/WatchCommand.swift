import ArgumentParser
import Indexer
import SeekProtocol

/// `seek watch DIR...`: asks the running daemon to watch folders and keep them indexed.
struct WatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch", abstract: "Ask the running seekd to watch folders and keep them indexed.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Folders to watch.", completion: .directory)
  var folders: [String]

  @Flag(help: "Stop watching these folders instead.")
  var stop = false

  @Flag(help: "Print the daemon's answer as one JSON object.")
  var json = false

  func run() throws {
    guard let client = try DaemonRoute.client(global) else {
      throw SeekError(
        .io, "no seekd serves \(global.indexDirectory): start one with `seek daemon start --watch DIR` (or `seekd`)")
    }
    let paths = JSONValue.array(folders.map { .string(IndexLocation.absolute($0)) })
    let result = try client.call(stop ? RPCMethod.unwatch : RPCMethod.watch, params: .object([("paths", paths)]))
    if json {
      var w = JSONWriter()
      w.value(result)
      print(w.string)
      return
    }
    for path in result["unwatched"]?.arrayValue ?? [] { print("stopped watching \(path.stringValue ?? "")") }
    for entry in result["watching"]?.arrayValue ?? [] { print(Self.describe(entry)) }
  }

  /// One line for a folder now watched: `watching PATH: D folders, F files`, the covering folder when another
  /// watch already covers it, and the reason when it is not fully watched.
  static func describe(_ entry: JSONValue) -> String {
    let path = entry["path"]?.stringValue ?? ""
    let root = entry["root"]?.stringValue ?? path
    let folders = entry["directories"]?.intValue ?? 0
    let files = entry["files"]?.intValue ?? 0
    var line = "watching \(path): \(folders) folder\(folders == 1 ? "" : "s"), \(files) file\(files == 1 ? "" : "s")"
    if root != path { line += " (within \(root))" }
    if let error = entry["error"]?.stringValue { line += "; not fully watched: \(error)" }
    return line
  }
}
