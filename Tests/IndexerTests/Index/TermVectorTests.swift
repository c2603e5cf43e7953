import Foundation
import Indexer
import TestSupport
import Testing

/// Term vectors (`sN.vec`): each document's body content words with their counts, equal to what the postings say,
/// kept through merges; a segment without them (written before they existed) still opens and searches.
@Suite struct TermVectorTests {
  let options = IndexWriter.Options(sync: false)

  /// The vectors the postings imply: per (segment, doc), body terms kept by the vector filter with their counts.
  private static func vectorsFromPostings(_ reader: IndexReader) -> [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    for (s, segment) in reader.segments.enumerated() {
      let e = segment.terms(.body)
      while e.next() {
        let term = e.termString
        guard term.utf8.count > 1, !term.allSatisfy(\.isNumber), !["the", "of", "and", "is"].contains(term) else {
          continue
        }
        let p = segment.postings(e.info)
        while p.nextDoc() != PostingsIterator.noMoreDocs { out["\(s)/\(p.doc)", default: [:]][term] = Int(p.freq) }
      }
    }
    return out
  }

  private static func vectors(_ reader: IndexReader) throws -> [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    for (s, segment) in reader.segments.enumerated() {
      for doc in 0..<UInt32(segment.maxDoc) {
        let vector = try #require(segment.termVector(doc))
        #expect(vector.map(\.term) == vector.map(\.term).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) })
        for (term, count) in vector { out["\(s)/\(doc)", default: [:]][term] = count }
      }
    }
    return out
  }

  @Test func vectorsMatchPostingsAndSurviveMerges() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    var rng = SeededRandom(seed: 5)
    for batch in 0..<3 {
      for i in 0..<60 {
        var body = IndexTestDocs.randomText(&rng, words: 5 + i % 40)
        if i % 7 == 0 { body += " the of and is 1234 x" }
        try writer.add(IndexTestDocs.document(id: "b\(batch)d\(i)", title: "title \(i)", body: body))
      }
      try writer.commit()
    }
    var reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 3)
    #expect(reader.segments.allSatisfy { $0.hasTermVectors })
    let before = try Self.vectors(reader)
    #expect(before == Self.vectorsFromPostings(reader))
    #expect(!before.values.contains { $0["the"] != nil || $0["1234"] != nil || $0["x"] != nil })
    try writer.forceMerge()
    try writer.commit()
    reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 1)
    let after = try Self.vectors(reader)
    #expect(after == Self.vectorsFromPostings(reader))
    #expect(after.count == before.count)
    #expect(IndexChecker.check(directory: dir.path).problems.isEmpty)
  }

  @Test func segmentsWithoutVectorsStillOpenAndSearch() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    folder.write("a.txt", "supersonic wing flutter and panel divergence\n")
    folder.write("b.txt", "wing flutter of a swept panel\n")
    folder.write("c.txt", "boundary layer transition\n")
    try folder.update()
    let withVectors = try folder.searcher().search(
      SearchRequest(query: "wing flutter", limit: 10, snippets: false, facetLimit: 0))
    // Remove the vector file, as in an index written before vectors existed.
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.index).filter { $0.hasSuffix(".vec") }
    #expect(!files.isEmpty)
    for f in files { try FileManager.default.removeItem(atPath: folder.index + "/" + f) }
    let searcher = try folder.searcher()
    #expect(!searcher.reader.segments.contains { $0.hasTermVectors })
    let without = try searcher.search(SearchRequest(query: "wing flutter", limit: 10, snippets: false, facetLimit: 0))
    #expect(Set(without.hits.map(\.id)) == Set(withVectors.hits.map(\.id)))
    #expect(IndexChecker.check(directory: folder.index).problems.isEmpty)
  }
}
