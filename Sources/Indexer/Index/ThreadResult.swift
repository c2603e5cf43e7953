import Foundation

/// A value computed on a thread of its own while the caller goes on with other work: the segment writer encodes
/// part of a segment on it. A thread of its own (like ``BackgroundMerge``), not a global queue, so the work starts
/// at once even when the queue's threads are busy or blocked.
///
/// Call ``wait()`` exactly once.
final class ThreadResult<Value>: @unchecked Sendable {
  private var value: Value?
  private let done = DispatchSemaphore(value: 0)

  /// Starts `work` on a new thread.
  /// - Parameters:
  ///   - name: the thread's name (shown by debuggers and `top -H`).
  ///   - work: computes the value; it must not touch state the caller changes meanwhile.
  init(name: String, _ work: @escaping @Sendable () -> Value) {
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
