import ArgumentParser
import Foundation
import Indexer
import Logging
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `seekd`: the search daemon. Serves JSON-RPC 2.0 on a Unix socket (see docs/protocol.md) and keeps watched
/// folders indexed; runs in the foreground and stops cleanly on SIGTERM/SIGINT.
@main
struct Seekd: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seekd", abstract: "The seek daemon: JSON-RPC 2.0 on a Unix socket, live indexing of folders.",
    discussion: """
      Environment: SEEK_INDEX (index folder), SEEK_SOCKET (socket path), SEEK_LOG (log level).
      The socket defaults to INDEX/seekd.sock, or $XDG_RUNTIME_DIR/seek-HASH.sock when that path is too long.
      """)

  @Option(name: .long, help: "The index folder (default: $SEEK_INDEX, else $XDG_DATA_HOME/seek).")
  var index: String?

  @Option(name: .long, help: "The Unix socket to listen on (default: $SEEK_SOCKET, else INDEX/seekd.sock).")
  var socket: String?

  @Option(name: .long, help: "A folder to watch and keep indexed (repeatable).")
  var watch: [String] = []

  @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (default: $SEEK_LOG, else info).")
  var logLevel: String?

  @Flag(name: .customLong("no-entities"), help: "Do not tag named entities when indexing.")
  var noEntities = false

  @Option(name: .long, help: "The largest request accepted, in bytes.")
  var maxRequestBytes: Int = 8 << 20

  @Option(name: .long, help: "Seconds a client may stall in the middle of a message before it is disconnected.")
  var stallTimeout: Double = 30

  @Option(name: .long, help: "Connections served at once; more are closed at once.")
  var maxConnections: Int = 1024

  @Option(name: .long, help: "Seconds in-flight requests may run at shutdown before they are cancelled.")
  var shutdownGrace: Double = 5

  @Option(
    name: .long,
    help: """
      Microseconds a connection keeps polling for the next request after answering one, before it sleeps \
      (0: sleep at once). Saves a wake-up per request for clients that send requests back to back.
      """)
  var spinMicroseconds: Int = 0

  @Flag(
    inversion: .prefixedNo,
    help: """
      Poll for the next request only for clients that send back to back, and only while no other thread wants \
      the processor; polls for up to --spin-microseconds (400 when that is 0). On by default: on an idle machine \
      it spares the wake-up that dominates a back-to-back request's round trip.
      """)
  var adaptiveSpin = true

  /// The poll budget of the adaptive policy when `--spin-microseconds` is 0.
  static let adaptiveSpinMicroseconds = 400

  func validate() throws {
    guard maxRequestBytes >= 1024 else { throw ValidationError("--max-request-bytes must be at least 1024") }
    guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
    guard stallTimeout > 0 else { throw ValidationError("--stall-timeout must be positive") }
    guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must not be negative") }
    guard (0...100_000).contains(spinMicroseconds) else {
      throw ValidationError("--spin-microseconds must be between 0 and 100000")
    }
  }

  func run() throws {
    let env = ProcessInfo.processInfo.environment
    let levelText = logLevel ?? env["SEEK_LOG"] ?? "info"
    guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
      throw ValidationError(
        "unknown log level '\(levelText)': use trace, debug, info, notice, warning, error or critical")
    }
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "seekd")
    let indexDirectory = SeekPaths.indexDirectory(explicit: index, environment: env)
    var config = DaemonConfiguration(
      indexDirectory: indexDirectory,
      socketPath: SeekPaths.socketPath(explicit: socket, indexDirectory: indexDirectory, environment: env))
    config.watches = watch
    config.logLevel = level
    config.limits.maxRequestBytes = maxRequestBytes
    config.limits.stallTimeout = stallTimeout
    config.limits.maxConnections = maxConnections
    config.limits.adaptiveSpin = adaptiveSpin
    let budget = adaptiveSpin && spinMicroseconds == 0 ? Self.adaptiveSpinMicroseconds : spinMicroseconds
    config.limits.spinSeconds = Double(budget) / 1e6
    config.shutdownGrace = shutdownGrace
    config.testMethods = env["SEEKD_TEST_METHODS"] == "1"
    config.watchLimit = env["SEEKD_TEST_WATCH_LIMIT"].flatMap { Int($0) }
    let status: Int32
    do {
      let tagger = try noEntities ? nil : EntityTaggerLoader.load()
      status = try Daemon(configuration: config, logger: logger) { notifier in
        try SocketPreparation.makeDirectories(indexDirectory)
        return try IndexEngine(directory: indexDirectory, tagger: tagger, notifier: notifier, logger: logger)
      }.run()
    } catch let error as SeekError {
      logger.critical("\(error.message)")
      throw ExitCode(2)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
