import Foundation
import Testing

@testable import Indexer

/// The record queue behind a batch: files published in any order, from other threads, come out in file order and
/// each container's records in record order, whatever the window; stopping early never hangs.
@Suite struct BatchPipelineTests {
  private let source = DocumentSource(extractor: Extractor(), tagger: nil)

  /// A batch of containers (record counts) and one small file (nil), as the readers would publish them.
  private func outcomes(_ sizes: [Int?]) -> [Outcome] {
    let state = FileState(size: 1, modificationTime: 1, contentHash: 1)
    return sizes.enumerated().map { file, size in
      guard let size else {
        let doc = source.prepare(Document(id: "small\(file)", path: "/f\(file)", kind: .text, body: "note"), nil)
        return .indexed(docs: .analyzed([doc]), state: state, bytes: 1, diagnostics: 0, skippedParts: [], isNew: true)
      }
      let records = (0..<size).map { r in
        (Document(id: "f\(file)#\(r)", path: "/f\(file)", kind: .text, body: "record \(r) of file \(file)"), nil)
          as (Document, ExternalBody?)
      }
      return .indexed(docs: .extracted(records), state: state, bytes: 1, diagnostics: 0, skippedParts: [], isNew: true)
    }
  }

  /// Publishes the outcomes from another thread, last file first (or first file first).
  private func publishBackwards(_ outcomes: [Outcome], to pipeline: BatchPipeline, forwards: Bool = false) {
    let handoff = Handoff(value: outcomes)
    let thread = Thread {
      for file in forwards ? Array(handoff.value.indices) : handoff.value.indices.reversed() {
        usleep(200)
        pipeline.publish(file, handoff.value[file])
      }
    }
    thread.start()
  }

  @Test(.timeLimit(.minutes(1)), arguments: [(1, false), (3, false), (64, true), (1000, false), (1000, true)])
  func recordsComeOutInOrder(window: Int, forwards: Bool) {
    let sizes: [Int?] = [150, nil, 1, 0, 70, nil]
    let pipeline = BatchPipeline(files: sizes.count, source: source, window: window, workers: 2)
    // The next batch's reader waits for this batch to be read while the writer waits for records.
    let nextReader = Thread { pipeline.waitUntilRead() }
    nextReader.start()
    publishBackwards(outcomes(sizes), to: pipeline, forwards: forwards)
    var ids: [String] = []
    for file in sizes.indices {
      switch pipeline.outcome(file) {
      case .indexed(.analyzed(let docs), _, _, _, _, _):
        ids += docs.map(\.id)
      case .indexed(.extracted(let records), _, _, _, _, _):
        for _ in records.indices { ids.append(pipeline.nextRecord(of: file).id) }
      default:
        Issue.record("unexpected outcome for file \(file)")
      }
    }
    pipeline.waitUntilRead()
    pipeline.finish()
    var expected: [String] = []
    for (file, size) in sizes.enumerated() {
      if let size { expected += (0..<size).map { "f\(file)#\($0)" } } else { expected.append("small\(file)") }
    }
    #expect(ids == expected)
  }

  @Test(.timeLimit(.minutes(1))) func stoppingMidwayReturns() {
    let pipeline = BatchPipeline(files: 2, source: source, window: 4, workers: 2)
    publishBackwards(outcomes([300, 300]), to: pipeline)
    _ = pipeline.outcome(0)
    #expect(pipeline.nextRecord(of: 0).id == "f0#0")
    // The writer fails here: finish stops the workers, though records are left and a file may be unpublished.
    pipeline.finish()
    pipeline.waitUntilRead()
  }
}
