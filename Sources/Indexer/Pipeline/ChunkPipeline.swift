import Dispatch

/// Analyzes the records of a batch's big containers in chunks, in the order the writer adds them, up to `depth`
/// chunks ahead of the writer and across container boundaries.
///
/// One producer analyzes chunk after chunk (each in parallel over its records) while the writer thread adds the
/// finished ones: the producer never waits for the writer unless it is `depth` chunks ahead, so the cores stay
/// busy at chunk and container boundaries, and one producer keeps the number of analysis threads (and their
/// malloc arenas) what a single chunk needs. Memory holds at most `depth + 1` analyzed chunks.
final class ChunkPipeline: @unchecked Sendable {
  private let source: DocumentSource
  private let chunkSize: Int
  private let containers: Handoff<[[(Document, ExternalBody?)]]>
  /// Chunks analyzed and not yet taken, oldest first (guarded by `lock`).
  private var ready: [Handoff<[IndexableDocument]>] = []
  private var stopped = false
  private let lock = DispatchSemaphore(value: 1)
  /// Free places ahead of the writer.
  private let slots: DispatchSemaphore
  /// Analyzed chunks waiting.
  private let available = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)
  private var started = false

  /// Creates the pipeline and starts analyzing.
  /// - Parameters:
  ///   - containers: each container's extracted records, in the order the writer adds them.
  ///   - source: tags and analyzes the records.
  ///   - depth: chunks analyzed ahead of the writer (at least 1).
  ///   - chunkSize: records per chunk.
  init(
    containers: [[(Document, ExternalBody?)]], source: DocumentSource, depth: Int,
    chunkSize: Int = DocumentSource.chunkSize
  ) {
    self.containers = Handoff(value: containers)
    self.source = source
    self.chunkSize = max(1, chunkSize)
    slots = DispatchSemaphore(value: max(1, depth))
    guard containers.contains(where: { !$0.isEmpty }) else { return }
    started = true
    DispatchQueue.global().async { self.produce() }
  }

  /// The number of chunks a container of `count` records is split into.
  /// - Parameter count: the container's records.
  /// - Returns: the chunks ``next()`` returns for it.
  func chunkCount(records count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

  /// Waits for the oldest analyzed chunk and returns it.
  /// - Returns: the next chunk in writing order; call it exactly once per chunk.
  func next() -> [IndexableDocument] {
    available.wait()
    lock.wait()
    let chunk = ready.removeFirst()
    lock.signal()
    slots.signal()
    return chunk.value
  }

  /// Stops the producer (after its current chunk) and waits for it; call once when the writer is done or failed.
  func finish() {
    guard started else { return }
    lock.wait()
    stopped = true
    lock.signal()
    slots.signal()
    finished.wait()
    started = false
  }

  private func produce() {
    defer { finished.signal() }
    for records in containers.value {
      var start = 0
      while start < records.count {
        slots.wait()
        lock.wait()
        let stop = stopped
        lock.signal()
        if stop { return }
        let end = min(records.count, start + chunkSize)
        let analyzed = source.analyze(Array(records[start..<end]))
        lock.wait()
        ready.append(Handoff(value: analyzed))
        lock.signal()
        available.signal()
        start = end
      }
    }
  }
}
