import ArgumentParser
import Indexer
import Logging
import SeekProtocol

/// `seekd`: the search daemon. (Work in progress.)
@main
struct Seekd: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seekd", abstract: "The seek daemon: JSON-RPC 2.0 on a Unix socket, live indexing of folders.")

  func run() throws {
    throw ValidationError("seekd is not implemented yet")
  }
}
