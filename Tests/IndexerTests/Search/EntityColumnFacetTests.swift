import Foundation
import TestSupport
import Testing

@testable import Indexer

/// Facets from the per-segment entity column (`sN.ent`): the same counts as counting the stored entities of the
/// same documents, over every matching document (not the best 200), and the same again for segments without it.
@Suite struct EntityColumnFacetTests {
  let options = IndexWriter.Options(sync: false)

  /// Names with case variants (ASCII and not) and repeats, so groups, ties and display spellings are exercised.
  private static let vocabulary: [(EntityType, String)] = [
    (.loc, "Washington"), (.loc, "WASHINGTON"), (.loc, "washington"), (.loc, "Beijing"), (.org, "NASA"),
    (.org, "Nasa"), (.org, "École Polytechnique"), (.org, "ÉCOLE POLYTECHNIQUE"), (.person, "Ada Lovelace"),
    (.person, "ADA LOVELACE"), (.misc, "Olympics"), (.date, "1999"), (.money, "$5"), (.percent, "5%"),
    (.person, "Washington"), (.loc, "İstanbul"), (.loc, "istanbul"),
  ]

  /// A document with random entities from the vocabulary (some with a normalized name, some without).
  private static func document(_ id: String, body: String, rng: inout SeededRandom, mentions: Int)
    -> IndexableDocument
  {
    var doc = IndexTestDocs.document(id: id, body: body)
    var spans: [EntitySpan] = []
    for k in 0..<mentions {
      let (type, name) = vocabulary[Int.random(in: 0..<vocabulary.count, using: &rng)]
      let normalized = Bool.random(using: &rng) ? name : ""
      let text = normalized.isEmpty ? name : (Bool.random(using: &rng) ? name : "x\(k)")
      spans.append(EntitySpan(start: 0, end: 1, type: type, text: text, normalized: normalized))
    }
    doc.stored.entities = spans
    return doc
  }

  /// Counts the names of `addresses` from the segments' entity columns (as searches do).
  private static func columnFacets(_ addresses: [DocAddress], reader: IndexReader, limit: Int) throws
    -> [EntityType: [EntityCount]]
  {
    var counter = FacetCounter()
    var columns = EntityColumnCounter()
    var bySegment: [Int: [UInt32]] = [:]
    for a in addresses { bySegment[a.segment, default: []].append(a.doc) }
    for (s, docs) in bySegment.sorted(by: { $0.key < $1.key }) {
      let column = try #require(reader.segments[s].core.entityColumn)
      docs.sorted().withUnsafeBufferPointer { columns.count($0, column: column) }
    }
    columns.fold(into: &counter, limit: limit, everything: false)
    return counter.top(limit: limit)
  }

  private static func live(_ reader: IndexReader) -> [DocAddress] {
    var out: [DocAddress] = []
    for (s, segment) in reader.segments.enumerated() {
      for d in 0..<UInt32(segment.maxDoc) where !segment.isDeleted(d) { out.append(DocAddress(segment: s, doc: d)) }
    }
    return out
  }

  /// Every document's column entries against its stored entities, then the counts of the whole index and of
  /// random subsets against ``storedFacets(of:reader:limit:)`` (the stored-bytes count).
  private static func expectSameCounts(_ reader: IndexReader, seed: UInt64) throws {
    for segment in reader.segments {
      let column = try #require(segment.core.entityColumn)
      for d in 0..<UInt32(segment.maxDoc) {
        var stored: [String: Int] = [:]
        try segment.forEachEntity(d) { t, n in
          stored[t.rawValue + " " + String(decoding: n, as: UTF8.self), default: 0] += 1
        }
        var fromColumn: [String: Int] = [:]
        for e in column.entries(d) { fromColumn[e.type.rawValue + " " + e.name] = e.mentions }
        #expect(fromColumn == stored, "\(segment.name) doc \(d)")
      }
    }
    let all = live(reader)
    // Small limits exercise the pruning of names that cannot reach the top; 1000 folds every name.
    for limit in [1, 2, 5, 1000] {
      let expected = try Self.storedFacets(of: all, reader: reader, limit: limit)
      #expect(!expected.isEmpty)
      #expect(try columnFacets(all, reader: reader, limit: limit) == expected, "limit \(limit)")
      #expect(try Searcher.facetsOfAllDocuments(reader: reader, limit: limit) == expected)
    }
    var rng = SeededRandom(seed: seed)
    for round in 0..<40 {
      let subset = all.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
      let limit = [1, 3, 1000][round % 3]
      #expect(
        try columnFacets(subset, reader: reader, limit: limit)
          == Self.storedFacets(of: subset, reader: reader, limit: limit), "limit \(limit)")
    }
  }

  @Test func typeCodesAreTheCasesOrder() {
    for (k, type) in EntityType.allCases.enumerated() { #expect(EntityColumnBuilder.typeCode(type) == UInt8(k)) }
  }

  @Test func columnCountsEqualStoredCountsAcrossSegmentsAndMerges() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    var rng = SeededRandom(seed: 41)
    for batch in 0..<3 {
      for i in 0..<50 {
        try writer.add(
          Self.document("b\(batch)d\(i)", body: "word\(i % 7) common", rng: &rng, mentions: i % 9))
      }
      try writer.commit()
    }
    var reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 3)
    try Self.expectSameCounts(reader, seed: 1)
    for i in stride(from: 0, to: 50, by: 3) { writer.delete(id: "b1d\(i)") }
    try writer.commit()
    reader = try IndexReader.open(directory: dir.path)
    try Self.expectSameCounts(reader, seed: 2)
    try writer.forceMerge()
    try writer.commit()
    writer.close()
    reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 1 && reader.segments[0].maxDoc == 150 - 17)
    try Self.expectSameCounts(reader, seed: 3)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }

  @Test func fixtureDocumentsCountTheSameFromTheColumn() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    let tagger = try EntityTaggerLoader.load()
    // One segment per fixture folder, then the loose files.
    let writer = try IndexWriter(directory: folder.index, options: options)
    let updater = IndexUpdater(writer: writer, tagger: tagger)
    for sub in ["html", "xml", "feeds", "ndjson"] {
      _ = try updater.index(paths: [Fixtures.path(sub)])
      try writer.commit()
    }
    _ = try updater.index(paths: [Fixtures.path("seed-article.txt")])
    try writer.commit()
    writer.close()
    let reader = try IndexReader.open(directory: folder.index)
    #expect(reader.segments.count > 1)
    try Self.expectSameCounts(reader, seed: 4)
  }

  /// 250 documents match `alpha`; an organization appears only in the 10 ranked last, beyond the best 200.
  private static func buildDeepIndex(_ path: String, options: IndexWriter.Options) throws {
    let writer = try IndexWriter(directory: path, options: options)
    for i in 0..<250 {
      let low = i >= 240
      let body = low ? "alpha " + Array(repeating: "filler", count: 60).joined(separator: " ") : "alpha beta"
      var doc = IndexTestDocs.document(id: "d\(i)", body: body)
      let name = low ? "Zebra Corp" : "Acme"
      doc.stored.entities = [EntitySpan(start: 0, end: 5, type: .org, text: name, normalized: name)]
      try writer.add(doc)
      if i == 120 { try writer.commit() }
    }
    try writer.commit()
    writer.close()
  }

  @Test func facetsCountMatchesBeyondTheBest200() throws {
    let dir = TemporaryIndex()
    try Self.buildDeepIndex(dir.path, options: options)
    let searcher = try Searcher(directory: dir.path)
    #expect(searcher.reader.segments.count == 2)
    let ranked = try searcher.search(SearchRequest(query: "alpha", limit: 250, snippets: false, facetLimit: 0))
    let lowRanks = ranked.hits.filter { Int($0.id.dropFirst())! >= 240 }.map(\.rank)
    #expect(lowRanks.count == 10 && lowRanks.allSatisfy { $0 > 200 })
    let results = try searcher.search(SearchRequest(query: "alpha", limit: 10, snippets: false, facetLimit: 5))
    #expect(results.total == 250 && results.totalIsExact)
    let orgs = results.facets[.org] ?? []
    #expect(orgs.map(\.name) == ["Acme", "Zebra Corp"])
    #expect(orgs.map(\.count) == [240, 10])
    // Only the low-ranked documents match `filler`; a query without ranking (limit 0) counts the same.
    let filler = try searcher.search(SearchRequest(query: "filler", limit: 0, snippets: false, facetLimit: 5))
    #expect(filler.total == 10 && filler.facets[.org]?.map(\.count) == [10])
    // A structured query (not plain words) and the catalog agree.
    let phrase = try searcher.search(SearchRequest(query: "\"alpha beta\"", limit: 3, snippets: false, facetLimit: 5))
    #expect(phrase.total == 240 && phrase.facets[.org]?.map(\.name) == ["Acme"])
    let catalog = try EntityCatalog.count(searcher: searcher, query: "alpha", types: [.org], limit: 5)
    #expect(catalog[.org] == orgs)
    // With facets the total is exact even where pruning would have estimated it.
    searcher.termAtATimeMaxDoc = 0
    let pruned = try searcher.search(SearchRequest(query: "alpha beta", limit: 1, snippets: false, facetLimit: 5))
    #expect(pruned.total == 250 && pruned.totalIsExact)
  }

  @Test func segmentsWithoutAColumnGiveTheSameFacets() throws {
    let dir = TemporaryIndex()
    try Self.buildDeepIndex(dir.path, options: options)
    let queries = ["alpha", "filler", "beta"]
    func facets(_ searcher: Searcher) throws -> [[EntityType: [EntityCount]]] {
      try queries.map { try searcher.search(SearchRequest(query: $0, limit: 5, snippets: false)).facets }
        + [EntityCatalog.count(searcher: searcher, query: nil, types: EntityType.allCases, limit: 5)]
    }
    let with = try facets(Searcher(directory: dir.path))
    let files = IndexDirectory.list(dir.path).filter { $0.hasSuffix(".ent") }
    #expect(files.count == 2)
    // Remove one segment's column (a mixed index), then both (an index written before the column existed).
    for (k, f) in files.enumerated() {
      try FileManager.default.removeItem(atPath: dir.path + "/" + f)
      let searcher = try Searcher(directory: dir.path)
      #expect(searcher.reader.segments.filter(\.hasEntityColumn).count == files.count - k - 1)
      #expect(try facets(searcher) == with)
    }
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
    // A merge of segments without columns writes one from the stored entities.
    let writer = try IndexWriter(directory: dir.path, options: options)
    try writer.forceMerge()
    try writer.commit()
    writer.close()
    let merged = try Searcher(directory: dir.path)
    #expect(merged.reader.segments.count == 1 && merged.reader.segments[0].hasEntityColumn)
    #expect(try facets(merged) == with)
  }

  /// The reference count: for each type, the names found in the most documents among `addresses`, counted from
  /// their stored entities (what facets did before the column existed).
  private static func storedFacets(of addresses: [DocAddress], reader: IndexReader, limit: Int) throws
    -> [EntityType: [EntityCount]]
  {
    var counter = FacetCounter()
    for address in addresses {
      counter.startDocument()
      try reader.segments[address.segment].forEachEntity(address.doc) { counter.add(type: $0, name: $1) }
    }
    return counter.top(limit: limit)
  }

  @Test func aWriterRewritesSegmentsWrittenBeforeTheColumn() throws {
    let dir = TemporaryIndex()
    try Self.buildDeepIndex(dir.path, options: options)
    let with = try Searcher(directory: dir.path).search(SearchRequest(query: "filler", limit: 5, snippets: false))
    for f in IndexDirectory.list(dir.path) where f.hasSuffix(".ent") {
      try FileManager.default.removeItem(atPath: dir.path + "/" + f)
    }
    let before = try IndexReader.open(directory: dir.path).segments
    #expect(before.count == 2 && !before.contains(where: \.hasEntityColumn))
    // Opening a writer and running the merge policy (as `seek index` and seekd do after every commit) rewrites
    // each such segment alone, which writes its column.
    let writer = try IndexWriter(directory: dir.path, options: options)
    try writer.maybeMerge()
    try writer.waitForMerges()
    try writer.commit()
    writer.close()
    let after = try Searcher(directory: dir.path)
    #expect(after.reader.segments.count == 2 && after.reader.segments.allSatisfy(\.hasEntityColumn))
    let again = try after.search(SearchRequest(query: "filler", limit: 5, snippets: false))
    #expect(again.facets == with.facets && again.total == with.total)
    #expect(again.hits.map(\.id) == with.hits.map(\.id))
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }

  @Test func checkFindsDamagedColumns() throws {
    let dir = TemporaryIndex()
    try Self.buildDeepIndex(dir.path, options: options)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
    let name = try #require(IndexDirectory.list(dir.path).first { $0.hasSuffix(".ent") })
    let path = dir.path + "/" + name
    let original = try #require(FileManager.default.contents(atPath: path))
    let segment = try IndexReader.open(directory: dir.path).segments.first { name.hasPrefix($0.name + ".") }
    let maxDoc = try #require(segment?.maxDoc)
    // A flipped byte: the checksum.
    var flipped = original
    flipped[original.count / 2] ^= 0x01
    try flipped.write(to: URL(fileURLWithPath: path))
    var report = IndexChecker.check(directory: dir.path)
    #expect(report.problems.contains { $0.contains(name) }, "\(report.problems)")
    // A well-formed file (right checksum) whose entries name an ordinal past the names.
    var w = ByteWriter()
    w.bytes = Array(original[0..<IndexFormat.headerSize])
    w.uint32(1)  // one name
    w.uint32(1)  // of one byte
    w.uint32(0)
    w.uint32(1)
    w.byte(1)  // ORG
    w.byte(1)  // which starts a case group
    w.byte(UInt8(ascii: "A"))
    w.uint32(0)
    for _ in 0..<maxDoc { w.uint32(2) }
    w.varint(5)  // ordinal 5 of 1
    w.varint(1)
    w.uint64(XXHash64.hash(w.bytes))
    try Data(w.bytes).write(to: URL(fileURLWithPath: path))
    report = IndexChecker.check(directory: dir.path)
    #expect(report.problems.contains { $0.contains(name) && $0.contains("entity entry") }, "\(report.problems)")
    // Well formed and in range, but not the stored entities.
    w.bytes.removeLast(8 + 2)
    w.varint(0)
    w.varint(3)
    w.uint64(XXHash64.hash(w.bytes))
    try Data(w.bytes).write(to: URL(fileURLWithPath: path))
    report = IndexChecker.check(directory: dir.path)
    #expect(report.problems.contains { $0.contains(name) && $0.contains("differ") }, "\(report.problems)")
    try original.write(to: URL(fileURLWithPath: path))
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }
}
