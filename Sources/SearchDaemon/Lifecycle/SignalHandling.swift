import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// Turns SIGTERM and SIGINT into a call on a background queue (never inside a signal handler), and ignores SIGPIPE
/// so a client hanging up cannot kill the daemon.
enum SignalHandling {
  /// Installs the handlers.
  /// - Parameter handler: receives the signal number; called on a background queue.
  /// - Returns: the dispatch sources, which must be kept alive.
  static func install(_ handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
    signal(SIGPIPE, SIG_IGN)
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGTERM, SIGINT] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { handler(sig) }
      source.resume()
      sources.append(source)
    }
    return sources
  }
}
