import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Indexer

/// A hit's id and path come from per-segment keyword columns, built on first use and then read without a lock.
@Suite struct KeywordColumnTests {
  @Test func firstReadsFromManyThreadsAllSeeTheRightValues() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    for i in 0..<40 { _ = folder.write("d\(i).txt", "document number \(i)\n") }
    _ = try folder.update()
    // A fresh reader for each round, so every round races on building the tables.
    for _ in 0..<5 {
      let reader = try IndexReader.open(directory: folder.index)
      var expected: [String] = []
      for segment in reader.segments {
        for d in 0..<UInt32(segment.maxDoc) { expected.append(try segment.storedDocument(d).path) }
      }
      let results = Mutex<[[String]]>([])
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        var got: [String] = []
        for segment in reader.segments {
          for d in 0..<UInt32(segment.maxDoc) { got.append(segment.keyword(.path, of: d) ?? "") }
        }
        results.withLock { $0.append(got) }
      }
      for got in results.withLock({ $0 }) { #expect(got == expected) }
      #expect(reader.segments.first?.keyword(.path, of: UInt32.max) == nil)
    }
  }
}
