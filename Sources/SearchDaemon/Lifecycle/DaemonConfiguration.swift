import Logging

/// Everything `seekd` was told to do, resolved from options and environment.
struct DaemonConfiguration: Sendable {
  /// The absolute index directory.
  var indexDirectory: String
  /// The socket path.
  var socketPath: String
  /// Folders to watch from the start.
  var watches: [String] = []
  /// Log level.
  var logLevel: Logger.Level = .info
  /// Size limits and timeouts of connections.
  var limits = ConnectionLimits()
  /// Seconds in-flight requests get to finish at shutdown before they are cancelled.
  var shutdownGrace = 5.0
  /// Serve the test-only methods (`$/sleep`); set by `SEEKD_TEST_METHODS=1`.
  var testMethods = false
  /// Pretend the kernel allows only this many inotify watches (tests; `SEEKD_TEST_WATCH_LIMIT`).
  var watchLimit: Int?
  /// Debounce quiet period of the watcher, seconds.
  var watchQuietPeriod = 0.25
  /// Longest a watched change waits before delivery, seconds.
  var watchMaxLatency = 1.0
}
