import ArgumentParser
import Indexer

/// `seek`: the command-line client.
@main
struct SeekCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seek",
    abstract: "Full-text search over your documents, with named entities.",
    subcommands: [ExtractCommand.self]
  )
}
