/// Analyzes the records of a batch's big containers in chunks, in the order the writer adds them, keeping up to
/// `depth` chunks in flight across container boundaries.
///
/// The writer thread adds one chunk while the next ones are tagged and analyzed: with more than one chunk in
/// flight, the idle tail of one chunk's parallel loop (its last, longest record) overlaps the next chunk, and the
/// first chunk of the next container is ready when the current container's last chunk has been added. Memory
/// holds at most `depth + 1` analyzed chunks.
final class ChunkPipeline {
  private let source: DocumentSource
  private let depth: Int
  private let chunkSize: Int
  private let containers: [[(Document, ExternalBody?)]]
  private var nextContainer = 0
  private var nextStart = 0
  /// Chunks started and not yet taken, oldest first.
  private var pending: [BackgroundResult<[IndexableDocument]>] = []

  /// Creates the pipeline and starts the first chunks.
  /// - Parameters:
  ///   - containers: each container's extracted records, in the order the writer adds them.
  ///   - source: tags and analyzes the records.
  ///   - depth: chunks analyzed ahead of the writer (at least 1).
  ///   - chunkSize: records per chunk.
  init(
    containers: [[(Document, ExternalBody?)]], source: DocumentSource, depth: Int,
    chunkSize: Int = DocumentSource.chunkSize
  ) {
    self.containers = containers
    self.source = source
    self.depth = max(1, depth)
    self.chunkSize = max(1, chunkSize)
    fill()
  }

  deinit {
    // Chunks still running (a failed write stopped the loop) finish before their inputs go away.
    for chunk in pending { _ = chunk.wait() }
  }

  /// The number of chunks a container of `count` records is split into.
  /// - Parameter count: the container's records.
  /// - Returns: the chunks ``next()`` returns for it.
  func chunkCount(records count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

  /// Waits for the oldest chunk, starts the next ones, and returns the oldest chunk's analyzed records.
  /// - Returns: the next chunk in writing order (empty when every chunk was taken).
  func next() -> [IndexableDocument] {
    guard !pending.isEmpty else { return [] }
    let oldest = pending.removeFirst()
    fill()
    return oldest.wait()
  }

  private func fill() {
    while pending.count < depth, nextContainer < containers.count {
      let records = containers[nextContainer]
      let end = min(records.count, nextStart + chunkSize)
      if nextStart < end {
        let chunk = Handoff(value: Array(records[nextStart..<end]))
        let source = self.source
        pending.append(BackgroundResult { source.analyze(chunk.value) })
      }
      if end >= records.count {
        nextContainer += 1
        nextStart = 0
      } else {
        nextStart = end
      }
    }
  }
}
