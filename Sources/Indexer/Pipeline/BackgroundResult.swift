import Dispatch

/// A value computed on a global queue while the caller goes on with other work; the indexer uses it to read and
/// analyze the next batch of files while the single writer thread adds the current one to the index.
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

  /// Waits for the value.
  /// - Returns: what `work` returned.
  func wait() -> Value {
    done.wait()
    return value.take()!
  }
}

/// Hands a value that is not `Sendable` to another thread; the sender must not use it afterwards.
struct Handoff<Value>: @unchecked Sendable {
  let value: Value
}
