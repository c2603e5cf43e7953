import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The segment writer's two-thread path: postings of the later fields encoded in memory elsewhere and appended,
/// and the buffer's segment written that way, must give the same files byte for byte as one writer adding every
/// term in order.
@Suite struct SegmentPostingsPartTests {
  /// Random postings per (field, term), in dictionary order: some terms in more than one 128-doc block, some
  /// fields with more terms than a dictionary block holds.
  static func postings(maxDoc: Int, seed: UInt64) -> [(IndexField, [UInt8], [UInt32], [UInt32], [UInt32])] {
    var rng = SeededRandom(seed: seed)
    var out: [(IndexField, [UInt8], [UInt32], [UInt32], [UInt32])] = []
    let fields: [IndexField] = [.title, .body, .person, .loc, .entity, .id, .type, .date]
    for field in fields {
      let termCount = field == .type ? 1 : 20 + Int(rng.next() % 60)
      let terms = Set((0..<termCount).map { i in "\(field.name)\(i)x\(rng.next() % 1000)" }).sorted {
        compareBytes(Array($0.utf8), Array($1.utf8)) < 0
      }
      for term in terms {
        let share = [2, 5, 40, 400][Int(rng.next() % 4)]
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        var positions: [UInt32] = []
        for d in 0..<maxDoc where rng.next() % 1000 < share {
          docs.append(UInt32(d))
          let freq = UInt32(1 + rng.next() % 3)
          freqs.append(freq)
          if field.hasPositions {
            var p = UInt32(rng.next() % 5)
            for _ in 0..<freq {
              positions.append(p)
              p += UInt32(1 + rng.next() % 9)
            }
          }
        }
        if !docs.isEmpty { out.append((field, Array(term.utf8), docs, freqs, positions)) }
      }
    }
    return out
  }

  static func norms(maxDoc: Int) -> [[UInt8]?] {
    IndexField.allCases.map { f in
      f.hasNorms && f != .headings ? (0..<maxDoc).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(f.rawValue)) } : nil
    }
  }

  static func stored(_ maxDoc: Int) -> StoredFieldsWriter {
    let w = StoredFieldsWriter()
    for d in 0..<maxDoc { w.add(Document(id: "d\(d)", path: "/p/\(d % 3)", kind: .text, title: "t", body: "b \(d)")) }
    return w
  }

  /// Writes segment `name`, handing fields from `split` on (nil: none) to a part appended after the others.
  static func write(
    _ terms: [(IndexField, [UInt8], [UInt32], [UInt32], [UInt32])], maxDoc: Int, directory: String, name: String,
    split: IndexField?
  ) throws {
    let norms = Self.norms(maxDoc: maxDoc)
    let writer = try SegmentWriter(directory: directory, name: name, maxDoc: maxDoc, norms: norms, sync: false)
    var part = SegmentPostingsPart(maxDoc: maxDoc, norms: norms)
    for (field, term, docs, freqs, positions) in terms {
      term.withUnsafeBufferPointer { t in
        docs.withUnsafeBufferPointer { d in
          freqs.withUnsafeBufferPointer { f in
            positions.withUnsafeBufferPointer { p in
              if let split, field.rawValue >= split.rawValue {
                part.addTerm(field: field, term: t, docs: d, freqs: f, positions: p)
              } else {
                try! writer.addTerm(field: field, term: t, docs: d, freqs: f, positions: p)
              }
            }
          }
        }
      }
    }
    part.finish()
    if split != nil { try writer.append(part) }
    try writer.finish(stored: stored(maxDoc))
  }

  /// Every file of segment `a` equals the same file of segment `b`; returns how many files were compared.
  static func compareSegments(_ directory: String, _ a: String, _ b: String) throws -> Int {
    var compared = 0
    for kind in [IndexFileKind.terms, .termIndex, .postings, .positions, .norms, .termVectors, .stored] {
      let x = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + SegmentFiles.name(a, kind)))
      let y = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + SegmentFiles.name(b, kind)))
      #expect(x == y, "\(kind) differs")
      compared += 1
    }
    return compared
  }

  @Test(arguments: [IndexField.boilerplate, .person, .entity, .id, .date])
  func appendedPartGivesTheFilesOfOneWriter(split: IndexField) throws {
    let dir = Fixtures.temporaryDirectory("seek-part")
    defer { Fixtures.removeTree(dir) }
    let maxDoc = 1000
    let terms = Self.postings(maxDoc: maxDoc, seed: 11 + UInt64(split.rawValue))
    #expect(terms.contains { $0.2.count > 2 * IndexFormat.blockSize })
    try Self.write(terms, maxDoc: maxDoc, directory: dir, name: "s1", split: nil)
    try Self.write(terms, maxDoc: maxDoc, directory: dir, name: "s2", split: split)
    #expect(try Self.compareSegments(dir, "s1", "s2") == 7)
    // And the segment reads back: a term of the part's fields finds its documents.
    let last = try #require(terms.last)
    let core = try SegmentCore(directory: dir, name: "s2", maxDoc: maxDoc, verify: true, termSamples: true)
    let info = try #require(last.1.withUnsafeBufferPointer { core.termInfo(last.0, $0) })
    #expect(info.docFreq == last.2.count)
  }

  /// The buffer writes its segment on two threads; the merger rewriting it on one thread (no deletions, so the
  /// same documents in the same order) must produce the same bytes, entity and keyword fields included.
  @Test func bufferSegmentEqualsSingleThreadedRewrite() throws {
    let dir = Fixtures.temporaryDirectory("seek-part-buffer")
    defer { Fixtures.removeTree(dir) }
    var rng = SeededRandom(seed: 5)
    let buffer = InvertedBuffer()
    for i in 0..<900 {
      var doc = IndexTestDocs.document(
        id: "doc\(i)", path: "/f/\(i % 13).txt", title: IndexTestDocs.randomText(&rng, words: 4),
        body: IndexTestDocs.randomText(&rng, words: 30 + i % 50))
      let names = (0..<(i % 4)).map { _ in "name\(rng.next() % 40) x\(rng.next() % 3)" }
      if !names.isEmpty {
        let words = names.flatMap { $0.split(separator: " ").map(String.init) }
        doc.fields.append(FieldTerms(field: i % 2 == 0 ? .person : .org, terms: words))
        doc.fields.append(FieldTerms(field: .entity, terms: words))
      }
      doc.fields.append(FieldTerms(field: .date, terms: ["1987-03-\(10 + i % 20)"]))
      buffer.add(doc)
    }
    _ = try buffer.writeSegment(directory: dir, name: "s1", sync: false)
    let core = try SegmentCore(directory: dir, name: "s1", maxDoc: 900, verify: true, termSamples: true)
    let maxDoc = try SegmentMerger.merge(
      [SegmentMerger.Input(core: core, deletions: nil)], directory: dir, name: "s2", sync: false)
    #expect(maxDoc == 900)
    #expect(try Self.compareSegments(dir, "s1", "s2") == 7)
    // The entity and keyword fields went through the part: their terms are there.
    #expect(try #require(Array("name1".utf8).withUnsafeBufferPointer { core.termInfo(.entity, $0) }).docFreq > 0)
    #expect(try #require(Array("doc899".utf8).withUnsafeBufferPointer { core.termInfo(.id, $0) }).docFreq == 1)
  }
}
