import Foundation
import Indexer
import TestSupport
import Testing

/// The indexer reads the next batch of files (and analyzes the next chunk of a big container) while the writer
/// adds the current one: the index must be the same whatever the batch size.
@Suite struct PipelinedIndexingTests {
  /// Indexes the same folder with `batchSize` files per batch.
  private func index(
    _ folder: IndexedFolder, into directory: String, batchSize: Int, chunksInFlight: Int = 2,
    tagger: EntityTagging? = nil
  ) throws -> IndexingReport {
    let writer = try IndexWriter(directory: directory, options: IndexWriter.Options(sync: false))
    defer { writer.close() }
    let updater = IndexUpdater(writer: writer, tagger: tagger)
    updater.batchSize = batchSize
    updater.chunksInFlight = chunksInFlight
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

  /// Every capitalized word is an organization.
  private static let capitalizedWords = CapitalizedWordTagger.make(digits: true)

  @Test func chunksAnalyzedAheadAcrossContainersKeepTheOrder() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    // Three containers (several chunks each, one with a partial last chunk) between small files: the writer must
    // take each container's chunks in order even when the next container's first chunks are already analyzed.
    let containers: [(name: String, count: Int)] = [("a", 150), ("b", 65), ("c", 200)]
    var ids: [String] = []
    for (name, count) in containers {
      var records: [String] = []
      for i in 0..<count {
        let text = "Acme\(name)\(i) met Bolt\(i % 7) shared"
        records.append("{\"id\":\"\(name)\(i)\",\"lang\":\"en\",\"title\":\"Record \(name)\(i)\",\"text\":\"\(text)\"}")
        ids.append(folder.documents + "/\(name).jsonl#\(name)\(i)")
      }
      folder.write("\(name).jsonl", records.joined(separator: "\n") + "\n")
      folder.write("\(name)-note.md", "# Note \(name)\n\nshared note\n")
      ids.append(folder.documents + "/\(name)-note.md")
    }
    var readers: [IndexReader] = []
    for (k, setting) in [(1, 1), (1000, 1), (1000, 2), (2, 5), (1000, 40)].enumerated() {
      let directory = folder.root + "/index\(k)"
      let report = try index(
        folder, into: directory, batchSize: setting.0, chunksInFlight: setting.1, tagger: Self.capitalizedWords)
      #expect(report.documents == ids.count)
      readers.append(try IndexReader.open(directory: directory))
    }
    let first = readers[0]
    for reader in readers.dropFirst() {
      for id in ids {
        let p = try #require(first.find(id: id), "\(id)")
        let q = try #require(reader.find(id: id), "\(id)")
        #expect(p == q, "\(id) at a different place")
        let x = try first.storedDocument(p)
        let y = try reader.storedDocument(q)
        #expect(x.body == y.body && x.entities == y.entities, "\(id)")
      }
      for query in ["org:bolt3", "entity:acmeb64", "shared"] {
        let request = SearchRequest(query: query, limit: 500, snippets: false, facetLimit: 0)
        let a = try Searcher(reader: first).search(request).hits.map(\.id)
        let b = try Searcher(reader: reader).search(request).hits.map(\.id)
        #expect(!a.isEmpty && a == b, "\(query)")
      }
    }
  }
}
