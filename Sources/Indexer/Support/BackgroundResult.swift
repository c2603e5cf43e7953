import Foundation

/// A value computed in the background while the caller goes on with other work: the indexer reads and analyzes
/// the next batch of files while the single writer thread adds the current one, and the segment writer encodes
/// part of a segment while its own thread writes the rest.
///
/// Call ``wait()`` exactly once.
final class BackgroundResult<Value>: @unchecked Sendable {
  private var value: Value?
  private let done = DispatchSemaphore(value: 0)

  /// Starts `work` on a global queue.
  /// - Parameter work: computes the value; it must not touch state the caller changes meanwhile.
  init(_ work: @escaping @Sendable () -> Value) {
    DispatchQueue.global().async {
      self.value = work()
      self.done.signal()
    }
  }

  /// Starts `work` on a new thread of its own (as ``BackgroundMerge`` does), not a global queue, so it starts at
  /// once even when the queue's threads are busy or blocked.
  /// - Parameters:
  ///   - thread: the thread's name (shown by debuggers and `top -H`).
  ///   - work: computes the value; it must not touch state the caller changes meanwhile.
  init(thread name: String, _ work: @escaping @Sendable () -> Value) {
    let thread = Thread { [self] in
      value = work()
      done.signal()
    }
    thread.name = name
    thread.start()
  }

  /// Waits for the value.
  /// - Returns: what `work` returned.
  func wait() -> Value {
    done.wait()
    return value.take()!
  }
}
