import TestSupport
import Testing

@testable import Indexer

/// The feedback model (every word of the feedback documents' vectors with its weight and document count) merges
/// the documents' vectors in one pass; it must equal adding them up one document after the other.
@Suite struct TermVectorFeedbackModelTests {
  @Test func mergedModelEqualsDocumentByDocumentSums() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 41)
    let vocabulary = (0..<300).map { "f\($0)m" }
    try Self.indexRandomBatches(folder, rng: &rng, vocabulary: vocabulary, batches: 3, documents: 80, length: 5..<65)
    let searcher = try folder.searcher()
    let reader = searcher.reader
    #expect(reader.segments.count >= 2)
    let feedback = try Self.feedback(searcher, query: "f1m f2m f3m f4m f5m f6m")
    for round in 0..<200 {
      // Candidates from one segment (every other round) or from several, some with weight 0.
      let oneSegment = round % 2 == 0 ? Int(rng.next() % UInt64(reader.segments.count)) : nil
      let (candidates, weights) = Self.randomCandidates(reader, oneSegment: oneSegment, rng: &rng) { rng in
        rng.next() % 5 == 0 ? 0 : Float(rng.next() % 1000) / 999
      }
      let got = feedback.feedbackModel(candidates, weights: weights)
      let expected = Self.reference(candidates, weights: weights, reader: reader)
      #expect(got.count == expected.count, "round \(round)")
      #expect(got.map(\.segment) == expected.map(\.segment), "round \(round)")
      #expect(got.map(\.ordinal) == expected.map(\.ordinal), "round \(round)")
      #expect(got.map(\.weight) == expected.map(\.weight), "round \(round)")
      #expect(got.map(\.documents) == expected.map(\.documents), "round \(round)")
    }
  }

  /// The chosen feedback words (hashed by ordinal when the documents share a segment) are the heaviest words of
  /// the ordered model, in the same order, ties included; over a small vocabulary with equal counts, ties are many.
  @Test func chosenWordsEqualTheModelsHeaviest() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 43)
    let vocabulary = (0..<40).map { "g\($0)w" }
    try Self.indexRandomBatches(folder, rng: &rng, vocabulary: vocabulary, batches: 2, documents: 60, length: 3..<43)
    let searcher = try folder.searcher()
    let reader = searcher.reader
    let feedback = try Self.feedback(searcher, query: "g1w g2w")
    var oneSegmentRounds = 0
    for round in 0..<300 {
      let oneSegment = round % 3 != 0 ? Int(rng.next() % UInt64(reader.segments.count)) : nil
      let (candidates, weights) = Self.randomCandidates(reader, oneSegment: oneSegment, rng: &rng) { rng in
        // Equal weights in some rounds: equal word weights, so ties decide.
        round % 2 == 0 ? 1 : (rng.next() % 5 == 0 ? 0 : Float(rng.next() % 1000) / 999)
      }
      if oneSegment != nil { oneSegmentRounds += 1 }
      let got = feedback.chosenWords(candidates, weights: weights)
      let expected = feedback.selectWords(feedback.feedbackModel(candidates, weights: weights))
      #expect(got.map(\.segment) == expected.map(\.segment), "round \(round)")
      #expect(got.map(\.ordinal) == expected.map(\.ordinal), "round \(round)")
      #expect(got.map(\.weight) == expected.map(\.weight), "round \(round)")
      #expect(got.map(\.documents) == expected.map(\.documents), "round \(round)")
    }
    #expect(oneSegmentRounds > 100)
  }

  /// Indexes `batches` commits (so several segments) of `documents` text files each, whose bodies are a random
  /// number (in `length`) of random words of `vocabulary`.
  static func indexRandomBatches(
    _ folder: IndexedFolder, rng: inout SeededRandom, vocabulary: [String], batches: Int, documents: Int,
    length: Range<Int>
  ) throws {
    for batch in 0..<batches {
      for i in 0..<documents {
        let count = length.lowerBound + Int(rng.next() % UInt64(length.count))
        let body = (0..<count).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        folder.write("b\(batch)/d\(i).txt", body.joined(separator: " ") + "\n")
      }
      try folder.update()
    }
  }

  /// The feedback stage of `query` over the searcher's snapshot.
  static func feedback(_ searcher: Searcher, query: String) throws -> TermVectorFeedback {
    let reader = searcher.reader
    let compiler = QueryCompiler(reader: reader, model: searcher.model, analyzer: Analyzer(), norms: searcher.norms)
    return try #require(
      TermVectorFeedback(
        reader: reader, model: searcher.model, norms: searcher.norms, compiler: compiler,
        query: Searcher.plainQuery(query)))
  }

  /// One to six distinct random documents (all from `oneSegment` when given) with weights drawn by `weight`.
  static func randomCandidates(
    _ reader: IndexReader, oneSegment: Int?, rng: inout SeededRandom, weight: (inout SeededRandom) -> Float
  ) -> ([Searcher.Candidate], [Float]) {
    var seen = Set<DocAddress>()
    var candidates: [Searcher.Candidate] = []
    var weights: [Float] = []
    for _ in 0..<Int(1 + rng.next() % 6) {
      let s = oneSegment ?? Int(rng.next() % UInt64(reader.segments.count))
      let address = DocAddress(segment: s, doc: UInt32(rng.next() % UInt64(reader.segments[s].maxDoc)))
      guard seen.insert(address).inserted else { continue }
      candidates.append(Searcher.Candidate(address: address, score: 1))
      weights.append(weight(&rng))
    }
    return (candidates, weights)
  }

  /// Adds the documents' vectors up one after the other, then orders by (segment, ordinal) and, over several
  /// segments, sums the same word's entries in that order.
  static func reference(_ candidates: [Searcher.Candidate], weights: [Float], reader: IndexReader)
    -> [TermVectorFeedback.Word]
  {
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return [] }
    var words: [TermVectorFeedback.Word] = []
    var index: [UInt64: Int] = [:]
    var segments = Set<Int>()
    for (c, w) in zip(candidates, weights) where w > 0 {
      let segment = reader.segments[c.address.segment]
      guard let vectors = segment.core.termVectors else { continue }
      segments.insert(c.address.segment)
      let share = w / sum / Float(max(1, segment.fieldLength(c.address.doc, .body)))
      vectors.forEach(c.address.doc) { ordinal, count in
        let key = UInt64(c.address.segment) << 32 | UInt64(ordinal)
        if let i = index[key] {
          words[i].weight += share * Float(count)
          words[i].documents += 1
        } else {
          index[key] = words.count
          words.append(
            .init(segment: Int32(c.address.segment), ordinal: ordinal, weight: share * Float(count), documents: 1))
        }
      }
    }
    words.sort { ($0.segment, $0.ordinal) < ($1.segment, $1.ordinal) }
    guard segments.count > 1 else { return words }
    var byTerm: [[UInt8]: Int] = [:]
    var out: [TermVectorFeedback.Word] = []
    for w in words {
      guard let (bytes, _) = reader.segments[Int(w.segment)].core.term(.body, ordinal: Int(w.ordinal)) else { continue }
      if let k = byTerm[bytes] {
        out[k].weight += w.weight
        out[k].documents += w.documents
      } else {
        byTerm[bytes] = out.count
        out.append(w)
      }
    }
    return out
  }
}
