import SeekProtocol
import Synchronization

/// A flag a long-running handler polls to stop early when the client sends `$/cancelRequest` (or the daemon gives
/// up waiting at shutdown).
final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)

  /// Creates a token that is not cancelled.
  init() {}

  /// True once ``cancel()`` was called.
  var isCancelled: Bool { flag.load(ordering: .acquiring) }

  /// Cancels; idempotent.
  func cancel() { flag.store(true, ordering: .releasing) }

  /// Throws the JSON-RPC "request cancelled" error when cancelled; call it between units of work.
  /// - Throws: ``RPCError`` with code -32800.
  func check() throws {
    if isCancelled { throw RPCError.requestCancelled() }
  }
}
