import TestSupport
import Testing

@testable import Indexer

/// A reader opened for one search (``IndexReader/Preparation/oneSearch``, what `seek search` without a daemon uses)
/// builds no term samples, keeps that through ``IndexReader/reopen()``, and answers every kind of query exactly as a
/// reader prepared for many searches does: same hits, same scores bit for bit, same snippets and totals.
@Suite struct ReaderPreparationTests {
  @Test func oneSearchReaderBuildsNoSamplesAndFindsTheSame() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try TermBlockCursorTests.makeIndex(folder)
    let prepared = try IndexReader.open(directory: folder.index)
    let bare = try IndexReader.open(directory: folder.index, preparation: .oneSearch)
    #expect(prepared.segments.count == 2 && bare.segments.count == 2)
    #expect(prepared.segments.allSatisfy { $0.core.termSamples.contains { $0 != nil } })
    #expect(bare.segments.allSatisfy { $0.core.termSamples.allSatisfy { $0 == nil } })
    let queries = [
      "pre1fix8", "pre1fix8 pre3fix10 naïve", "\"pre2fix9 pre3fix10\"", "pre4fix1*", "zurich über 123",
      "title:pre5fix12 OR pre6fix20", "pre0fix7 -a", "prefix~1", "wqqqqqqqqqqqqqqqqqqqqqqqqqqq1", "nothingmatches",
    ]
    var matched = 0
    for query in queries {
      let request = SearchRequest(query: query, limit: 20)
      let expected = try Searcher(reader: prepared).search(request)
      let actual = try Searcher(reader: bare).search(request)
      #expect(actual.total == expected.total, "\(query)")
      #expect(actual.hits.map(\.id) == expected.hits.map(\.id), "\(query)")
      #expect(actual.hits.map(\.score.bitPattern) == expected.hits.map(\.score.bitPattern), "\(query)")
      #expect(actual.hits.map { $0.snippet?.text } == expected.hits.map { $0.snippet?.text }, "\(query)")
      matched += expected.hits.isEmpty ? 0 : 1
    }
    #expect(matched >= 7)
    // A newer commit: the reopened snapshot is still unprepared, its new segment included.
    folder.write("c/new.txt", "# pre1fix8 fresh\n\npre1fix8 fresh words\n")
    try folder.update()
    let reopened = try bare.reopen()
    #expect(reopened.segments.count == 3)
    #expect(reopened.segments.allSatisfy { $0.core.termSamples.allSatisfy { $0 == nil } })
    let fresh = try Searcher(reader: reopened).search(SearchRequest(query: "fresh", limit: 5))
    #expect(fresh.hits.count == 1)
  }
}
