import Foundation
import Logging
import TestSupport
import Testing

@testable import Indexer
@testable import SearchDaemon

/// The engine's snapshots: what a commit reopens and what start-up verifies.
@Suite struct IndexEngineTests {
  private func engine(_ folder: IndexedFolder) throws -> IndexEngine {
    try IndexEngine(
      directory: folder.index, tagger: nil, notifier: ServerNotifier(registry: ConnectionRegistry(), timeout: 1),
      logger: Logger(label: "seekd-test"))
  }

  @Test func commitSharesTheUnchangedSegments() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    let first = folder.write("a.txt", "lanterns over the harbour at dusk")
    try folder.update()
    let engine = try engine(folder)
    defer { engine.shutdown() }
    let before = engine.currentSearcher.reader
    #expect(before.segments.count == 1)
    let second = folder.write("b.txt", "a harbour pilot guides the lanterns home")
    engine.apply([.upsert(second)])
    let after = engine.currentSearcher.reader
    #expect(after.generation > before.generation)
    #expect(after.segments.count == 2)
    // The segment that did not change is the same open segment (mapped, verified and prepared once).
    #expect(after.segments.contains { $0.core === before.segments[0].core })
    let hits = try engine.currentSearcher.search(SearchRequest(query: "harbour lanterns", snippets: false))
    #expect(Set(hits.hits.map(\.path)) == [first, second])
  }

  @Test func startUpStillRefusesADamagedLargeFile() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    folder.write("a.txt", "lanterns over the harbour at dusk, and the pilot boats going out")
    try folder.update()
    // The writer checks the positions file's structure only; the reader opened next hashes it and refuses.
    let name = try #require(IndexDirectory.list(folder.index).first { $0.hasSuffix(".pos") })
    let path = folder.index + "/" + name
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes[bytes.count / 2] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: path))
    do {
      _ = try engine(folder)
      Issue.record("seekd's engine opened a damaged index")
    } catch let e as SeekError {
      #expect(e.kind == .corruptIndex && e.message.contains(name), "\(e)")
    }
  }
}
