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

  func run() throws {
    guard let client = try DaemonRoute.client(global) else {
      throw SeekError(
        .io, "no seekd serves \(global.indexDirectory): start one with `seek daemon start --watch DIR` (or `seekd`)")
    }
    let paths = JSONValue.array(folders.map { .string(IndexLocation.absolute($0)) })
    let result = try client.call(stop ? RPCMethod.unwatch : RPCMethod.watch, params: .object([("paths", paths)]))
    var w = JSONWriter()
    w.value(result)
    print(w.string)
  }
}
