import Dispatch
import Foundation
import Indexer
import Logging
import SeekProtocol
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The running daemon: claims the index, listens on the socket, serves connections, watches folders, and shuts
/// down gracefully (stop accepting, let in-flight requests finish within the grace period, close connections,
/// remove the socket file).
final class Daemon: @unchecked Sendable {
  /// The resolved configuration.
  let configuration: DaemonConfiguration
  /// The daemon's logger.
  let logger: Logger
  /// The live connections.
  let registry = ConnectionRegistry()
  /// Sends `index/changed` and `index/progress` to subscribed clients.
  let notifier: ServerNotifier
  /// The engine-backed methods (created in ``run()`` once this daemon owns the index).
  private(set) var engine: any EngineService = UnavailableEngine()
  private let makeEngine: (ServerNotifier) throws -> any EngineService
  /// When the daemon started (monotonic seconds).
  let startedAt = UnixSocket.monotonicSeconds()
  /// What the watcher delivered, kept only when test methods are enabled.
  let changeRecorder: ChangeRecorder?
  /// The folder watcher, once started.
  private(set) var watcher: InotifyWatcher?
  private var listener: SocketListener?
  private let listenerLock = NSLock()
  private let shutdownRequested = Atomic<Bool>(false)
  private let nextConnectionID = Atomic<Int>(0)

  /// Creates a daemon (nothing happens until ``run()``).
  /// - Parameters:
  ///   - configuration: what to serve.
  ///   - logger: where to log.
  ///   - makeEngine: builds the engine once the daemon holds the index (so a second daemon is refused before it
  ///     touches the index); it may keep the notifier to announce commits and progress.
  init(
    configuration: DaemonConfiguration, logger: Logger,
    makeEngine: @escaping (ServerNotifier) throws -> any EngineService = { _ in UnavailableEngine() }
  ) {
    self.configuration = configuration
    self.logger = logger
    self.makeEngine = makeEngine
    notifier = ServerNotifier(registry: registry, timeout: configuration.limits.notificationTimeout)
    changeRecorder = configuration.testMethods ? ChangeRecorder() : nil
  }

  /// Asks the daemon to shut down gracefully; safe from any thread, idempotent.
  /// - Parameter reason: logged.
  func requestShutdown(reason: String) {
    guard !shutdownRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
    logger.info("shutting down: \(reason)")
    listenerLock.lock()
    listener?.wake()
    listenerLock.unlock()
  }

  /// True once shutdown has been requested.
  var isShuttingDown: Bool { shutdownRequested.load(ordering: .acquiring) }

  /// Runs until shut down.
  /// - Returns: the exit status: 0 after a clean shutdown, 1 when another daemon already serves.
  /// - Throws: ``SeekError`` when the index folder or socket cannot be set up.
  func run() throws -> Int32 {
    let config = configuration
    try SignalHandling.install { [self] sig in
      if isShuttingDown {
        // A second signal: the user wants out now.
        logger.warning("second signal during shutdown; exiting at once")
        unlink(config.socketPath)
        _exit(1)
      }
      requestShutdown(reason: sig == SIGTERM ? "SIGTERM" : "SIGINT")
    }
    try SocketPreparation.makeDirectories(config.indexDirectory)
    let lock: InstanceLock
    switch try InstanceLock.acquire(indexDirectory: config.indexDirectory) {
    case .acquired(let l): lock = l
    case .held(let holder):
      let socket = holder.socket ?? config.socketPath
      let pid = holder.pid.map(String.init) ?? "?"
      logger.error("seekd already serves \(config.indexDirectory) on \(socket) (pid \(pid))")
      return 1
    }
    do {
      engine = try makeEngine(notifier)
    } catch {
      lock.clear()
      throw error
    }
    if case .live(let message) = try SocketPreparation.prepare(socketPath: config.socketPath, logger: logger) {
      logger.error("\(message)")
      return 1
    }
    let listener = try SocketListener(path: config.socketPath, logger: logger)
    listenerLock.lock()
    self.listener = listener
    listenerLock.unlock()
    lock.record(socket: config.socketPath)

    let engine = self.engine
    do {
      let watcher = try InotifyWatcher(
        filter: WatchFilter(excluded: [config.indexDirectory]), quietPeriod: config.watchQuietPeriod,
        maxLatency: config.watchMaxLatency, watchLimit: config.watchLimit, logger: logger,
        deliver: { [changeRecorder] changes in
          changeRecorder?.record(changes)
          engine.apply(changes)
        })
      self.watcher = watcher
      watcher.start()
      for folder in config.watches {
        do { try watcher.add(root: folder) } catch { logger.error("cannot watch \(folder): \(error)") }
      }
    } catch {
      logger.error("folder watching is unavailable: \(error)")
    }

    let dispatcher = Dispatcher(handlers: BuiltinMethods.table(for: self), logger: logger)
    logger.info(
      "seekd \(ProtocolVersion.server) serving \(config.indexDirectory) on \(config.socketPath) (pid \(getpid()))")
    if !isShuttingDown {
      listener.acceptLoop { fd in admit(fd, dispatcher: dispatcher) }
    }

    listener.close()
    for c in registry.all { c.stopReading() }
    if !registry.waitUntilEmpty(deadline: UnixSocket.monotonicSeconds() + config.shutdownGrace) {
      logger.warning("cancelling requests still running after \(config.shutdownGrace) s")
      for c in registry.all { c.cancelAll() }
      _ = registry.waitUntilEmpty(deadline: UnixSocket.monotonicSeconds() + 1)
    }
    watcher?.stop()
    engine.shutdown()
    notifier.flush()
    lock.clear()
    logger.info("seekd stopped")
    return 0
  }

  private func admit(_ fd: Int32, dispatcher: Dispatcher) {
    guard let peer = PeerCredentials.of(fd), peer.uid == getuid() else {
      let who = PeerCredentials.of(fd).map { "uid \($0.uid) (pid \($0.pid))" } ?? "an unknown peer"
      logger.warning("refused a connection from \(who): seekd serves only uid \(getuid())")
      close(fd)
      return
    }
    guard registry.count < configuration.limits.maxConnections else {
      logger.warning("refused a connection: \(configuration.limits.maxConnections) already open (--max-connections)")
      close(fd)
      return
    }
    let id = nextConnectionID.add(1, ordering: .relaxed).newValue
    let registry = self.registry
    let connection = Connection(
      id: id, fd: fd, limits: configuration.limits, dispatcher: dispatcher, logger: logger,
      onClose: { registry.remove($0) })
    registry.add(connection)
    logger.debug("connection \(id) from pid \(peer.pid)")
    connection.start()
  }
}
