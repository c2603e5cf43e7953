import ArgumentParser
import Indexer

/// Options every command takes: where the index is and which daemon socket to use.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Index directory (default: $SEEK_INDEX, else $XDG_DATA_HOME/seek, else ~/.local/share/seek).", valueName: "dir"))
  var index: String?

  @Option(
    name: .long,
    help: ArgumentHelp("Daemon socket (default: $SEEK_SOCKET, else derived from the index).", valueName: "path"))
  var socket: String?

  /// The resolved index directory.
  var indexDirectory: String { IndexLocation.resolve(index) }
}
