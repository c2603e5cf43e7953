import Foundation
import Indexer
import TestSupport
import Testing

@Suite struct IndexRoundTripTests {
  let options = IndexWriter.Options(sync: false)

  @Test func writesCommitsAndReopens() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    try writer.add(
      IndexTestDocs.document(id: "a", title: "Hello World", body: "the quick brown fox jumps over the lazy dog"))
    try writer.add(IndexTestDocs.document(id: "b", body: "the dog sleeps"))
    try writer.commit()
    writer.close()

    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 1)
    #expect(reader.liveCount == 2)
    let seg = try #require(reader.segments.first)
    let the = try #require(seg.termInfo(.body, "the"))
    #expect(the.docFreq == 2)
    #expect(the.totalTermFreq == 3)
    let it = seg.postings(the)
    #expect(it.nextDoc() == 0)
    #expect(it.freq == 2)
    #expect(it.positions() == [0, 6])
    #expect(it.nextDoc() == 1)
    #expect(it.positions() == [0])
    #expect(it.nextDoc() == PostingsIterator.noMoreDocs)
    #expect(seg.termInfo(.body, "cat") == nil)
    #expect(seg.termInfo(.title, "hello")?.docFreq == 1)
    #expect(seg.fieldLength(0, .body) == 9)
    #expect(seg.fieldLength(1, .body) == 3)
    #expect(seg.fieldLength(1, .title) == 0)
    let b = try #require(reader.find(id: "b"))
    #expect(try reader.storedDocument(b).body == "the dog sleeps")
    #expect(try seg.storedDocument(0).title == "Hello World")
    let stats = reader.statistics(.body)
    #expect(stats.docCount == 2)
    #expect(stats.sumTotalTermFreq == 12)
    #expect(reader.docFreq(.body, "dog") == 2)
    #expect(seg.termInfo(.path, "/docs/a.txt")?.docFreq == 1)
    let summary = reader.storageSummary()
    #expect(summary.liveCount == 2 && summary.segmentCount == 1 && summary.deletedCount == 0)
    #expect(summary.termCount == seg.statistics(.body).termCount + 7)  // title 2, id 2, path 2, type 1
    #expect(summary.bytesByKind.keys.sorted() == ["doc", "ent", "manifest", "nrm", "pos", "sto", "ter", "tix", "vec"])
    #expect(summary.totalBytes == IndexChecker.check(directory: dir.path).totalBytes)
  }

  @Test func enumeratesTermsInOrderWithSeekAndPrefix() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    var words: [String] = []
    for i in 0..<500 { words.append("t\(String(i * 7919 % 1000, radix: 10))x") }
    for (i, chunk) in stride(from: 0, to: words.count, by: 50).enumerated() {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: words[chunk..<(chunk + 50)].joined(separator: " ")))
    }
    try writer.commit()
    let reader = try IndexReader.open(directory: dir.path)
    let seg = reader.segments[0]
    let e = seg.terms(.body)
    var seen: [String] = []
    while e.next() { seen.append(e.termString) }
    let expected = Set(words).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(seen == expected)
    let s = seg.terms(.body)
    #expect(s.seek(ceil: expected[200]) == .found)
    #expect(s.termString == expected[200])
    #expect(s.next())
    #expect(s.termString == expected[201])
    #expect(s.seek(ceil: expected[300] + "\u{1}") == .notFound)
    #expect(s.termString == expected[301])
    #expect(s.seek(ceil: "zzz") == .end)
    #expect(s.seek(ceil: "") == .notFound)
    #expect(s.termString == expected[0])
    let p = seg.terms(.body)
    let withPrefix = p.terms(withPrefix: "t12").map(\.term)
    #expect(withPrefix == expected.filter { $0.hasPrefix("t12") })
    #expect(!withPrefix.isEmpty)
  }

  @Test func storedDocumentsRoundTrip() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    var docs: [Document] = []
    for i in 0..<300 {
      var d = Document(
        id: "/x/é\(i).html#k\(i)", path: "/x/é\(i).html", kind: i % 2 == 0 ? .html : .feed,
        title: "Tïtle \(i) 😀", headings: ["H1 \(i)", "Ünïcode ☃"],
        body: String(repeating: "body text \(i) 中文 ", count: i % 40 + 1), boilerplate: "nav",
        description: "desc", author: "Au Thor", date: "2024-12-09", url: "https://e.x/\(i)", lang: "zh-CN",
        metadata: ["k\(i)": "v", "places": "usa,uk"],
        sourceMap: SourceMap(anchors: [
          .init(bodyOffset: 0, line: 3, column: 5, utf16Column: 5),
          .init(bodyOffset: 17, line: 4, column: 1, utf16Column: 1),
        ]),
        diagnostics: [
          Diagnostic(path: "/x/é\(i).html", line: 2, column: 3, severity: .error, message: "bad tag"),
          Diagnostic(path: "/other", message: "w"),
        ],
        entities: [
          EntitySpan(start: 0, end: 4, type: .person, text: "body", normalized: "Body Person"),
          EntitySpan(start: 5, end: 9, type: .date, text: "text", normalized: "text", subtype: "X"),
        ])
      if i % 3 == 0 { d.entities = [] }
      docs.append(d)
      try writer.add(IndexableDocument(id: d.id, path: d.path, fields: [], stored: d))
    }
    try writer.commit()
    let reader = try IndexReader.open(directory: dir.path)
    for (i, d) in docs.enumerated() {
      let address = try #require(reader.find(id: d.id))
      #expect(address.doc == UInt32(i))
      #expect(try reader.storedDocument(address) == d)
    }
  }

  @Test func longPostingsSkipAndBlockMaxima() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    var rng = SeededRandom(seed: 7)
    var expectedDocs: [UInt32] = []
    var expectedFreqs: [UInt32] = []
    var lengths: [UInt32] = []
    for i in 0..<1000 {
      let n = Int.random(in: 0..<4, using: &rng)
      let other = Int.random(in: 1..<60, using: &rng)
      var words = Array(repeating: "filler", count: other)
      words += Array(repeating: "target", count: n)
      if n > 0 {
        expectedDocs.append(UInt32(i))
        expectedFreqs.append(UInt32(n))
      }
      lengths.append(UInt32(words.count))
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: words.joined(separator: " ")))
    }
    try writer.commit()
    let seg = try IndexReader.open(directory: dir.path).segments[0]
    let info = try #require(seg.termInfo(.body, "target"))
    #expect(info.docFreq == expectedDocs.count)
    let it = seg.postings(info)
    var docs: [UInt32] = []
    var freqs: [UInt32] = []
    while it.nextDoc() != PostingsIterator.noMoreDocs {
      docs.append(it.doc)
      freqs.append(it.freq)
    }
    #expect(docs == expectedDocs)
    #expect(freqs == expectedFreqs)
    // forEach(below:) visits the same postings in stretches, and stops on the first doc at or past its limit.
    let bulk = seg.postings(info)
    var visited: [(UInt32, UInt32)] = []
    for limit in stride(from: UInt32(97), through: 1100, by: 97) {
      bulk.forEach(below: limit) { visited.append(($0, $1)) }
      let next = expectedDocs.first { $0 >= limit } ?? PostingsIterator.noMoreDocs
      #expect(bulk.doc == next)
    }
    #expect(visited.map(\.0) == expectedDocs)
    #expect(visited.map(\.1) == expectedFreqs)
    // advance(to:) lands on the first doc >= target, from any point.
    for target in stride(from: UInt32(0), to: 1000, by: 37) {
      let a = seg.postings(info)
      let got = a.advance(to: target)
      #expect(got == (expectedDocs.first { $0 >= target } ?? PostingsIterator.noMoreDocs))
      if got != PostingsIterator.noMoreDocs {
        #expect(a.positions().count == Int(a.freq))
      }
    }
    // Block maxima bound every doc of their block.
    let s = seg.postings(info)
    var target: UInt32 = 0
    while true {
      let last = s.advanceShallow(to: target)
      if last == PostingsIterator.noMoreDocs { break }
      let inBlock = zip(expectedDocs, expectedFreqs).filter { $0.0 >= target && $0.0 <= last }
      #expect(!inBlock.isEmpty)
      #expect(s.blockMaxFreq == inBlock.map(\.1).max())
      let minNorm = inBlock.map { FieldNorm.encode(lengths[Int($0.0)]) }.min()!
      #expect(s.blockMinNorm == minNorm)
      target = last + 1
    }
  }

  @Test func normsQuantizeMonotonically() {
    var previous: UInt8 = 0
    for length in UInt32(0)..<100_000 {
      let b = FieldNorm.encode(length)
      #expect(b >= previous)
      previous = b
      if length < 24 { #expect(FieldNorm.decode(b) == length) }
      let decoded = FieldNorm.decode(b)
      #expect(decoded <= length && Double(length - decoded) <= Double(length) / 8 + 1)
    }
  }
}

@Suite struct TermLookupTests {
  @Test func exactLookupAgreesWithEnumeration() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(sync: false))
    // Terms sharing prefixes, proper prefixes of each other, and multi-byte UTF-8.
    let base = ["a", "ab", "abc", "abd", "abcd", "b", "ba", "bab", "é", "éa", "z", "zz", "zzz", "中", "中文", ""]
    var words: [String] = []
    for (i, w) in base.enumerated() {
      for k in 0..<12 { words.append(w + String(repeating: "x", count: k % 3) + "\(i % 4)") }
    }
    words += base.filter { !$0.isEmpty }
    try writer.add(IndexTestDocs.document(id: "d", body: words.joined(separator: " ")))
    try writer.commit()
    let seg = try IndexReader.open(directory: dir.path).segments[0]
    let e = seg.terms(.body)
    var all: [String] = []
    while e.next() { all.append(e.termString) }
    #expect(Set(all) == Set(words))
    for t in all { #expect(seg.termInfo(.body, t) != nil, "\(t)") }
    let absent = ["", "aa", "abca", "abce", "a0x", "zzzz", "y", "中中", "ab0y", "~", "\u{0}"]
    for t in absent where !Set(words).contains(t) {
      #expect(seg.termInfo(.body, t) == nil, "\(t)")
      let s = seg.terms(.body)
      let r = s.seek(ceil: t)
      let expected = all.first { $0.utf8.lexicographicallyPrecedes(t.utf8) == false && $0 != t }
      #expect(r == (expected == nil ? .end : .notFound))
      if let expected { #expect(s.termString == expected) }
    }
  }
}
