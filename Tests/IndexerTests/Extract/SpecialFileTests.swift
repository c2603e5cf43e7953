import Foundation
import Indexer
import TestSupport
import Testing

/// Paths that are not regular files, given by name (`seek index PIPE`, the daemon's `index` method): refused at
/// once with a reason naming the path, never waited on.
@Suite struct SpecialFileTests {
  /// Runs `body` on a thread; when it has not returned within `seconds`, opens the FIFO for writing and closes it
  /// (which ends a blocked `open`/`read`), so a failing test fails instead of hanging.
  static func finishes(within seconds: Double, unblocking fifo: String, _ body: @escaping @Sendable () -> Void) -> Bool
  {
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      body()
      done.signal()
    }
    if done.wait(timeout: .now() + seconds) == .success { return true }
    let writer = open(fifo, O_WRONLY | O_NONBLOCK)
    if writer >= 0 { close(writer) }
    _ = done.wait(timeout: .now() + 5)
    return false
  }

  @Test func aNamedPipeIsRefusedWithoutWaiting() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let fifo = dir + "/pipe.txt"
    #expect(mkfifo(fifo, 0o644) == 0)
    let reason = ReasonBox()
    let finished = Self.finishes(within: 5, unblocking: fifo) {
      reason.set(Extractor().extract(path: fifo).skipped)
    }
    #expect(finished, "extracting a FIFO waited for a writer")
    #expect(reason.get()?.contains("\(fifo) is a named pipe") == true, "\(reason.get() ?? "nil")")
  }

  @Test func aDeviceIsRefused() {
    let result = Extractor().extract(path: "/dev/zero")
    #expect(result.documents.isEmpty)
    #expect(result.skipped?.contains("not a regular file") == true, "\(result.skipped ?? "nil")")
  }
}

/// A string set on one thread and read on another.
final class ReasonBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: String?
  func set(_ v: String?) { lock.withLock { value = v } }
  func get() -> String? { lock.withLock { value } }
}
