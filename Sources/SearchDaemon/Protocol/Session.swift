import Synchronization

/// Per-connection protocol state set by `initialize`: the position encoding agreed and whether the client wants
/// server notifications.
final class Session: Sendable {
  /// The connection's number (for logs and status).
  let connectionID: Int
  private let state = Mutex<(encoding: String, subscribed: Bool, initialized: Bool)>(("utf-8", false, false))

  /// Creates the state of a new connection.
  /// - Parameter connectionID: the connection's number.
  init(connectionID: Int) { self.connectionID = connectionID }

  /// The position encoding for columns in results ("utf-8" or "utf-16"); "utf-8" until `initialize` says otherwise.
  var positionEncoding: String { state.withLock { $0.encoding } }

  /// True when the client asked (through `initialize`) for `index/changed` and `index/progress` notifications.
  var wantsNotifications: Bool { state.withLock { $0.subscribed } }

  /// True after a successful `initialize`.
  var isInitialized: Bool { state.withLock { $0.initialized } }

  /// Records the outcome of `initialize`.
  /// - Parameters:
  ///   - encoding: the position encoding chosen.
  ///   - notifications: whether to send server notifications.
  func initialize(encoding: String, notifications: Bool) {
    state.withLock { $0 = (encoding, notifications, true) }
  }
}
