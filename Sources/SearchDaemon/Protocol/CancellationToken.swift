import SeekProtocol
import Synchronization

/// A flag a long-running handler polls to stop early when the client sends `$/cancelRequest` (or the daemon gives
/// up waiting at shutdown).
final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)
  private let onPoll: (@Sendable () -> Void)?

  /// Creates a token that is not cancelled.
  /// - Parameter onPoll: called each time the handler polls ``isCancelled``, before the flag is read. A request
  ///   answered on its connection's reader thread uses it to read ahead on the socket, so a `$/cancelRequest` sent
  ///   while it runs is seen (keep it cheap: handlers poll often).
  init(onPoll: (@Sendable () -> Void)? = nil) {
    self.onPoll = onPoll
  }

  /// True once ``cancel()`` was called.
  var isCancelled: Bool {
    onPoll?()
    return flag.load(ordering: .acquiring)
  }

  /// Cancels; idempotent.
  func cancel() { flag.store(true, ordering: .releasing) }

  /// Throws the JSON-RPC "request cancelled" error when cancelled; call it between units of work.
  /// - Throws: ``RPCError`` with code -32800.
  func check() throws {
    if isCancelled { throw RPCError.requestCancelled() }
  }
}
