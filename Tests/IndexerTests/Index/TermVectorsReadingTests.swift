import TestSupport
import Testing

@testable import Indexer

/// Reading term vectors (``TermVectors/forEach(_:upTo:_:)`` with its one-byte fast path, and the merge walk of
/// ``TermVectors/counts(_:of:into:)`` that the feedback stage uses) gives what the body postings hold.
@Suite struct TermVectorsReadingTests {
  /// Documents with many distinct words (ordinal gaps above 127) and words repeated hundreds of times (counts of
  /// two bytes), in three segments.
  static func makeIndex(_ folder: IndexedFolder) throws {
    var rng = SeededRandom(seed: 21)
    let vocabulary = (0..<700).map { "v\($0)k" } + ["the", "of", "42", "x", "running", "runs"]
    for batch in 0..<3 {
      for i in 0..<120 {
        var body = (0..<Int(1 + rng.next() % 40)).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        if i % 17 == 0 { body += Array(repeating: vocabulary[Int(rng.next() % 700)], count: 130 + i) }
        folder.write("b\(batch)/d\(i).txt", body.joined(separator: " ") + "\n")
      }
      try folder.update()
    }
  }

  /// In new and merged segments, every vector entry is the body posting of its term in that document with the
  /// same count, and every body posting of a term the vectors keep is in the document's vector.
  @Test func vectorsAgreeWithBodyPostings() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try Self.makeIndex(folder)
    var longCounts = 0
    var segmentsChecked = 0
    for merged in [false, true] {
      if merged { try folder.mergeIntoOneSegment() }
      let reader = try folder.searcher().reader
      #expect(merged ? reader.segments.count == 1 : reader.segments.count >= 2)
      for segment in reader.segments {
        let core = segment.core
        let vectors = try #require(core.termVectors)
        segmentsChecked += 1
        // doc -> ordinal -> count, from the vectors.
        var fromVectors = [[UInt32: UInt32]](repeating: [:], count: segment.maxDoc)
        for doc in 0..<segment.maxDoc {
          vectors.forEach(UInt32(doc)) { ordinal, count in fromVectors[doc][ordinal] = count }
        }
        var ordinal = 0
        var keptTerms = 0
        while let (bytes, info) = core.term(.body, ordinal: ordinal) {
          let kept = bytes.withUnsafeBufferPointer { TermVectors.keeps($0) }
          let postings = segment.postings(info)
          while postings.nextDoc() != PostingsIterator.noMoreDocs {
            let inVector = fromVectors[Int(postings.doc)][UInt32(ordinal)]
            if kept {
              #expect(inVector == postings.freq, "ordinal \(ordinal) doc \(postings.doc)")
              if postings.freq >= 128 { longCounts += 1 }
              fromVectors[Int(postings.doc)][UInt32(ordinal)] = nil
            } else {
              #expect(inVector == nil)
            }
          }
          if kept { keptTerms += 1 }
          ordinal += 1
        }
        #expect(keptTerms > 50)
        // Nothing in the vectors that is not a posting.
        #expect(fromVectors.allSatisfy { $0.isEmpty })
      }
    }
    #expect(segmentsChecked >= 3)
    #expect(longCounts > 0)
  }

  /// The merge walk finds, for any increasing ordinals, the counts a full walk of the vector finds (0 where the
  /// vector lacks one), including ordinals beyond the document's last and before its first.
  @Test func countsMatchTheFullWalk() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try Self.makeIndex(folder)
    var rng = SeededRandom(seed: 22)
    let reader = try folder.searcher().reader
    var found = 0
    for segment in reader.segments {
      let vectors = try #require(segment.core.termVectors)
      for doc in 0..<UInt32(segment.maxDoc) {
        var all: [UInt32: UInt32] = [:]
        vectors.forEach(doc) { all[$0] = $1 }
        let own = all.keys.sorted()
        for _ in 0..<4 {
          // Some of the document's own ordinals mixed with random ones, increasing and distinct.
          var wanted = Set(own.filter { _ in rng.next() % 3 == 0 })
          for _ in 0..<Int(rng.next() % 12) { wanted.insert(UInt32(rng.next() % 760)) }
          let ordinals = wanted.sorted()
          var counts = [UInt32](repeating: 99, count: ordinals.count)
          ordinals.withUnsafeBufferPointer { o in
            counts.withUnsafeMutableBufferPointer { vectors.counts(doc, of: o, into: $0.baseAddress!) }
          }
          #expect(counts == ordinals.map { all[$0] ?? 0 }, "doc \(doc) ordinals \(ordinals)")
          found += counts.filter { $0 > 0 }.count
        }
      }
    }
    #expect(found > 100)
  }
}
