import Indexer
import SeekProtocol

/// Finds out whether a daemon serves the index, so commands go through its socket (writes included: the CLI and
/// the daemon never fight over the writer lock). When none answers, commands work on the index directly.
enum DaemonRoute {
  /// The socket the daemon for this index listens on.
  static func socketPath(_ global: GlobalOptions) -> String {
    SeekPaths.socketPath(
      explicit: global.socket, indexDirectory: global.indexDirectory, environment: IndexLocation.currentEnvironment())
  }

  /// A connection to the running daemon, or nil when none answers (a stale socket file counts as none).
  /// - Parameter global: the global options.
  /// - Returns: a connected client, or nil.
  /// - Throws: when `--socket` was given explicitly and nothing answers there.
  static func client(_ global: GlobalOptions) throws -> SeekClient? {
    let path = socketPath(global)
    do {
      return try SeekClient(socketPath: path, timeout: 600)
    } catch {
      if global.socket != nil {
        throw SeekError(.io, "no seekd answers on \(path): start it with `seekd --socket \(path)`, or drop --socket")
      }
      return nil
    }
  }
}
