import Dispatch
import Indexer
import SeekProtocol

/// Sends server-to-client notifications (`index/changed`, `index/progress`) to the connections that asked for
/// them in `initialize`. Calls return at once; messages go out in order on a background queue, and a client that
/// does not read within the notification timeout is dropped rather than holding up the others.
final class ServerNotifier: Sendable {
  private let registry: ConnectionRegistry
  private let timeout: Double
  private let queue = DispatchQueue(label: "seekd.notify")

  /// Creates a notifier.
  /// - Parameters:
  ///   - registry: the live connections.
  ///   - timeout: seconds a write may wait for one client.
  init(registry: ConnectionRegistry, timeout: Double) {
    self.registry = registry
    self.timeout = timeout
  }

  /// Broadcasts a notification.
  /// - Parameters:
  ///   - method: its name, e.g. ``RPCMethod/indexChanged``.
  ///   - params: the encoded params object (write it with ``JSONWriter``), or nil.
  func notify(method: String, params: [UInt8]?) {
    let body = RPCEncoder.notification(method: method, params: params)
    let registry = self.registry
    let timeout = self.timeout
    queue.async { registry.broadcast(body, timeout: timeout) }
  }

  /// Waits until every notification queued so far has been written (for shutdown and tests).
  func flush() {
    queue.sync {}
  }
}
