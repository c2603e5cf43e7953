import TestSupport
import Testing

@testable import Indexer

/// The fixed-width copy of a segment's term vectors (``TermVectorTable``) that readers built for many searches
/// keep: it gives the counts and entries the file's varint walks give, and one-shot readers do without it.
@Suite struct TermVectorTableTests {
  /// Every document's entries copied from the table are its decoded vector, and for random increasing ordinals
  /// (some of the document's own, some not, some beyond its last) the table's binary searches find the counts of
  /// the file's merge walk.
  @Test func tableAgreesWithTheFile() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermVectorsReadingTests.makeIndex(folder)
    var rng = SeededRandom(seed: 23)
    var found = 0
    for merged in [false, true] {
      if merged { try folder.mergeIntoOneSegment() }
      let reader = try folder.searcher().reader
      for segment in reader.segments {
        let vectors = try #require(segment.core.termVectors)
        let table = try #require(vectors.table)
        for doc in 0..<UInt32(segment.maxDoc) {
          var fileOrdinals: [UInt32] = []
          var fileCounts: [UInt32] = []
          vectors.forEach(doc) { ordinal, count in
            fileOrdinals.append(ordinal)
            fileCounts.append(count)
          }
          let room = max(1, vectors.byteCount(doc) / 2)
          var ordinals = [UInt32](repeating: 0, count: room)
          var counts = [UInt32](repeating: 0, count: room)
          let k = ordinals.withUnsafeMutableBufferPointer { o in
            counts.withUnsafeMutableBufferPointer { table.copy(doc, ordinals: o.baseAddress!, counts: $0.baseAddress!) }
          }
          #expect(Array(ordinals.prefix(k)) == fileOrdinals && Array(counts.prefix(k)) == fileCounts, "doc \(doc)")
          for _ in 0..<6 {
            var wanted = Set(fileOrdinals.filter { _ in rng.next() % 3 == 0 })
            for _ in 0..<Int(rng.next() % 12) { wanted.insert(UInt32(rng.next() % 800)) }
            let sorted = wanted.sorted()
            var fromTable = [UInt32](repeating: 99, count: sorted.count)
            var fromFile = [UInt32](repeating: 77, count: sorted.count)
            sorted.withUnsafeBufferPointer { o in
              fromTable.withUnsafeMutableBufferPointer { vectors.counts(doc, of: o, into: $0.baseAddress!) }
              fromFile.withUnsafeMutableBufferPointer { vectors.walkCounts(doc, of: o, into: $0.baseAddress!) }
            }
            #expect(fromTable == fromFile, "doc \(doc) ordinals \(sorted)")
            found += fromTable.filter { $0 > 0 }.count
          }
        }
        // A document outside the segment has no entries.
        #expect(table.range(UInt32(segment.maxDoc)).isEmpty)
      }
    }
    #expect(found > 100)
  }

  /// A segment where one word occurs more than `UInt16.max` times in a document keeps no table (its counts would
  /// not fit), and its vectors still give that count from the file.
  @Test func aCountAboveSixteenBitsKeepsTheFile() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    let repeats = Int(UInt16.max) + 10
    folder.write("long.txt", Array(repeating: "zebra", count: repeats).joined(separator: " ") + " lion\n")
    folder.write("short.txt", "zebra lion tiger\n")
    try folder.update()
    let reader = try folder.searcher().reader
    var checked = 0
    for segment in reader.segments {
      let vectors = try #require(segment.core.termVectors)
      #expect(vectors.table == nil)
      var ordinal = 0
      while let (bytes, _) = segment.core.term(.body, ordinal: ordinal) {
        if String(decoding: bytes, as: UTF8.self) == "zebra" {
          var most: UInt32 = 0
          for doc in 0..<UInt32(segment.maxDoc) {
            var count: [UInt32] = [0]
            [UInt32(ordinal)].withUnsafeBufferPointer { o in
              count.withUnsafeMutableBufferPointer { vectors.counts(doc, of: o, into: $0.baseAddress!) }
            }
            most = max(most, count[0])
          }
          #expect(most == UInt32(repeats))
          checked += 1
        }
        ordinal += 1
      }
    }
    #expect(checked == 1)
  }

  /// The table's document frequency of every body term the vectors keep is its dictionary entry's (0 for terms
  /// they leave out), and none is given outside the dictionary.
  @Test func documentFrequenciesAreTheDictionarys() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermVectorsReadingTests.makeIndex(folder)
    var kept = 0
    for merged in [false, true] {
      if merged { try folder.mergeIntoOneSegment() }
      let reader = try folder.searcher().reader
      for segment in reader.segments {
        let core = segment.core
        let table = try #require(core.termVectors?.table)
        var ordinal = 0
        while let (bytes, info) = core.term(.body, ordinal: ordinal) {
          let keeps = bytes.withUnsafeBufferPointer { TermVectors.keeps($0) }
          #expect(table.documentFrequency(UInt32(ordinal)) == (keeps ? info.docFreq : 0), "ordinal \(ordinal)")
          if keeps { kept += 1 }
          ordinal += 1
        }
        #expect(ordinal == table.termCount)
        #expect(table.documentFrequency(UInt32(ordinal)) == nil)
      }
    }
    #expect(kept > 100)
  }

  /// A reader opened for one search reads its vectors from the file (no table built at open), with the same counts.
  @Test func oneSearchReadersBuildNoTable() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermVectorsReadingTests.makeIndex(folder)
    let one = try IndexReader.open(directory: folder.index, preparation: .oneSearch)
    let many = try IndexReader.open(directory: folder.index)
    for (a, b) in zip(one.segments, many.segments) {
      let plain = try #require(a.core.termVectors)
      let decoded = try #require(b.core.termVectors)
      #expect(plain.table == nil)
      #expect(decoded.table != nil)
      let wanted: [UInt32] = [1, 5, 40, 41, 300, 700]
      for doc in 0..<UInt32(a.maxDoc) {
        var x = [UInt32](repeating: 0, count: wanted.count)
        var y = [UInt32](repeating: 0, count: wanted.count)
        wanted.withUnsafeBufferPointer { o in
          x.withUnsafeMutableBufferPointer { plain.counts(doc, of: o, into: $0.baseAddress!) }
          y.withUnsafeMutableBufferPointer { decoded.counts(doc, of: o, into: $0.baseAddress!) }
        }
        #expect(x == y)
      }
    }
  }

  /// A segment whose vector entries are over the table limit keeps no table when prepared for many searches, and
  /// its counts are the table's (read from the file).
  @Test func aSegmentOverTheLimitReadsTheFile() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermVectorsReadingTests.makeIndex(folder)
    let reader = try folder.searcher().reader
    var rng = SeededRandom(seed: 31)
    var found = 0
    for segment in reader.segments {
      let core = segment.core
      let tabled = try #require(core.termVectors)
      let file = try MappedFile(
        path: core.directory + "/" + SegmentFiles.name(core.name, .termVectors), kind: .termVectors,
        verifyChecksum: true)
      let entryBytes = file.bytes.count - IndexFormat.headerSize - 4 * (segment.maxDoc + 1)
      let termCount = core.termSamples[Int(IndexField.body.rawValue)]?.termCount ?? 0
      let over = try TermVectors(
        file: file, maxDoc: segment.maxDoc, decoded: true, termCount: termCount, tableLimit: entryBytes - 1)
      let at = try TermVectors(
        file: file, maxDoc: segment.maxDoc, decoded: true, termCount: termCount, tableLimit: entryBytes)
      #expect(tabled.table != nil && at.table != nil)
      #expect(over.table == nil)
      for doc in 0..<UInt32(segment.maxDoc) {
        let wanted = Set((0..<12).map { _ in UInt32(rng.next() % 720) }).sorted()
        var fromFile = [UInt32](repeating: 99, count: wanted.count)
        var fromTable = [UInt32](repeating: 77, count: wanted.count)
        wanted.withUnsafeBufferPointer { o in
          fromFile.withUnsafeMutableBufferPointer { over.counts(doc, of: o, into: $0.baseAddress!) }
          fromTable.withUnsafeMutableBufferPointer { tabled.counts(doc, of: o, into: $0.baseAddress!) }
        }
        #expect(fromFile == fromTable, "doc \(doc) ordinals \(wanted)")
        found += fromFile.filter { $0 > 0 }.count
      }
    }
    #expect(found > 100)
  }

  /// A reader whose segments are all over the table limit (0) ranks every query as one whose segments keep tables:
  /// same hits, same scores, with the feedback stage changing the scores (so the counts are read), over several
  /// segments and over one (where the table also gives the feedback words' document frequencies).
  @Test func searchesWithoutTablesRankAsWithTables() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermVectorsReadingTests.makeIndex(folder)
    let queries = ["v1k v2k", "v100k v250k v3k", "v42k", "running v7k v8k v9k", "v500k v600k v650k v699k v12k"]
    var noFeedback = RankingModel()
    noFeedback.feedbackWeight = 0
    var feedbackMattered = 0
    for merged in [false, true] {
      if merged { try folder.mergeIntoOneSegment() }
      let walked = try IndexReader.open(directory: folder.index, verification: .full, reusing: nil, vectorTableLimit: 0)
      let tabled = try IndexReader.open(directory: folder.index)
      #expect(walked.segments.allSatisfy { $0.core.termVectors != nil && $0.core.termVectors?.table == nil })
      #expect(tabled.segments.allSatisfy { $0.core.termVectors?.table != nil })
      #expect(try walked.reopen() === walked)
      for query in queries {
        var request = SearchRequest(query: query, limit: 20, snippets: false, facetLimit: 0)
        request.plain = true
        let a = try Searcher(reader: walked).search(request).hits
        let b = try Searcher(reader: tabled).search(request).hits
        let plain = try Searcher(reader: tabled, model: noFeedback).search(request).hits
        #expect(a.map(\.id) == b.map(\.id) && a.map(\.score) == b.map(\.score), "\(query)")
        if plain.map(\.score) != b.map(\.score) { feedbackMattered += 1 }
      }
    }
    #expect(feedbackMattered > 3)
  }
}
