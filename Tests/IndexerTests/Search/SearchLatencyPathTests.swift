import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The shortcuts of the query path must not change answers: skipping positions by counting varint ends, reused
/// term-at-a-time buffers, and dictionary lookups shared between the scorers and the proximity stage.
@Suite struct SearchLatencyPathTests {
  /// `skipVarints` lands where decoding the same number of varints one by one does, also across the fast
  /// eight-byte steps and at the end of the bytes.
  @Test func skippingVarintsMatchesDecodingThem() {
    var rng = SeededRandom(seed: 3)
    var w = ByteWriter()
    var values: [UInt64] = []
    for _ in 0..<5000 {
      // Mostly one-byte values, some long ones.
      let v: UInt64 = rng.next() % 4 == 0 ? rng.next() % (1 << 35) : rng.next() % 128
      values.append(v)
      w.varint(v)
    }
    let bytes = w.bytes
    bytes.withUnsafeBufferPointer { b in
      let base = b.baseAddress!
      for _ in 0..<2000 {
        let start = Int(rng.next() % 4000)
        let count = Int(rng.next() % 100)
        var r = ByteReader(base: base, start: 0, end: b.count)
        for _ in 0..<start { _ = r.varint() }
        let from = r.position
        for _ in 0..<count { _ = r.varint() }
        #expect(PostingsIterator.skipVarints(count, base: base, from: from, end: b.count) == r.position)
      }
      // Asking for more varints than there are ends at the end.
      #expect(PostingsIterator.skipVarints(values.count + 5, base: base, from: 0, end: b.count) == b.count)
      #expect(PostingsIterator.skipVarints(0, base: base, from: 7, end: b.count) == 7)
    }
  }

  /// Reading the positions of a few documents only (the proximity stage skips the others) gives the same
  /// positions as reading every document's.
  @Test func sparsePositionReadsMatchFullReads() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 5)
    let vocabulary = (0..<30).map { "p\($0)z" }
    for i in 0..<700 {
      let body = (0..<Int(1 + rng.next() % 60)).map { _ in vocabulary[Int(rng.next() % 30)] }
      folder.write("d\(i).txt", body.joined(separator: " ") + "\n")
    }
    try folder.update()
    let segment = try #require(try folder.searcher().reader.segments.first)
    for term in vocabulary.prefix(6) {
      let info = try #require(segment.termInfo(.body, term))
      var all: [UInt32: [UInt32]] = [:]
      let full = segment.postings(info)
      while full.nextDoc() != PostingsIterator.noMoreDocs { all[full.doc] = full.positions() }
      let sparse = segment.postings(info)
      var target: UInt32 = 0
      while true {
        target += UInt32(1 + rng.next() % 40)
        let d = sparse.advance(to: target)
        if d == PostingsIterator.noMoreDocs { break }
        #expect(sparse.positionCount == all[d]?.count)
        var buffer = [UInt32](repeating: 0, count: sparse.positionCount)
        let read = buffer.withUnsafeMutableBufferPointer { sparse.readPositions(intoBuffer: $0.baseAddress!) }
        #expect(Array(buffer.prefix(read)) == all[d], "term \(term) doc \(d)")
        target = d
      }
    }
  }

  /// Term-at-a-time scoring with buffers reused from earlier searches (a searcher keeps them) scores as fresh
  /// buffers do, query after query.
  @Test func reusedWindowBuffersScoreLikeFreshOnes() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 9)
    let vocabulary = (0..<200).map { "r\($0)y" }
    func word() -> String { vocabulary[Int(pow(Double(rng.next() % 1000) / 1000, 2) * 200)] }
    for i in 0..<5000 {
      let title = (0..<Int(rng.next() % 3)).map { _ in word() }.joined(separator: " ")
      let body = (0..<Int(3 + rng.next() % 30)).map { _ in word() }.joined(separator: " ")
      folder.write("d\(i).md", "# \(title)\n\n\(body)\n")
    }
    try folder.update()
    let reused = try folder.searcher()
    #expect(reused.reader.segments.contains { $0.maxDoc > TermAtATimeCollector.windowSize })
    for _ in 0..<150 {
      let words = (0..<Int(1 + rng.next() % 6)).map { _ in word() }.joined(separator: " ")
      var request = SearchRequest(query: words, limit: 10, snippets: false, facetLimit: 0)
      request.storedFields = false
      let a = try reused.search(request)
      let b = try folder.searcher().search(request)
      request.exhaustive = true
      let c = try reused.search(request)
      #expect(a.hits.map(\.id) == b.hits.map(\.id), "query \(words)")
      #expect(a.hits.map(\.score) == b.hits.map(\.score), "query \(words)")
      #expect(a.total == b.total)
      #expect(a.hits.map(\.id) == c.hits.map(\.id), "query \(words)")
    }
  }

  /// The proximity stage finds the same bonus through the compiler's cached lookups as through its own.
  @Test func proximityThroughCachedLookupsMatchesDirectLookups() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 13)
    let vocabulary = (0..<40).map { "q\($0)w" }
    for batch in 0..<2 {
      for i in 0..<300 {
        let body = (0..<Int(5 + rng.next() % 50)).map { _ in vocabulary[Int(rng.next() % 40)] }
        folder.write("b\(batch)/d\(i).txt", body.joined(separator: " ") + "\n")
      }
      try folder.update()
    }
    let searcher = try folder.searcher()
    let reader = searcher.reader
    var model = searcher.model
    model.proximity = 0.3
    model.proximityMaxWords = 0  // any length: queries here have up to 5 words
    for _ in 0..<100 {
      let words = (0..<Int(2 + rng.next() % 4)).map { _ in vocabulary[Int(rng.next() % 40)] }.joined(separator: " ")
      let query = Searcher.plainQuery(words)
      let compiler = QueryCompiler(
        reader: reader, model: model, analyzer: Analyzer(language: "en"), norms: searcher.norms)
      let (terms, pairs) = compiler.proximityTerms(query)
      var candidates: [Searcher.Candidate] = []
      for s in reader.segments.indices {
        for _ in 0..<15 {
          let doc = UInt32(rng.next() % UInt64(reader.segments[s].maxDoc))
          candidates.append(Searcher.Candidate(address: DocAddress(segment: s, doc: doc), score: 1))
        }
      }
      var seen = Set<DocAddress>()
      candidates = candidates.filter { seen.insert($0.address).inserted }
      let direct = ProximityReranker(
        reader: reader, terms: terms, pairs: pairs, weight: model.proximity, k1: model.k1, window: model.proximityWindow
      ).rerank(candidates)
      let cached = ProximityReranker(
        reader: reader, terms: terms, pairs: pairs, weight: model.proximity, k1: model.k1,
        window: model.proximityWindow, compiler: compiler
      ).rerank(candidates)
      #expect(direct.map(\.score) == cached.map(\.score), "query \(words)")
      #expect(direct.contains { $0.score > 1 }, "no bonus at all for \(words)")
    }
  }

  /// By default the proximity bonus is for short queries only: up to `proximityMaxWords` kept words get pairs,
  /// longer ones none (and the stage costs nothing).
  @Test func proximityIsForShortQueriesByDefault() throws {
    let folder = IndexedFolder()
    folder.write("a.txt", "export controls on chips and export controls on tools\n")
    try folder.update()
    let searcher = try folder.searcher()
    let model = searcher.model
    #expect(model.proximity > 0 && model.proximityMaxWords == 4)
    func pairs(_ words: String, _ model: RankingModel) -> Int {
      let compiler = QueryCompiler(
        reader: searcher.reader, model: model, analyzer: Analyzer(language: "en"), norms: searcher.norms)
      return compiler.proximityTerms(Searcher.plainQuery(words)).pairs.count
    }
    #expect(pairs("export controls", model) == 1)
    #expect(pairs("export controls chips tools", model) == 3)
    #expect(pairs("export controls chips tools markets", model) == 0)
    var anyLength = model
    anyLength.proximityMaxWords = 0
    #expect(pairs("export controls chips tools markets", anyLength) == 4)
  }

  /// The proximity stage's words are the same whether plain-word compilation analyzed them first (and its analysis
  /// is reused) or not, for folded words, capitalized words and words that are not folded alike.
  @Test func proximityWordsReuseThePlainWordAnalysisExactly() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    folder.write("a.txt", "the running dogs ran quickly over fields of Straße and cafés\n")
    folder.write("b.txt", "dogs run fields; strasse cafe RUNNING\n")
    try folder.update()
    let searcher = try folder.searcher()
    let texts = [
      ["running", "dogs", "the", "fields", "of", "running"], ["Running", "DOGS", "over", "Fields", "and", "cafés"],
      ["Straße", "strasse", "the", "ran", "ran"], ["dogs"], ["the", "of"],
    ]
    for words in texts {
      let query = Query.boolean(BooleanQuery(should: words.map { .term(TermQuery($0)) }))
      let analyzer = Analyzer(language: "en")
      let fresh = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let expected = fresh.proximityTerms(query)
      let warmed = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      _ = warmed.plainWords(query)
      let got = warmed.proximityTerms(query)
      #expect(got.terms.map(\.term) == expected.terms.map(\.term), "\(words)")
      #expect(got.terms.map(\.idf) == expected.terms.map(\.idf), "\(words)")
      #expect(got.pairs.map { [$0.0, $0.1] } == expected.pairs.map { [$0.0, $0.1] }, "\(words)")
      // A different query after plainWords is analyzed afresh.
      let other = Query.boolean(BooleanQuery(should: ["fields", "dogs"].map { .term(TermQuery($0)) }))
      #expect(warmed.proximityTerms(other).terms.map(\.term) == fresh.proximityTerms(other).terms.map(\.term))
    }
  }
}
