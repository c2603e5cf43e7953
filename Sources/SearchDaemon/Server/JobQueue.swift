import Foundation
import Indexer
import SeekProtocol

/// Work a connection's worker thread does, in arrival order.
enum ConnectionJob: Sendable {
  /// Run a request (id nil: a notification, no response).
  case request(id: RPCID?, method: String, params: JSONValue?, token: CancellationToken)
  /// Write this unframed message (an error found while reading).
  case reply([UInt8])
  /// Run a batch; answer with one array of the responses (nothing when all members are notifications).
  case batch([ConnectionJob])
}

/// A blocking FIFO between a connection's reader and its worker. The reader waits (``waitWhileFull(limit:byteLimit:)``)
/// when too many jobs are queued, so a client that never reads its responses cannot grow the daemon's memory.
final class JobQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [(job: ConnectionJob, bytes: Int)] = []
  private var queuedBytes = 0
  private var head = 0
  private var finished = false

  /// Adds a job.
  /// - Parameters:
  ///   - job: the job.
  ///   - bytes: the size of the message it came from (for the memory bound).
  func push(_ job: ConnectionJob, bytes: Int = 0) {
    condition.lock()
    jobs.append((job, bytes))
    queuedBytes += bytes
    condition.signal()
    condition.unlock()
  }

  /// Marks the end of input: ``pop()`` returns nil once the queue is drained.
  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// Number of jobs waiting.
  var count: Int {
    condition.lock()
    defer { condition.unlock() }
    return jobs.count - head
  }

  /// Blocks while `limit` or more jobs, or `byteLimit` or more bytes of messages, wait (backpressure: the reader
  /// stops reading a client that pipelines faster than its requests are answered, so memory stays bounded).
  /// - Parameters:
  ///   - limit: the most jobs allowed to wait.
  ///   - byteLimit: the most message bytes allowed to wait.
  func waitWhileFull(limit: Int, byteLimit: Int) {
    condition.lock()
    while (jobs.count - head >= limit || queuedBytes >= byteLimit) && !finished { condition.wait() }
    condition.unlock()
  }

  /// Waits for the next job.
  /// - Returns: the job, or nil after ``finish()`` when nothing is left.
  func pop() -> ConnectionJob? {
    condition.lock()
    defer { condition.unlock() }
    while head == jobs.count && !finished { condition.wait() }
    guard head < jobs.count else { return nil }
    let (job, bytes) = jobs[head]
    queuedBytes -= bytes
    head += 1
    condition.broadcast()
    if head == jobs.count {
      jobs.removeAll(keepingCapacity: true)
      head = 0
    }
    return job
  }
}
