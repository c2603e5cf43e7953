import Foundation

/// Keeps the change batches the watcher delivered, for the test-only `$/changes` method (enabled by
/// `SEEKD_TEST_METHODS=1`), so end-to-end tests can see what reaches the indexer.
final class ChangeRecorder: @unchecked Sendable {
  private let lock = NSLock()
  private var changes: [Change] = []

  /// Records a batch.
  /// - Parameter batch: the changes.
  func record(_ batch: [Change]) {
    lock.lock()
    changes += batch.prefix(100_000 - min(changes.count, 100_000))
    lock.unlock()
  }

  /// Takes everything recorded so far.
  /// - Returns: the changes, oldest first.
  func take() -> [Change] {
    lock.lock()
    defer { lock.unlock() }
    let out = changes
    changes.removeAll()
    return out
  }
}
