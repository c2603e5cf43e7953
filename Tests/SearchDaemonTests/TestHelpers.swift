import Foundation
import TestSupport

@testable import SearchDaemon

#if canImport(Glibc)
  import Glibc
#endif

/// Collects the batches a watcher delivers.
final class BatchCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var batches: [[Change]] = []

  func add(_ batch: [Change]) {
    lock.lock()
    batches.append(batch)
    lock.unlock()
  }

  var all: [[Change]] {
    lock.lock()
    defer { lock.unlock() }
    return batches
  }

  var changes: [Change] { all.flatMap { $0 } }

  func reset() {
    lock.lock()
    batches.removeAll()
    lock.unlock()
  }

  /// Waits until the changes delivered include all of `expected`.
  @discardableResult
  func wait(for expected: Set<Change>, timeout: Double = 2) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if expected.isSubset(of: Set(changes)) { return true }
      usleep(10_000)
    }
    return expected.isSubset(of: Set(changes))
  }
}

/// Collects failures from several threads.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func add(_ s: String) {
    lock.lock()
    list.append(s)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}

/// Hands non-Sendable values to concurrentPerform when each thread touches its own element.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
