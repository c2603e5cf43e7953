import Foundation
import Indexer
import TestSupport
import Testing

/// The indexer reads the next batch of files (and analyzes the next chunk of a big container) while the writer
/// adds the current one: the index must be the same whatever the batch size.
@Suite struct PipelinedIndexingTests {
  /// Indexes the same folder with `batchSize` files per batch.
  private func index(_ folder: IndexedFolder, into directory: String, batchSize: Int) throws -> IndexingReport {
    let writer = try IndexWriter(directory: directory, options: IndexWriter.Options(sync: false))
    defer { writer.close() }
    let updater = IndexUpdater(writer: writer, tagger: nil)
    updater.batchSize = batchSize
    var reportedDocuments: [Int] = []
    let report = try updater.index(paths: [folder.documents]) { reportedDocuments.append($0.documentsDone) }
    try writer.commit()
    #expect(reportedDocuments == reportedDocuments.sorted())
    #expect(reportedDocuments.last == report.documents)
    return report
  }

  @Test func batchSizeDoesNotChangeTheIndex() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    for i in 0..<23 { folder.write("notes/n\(i).md", "# Note \(i)\n\nexport controls word\(i) shared\n") }
    // A container of 300 records: more than one analysis chunk.
    let records = (0..<300).map { "{\"id\":\"r\($0)\",\"title\":\"Record \($0)\",\"text\":\"record\($0) shared\"}" }
    folder.write("records.jsonl", records.joined(separator: "\n") + "\n")
    let one = folder.root + "/one"
    let many = folder.root + "/many"
    let a = try index(folder, into: one, batchSize: 1)
    let b = try index(folder, into: many, batchSize: 1000)
    #expect(a.documents == 323 && b.documents == 323)
    let x = try IndexReader.open(directory: one)
    let y = try IndexReader.open(directory: many)
    for id in (0..<23).map({ folder.documents + "/notes/n\($0).md" })
      + (0..<300).map({ folder.documents + "/records.jsonl#r\($0)" })
    {
      let p = try #require(x.find(id: id), "\(id)")
      let q = try #require(y.find(id: id), "\(id)")
      #expect(p == q, "\(id) at a different place")
      #expect(try x.storedDocument(p).body == y.storedDocument(q).body)
    }
    let request = SearchRequest(query: "shared", limit: 400, snippets: false, facetLimit: 0)
    let hitsA = try Searcher(reader: x).search(request).hits
    let hitsB = try Searcher(reader: y).search(request).hits
    #expect(hitsA.count == 323)
    #expect(hitsA.map(\.id) == hitsB.map(\.id))
  }
}
