import SeekProtocol
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The live connections: counted for `status`, reached by notifications, drained at shutdown.
final class ConnectionRegistry: Sendable {
  private let connections = Mutex<[Int: Connection]>([:])
  private let accepted = Atomic<Int>(0)

  /// Creates an empty registry.
  init() {}

  /// Registers a new connection.
  /// - Parameter connection: the connection.
  func add(_ connection: Connection) {
    connections.withLock { $0[connection.id] = connection }
    accepted.add(1, ordering: .relaxed)
  }

  /// Forgets a closed connection.
  /// - Parameter connection: the connection.
  func remove(_ connection: Connection) {
    _ = connections.withLock { $0.removeValue(forKey: connection.id) }
  }

  /// Connections open now.
  var count: Int { connections.withLock { $0.count } }

  /// Connections accepted since start.
  var totalAccepted: Int { accepted.load(ordering: .relaxed) }

  /// A snapshot of the open connections.
  var all: [Connection] { connections.withLock { Array($0.values) } }

  /// Writes a message to every connection that subscribed to notifications (through `initialize`).
  /// - Parameters:
  ///   - body: the unframed message.
  ///   - timeout: seconds each write may wait before that connection is dropped.
  func broadcast(_ body: [UInt8], timeout: Double) {
    for c in all where c.session.wantsNotifications {
      c.send(body, timeout: timeout)
    }
  }

  /// Waits until every connection has closed.
  /// - Parameter deadline: a ``UnixSocket/monotonicSeconds()`` time.
  /// - Returns: true when none is left.
  func waitUntilEmpty(deadline: Double) -> Bool {
    while count > 0 {
      if UnixSocket.monotonicSeconds() >= deadline { return false }
      usleep(5000)
    }
    return true
  }
}
