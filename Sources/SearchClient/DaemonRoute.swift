import Foundation
import Indexer
import SeekProtocol

/// Finds out whether a daemon serves the index, so commands go through its socket (writes included: the CLI and
/// the daemon never fight over the writer lock). When none answers, commands work on the index directly.
enum DaemonRoute {
  /// The socket the daemon for this index listens on: `--socket`, else `$SEEK_SOCKET`, else the socket a running
  /// daemon recorded in `INDEX/seekd.pid` (it may have been started with `--socket`), else the default one.
  static func socketPath(_ global: GlobalOptions) -> String {
    let environment = IndexLocation.currentEnvironment()
    let directory = global.indexDirectory
    if global.socket == nil, environment["SEEK_SOCKET"] == nil, let recorded = recordedSocket(indexDirectory: directory)
    {
      return recorded
    }
    return SeekPaths.socketPath(explicit: global.socket, indexDirectory: directory, environment: environment)
  }

  /// The socket recorded by the daemon that holds the index's lock file (its second line; the file is emptied when
  /// the daemon exits, and a daemon killed outright leaves a socket nobody answers on, which reads as no daemon).
  /// - Parameter indexDirectory: the index folder.
  /// - Returns: the recorded socket path, or nil when none is recorded.
  static func recordedSocket(indexDirectory: String) -> String? {
    guard let text = try? String(contentsOfFile: indexDirectory + "/seekd.pid", encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n")
    guard lines.count > 1, lines[1].hasPrefix("/") else { return nil }
    return String(lines[1])
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
