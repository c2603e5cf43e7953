import TestSupport
import Testing

@testable import Indexer

/// The feedback stage's re-scoring: every candidate of the re-scored head gains exactly the bonus a word-by-word
/// reference computes from its whole term vector (each chosen word found in the candidate's segment by its bytes,
/// summed in that segment's dictionary order), over an index of several segments; the others keep their scores.
@Suite struct TermVectorFeedbackBonusTests {
  @Test func rescoredCandidatesGainTheReferenceBonus() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 53)
    let vocabulary = (0..<120).map { "h\($0)v" }
    try TermVectorFeedbackModelTests.indexRandomBatches(
      folder, rng: &rng, vocabulary: vocabulary, batches: 3, documents: 70, length: 4..<60)
    let searcher = try folder.searcher()
    let reader = searcher.reader
    #expect(reader.segments.count >= 2)
    let model = searcher.model
    let feedback = try TermVectorFeedbackModelTests.feedback(searcher, query: "h1v h2v h3v h4v")
    var gained = 0
    for round in 0..<150 {
      // Distinct random documents of every segment (or of one, every third round), distinct scores.
      var seen = Set<DocAddress>()
      var candidates: [Searcher.Candidate] = []
      let oneSegment = round % 3 == 0 ? Int(rng.next() % UInt64(reader.segments.count)) : nil
      for _ in 0..<40 {
        let s = oneSegment ?? Int(rng.next() % UInt64(reader.segments.count))
        let address = DocAddress(segment: s, doc: UInt32(rng.next() % UInt64(reader.segments[s].maxDoc)))
        guard seen.insert(address).inserted else { continue }
        candidates.append(Searcher.Candidate(address: address, score: 5 + Float(rng.next() % 100_000) / 10_000))
      }
      var got = candidates
      feedback.rescore(&got)
      let expected = Self.reference(candidates, feedback: feedback, model: model, reader: reader, norms: searcher.norms)
      let scores = Dictionary(uniqueKeysWithValues: got.map { ($0.address, $0.score) })
      #expect(got.count == candidates.count, "round \(round)")
      for c in expected {
        #expect(scores[c.address]?.bitPattern == c.score.bitPattern, "round \(round) \(c.address)")
      }
      gained += zip(candidates, expected).filter { $0.score != $1.score }.count
      #expect(zip(got, got.dropFirst()).allSatisfy { $0.score >= $1.score }, "round \(round): not sorted")
    }
    #expect(gained > 500, "feedback never added a bonus")
  }

  /// The candidates (in their order) with the bonus added to the re-scored head, computed word by word.
  static func reference(
    _ candidates: [Searcher.Candidate], feedback: TermVectorFeedback, model: RankingModel, reader: IndexReader,
    norms: NormFactorTables
  ) -> [Searcher.Candidate] {
    var sorted = candidates
    CandidateSort.bestFirst(&sorted)
    let head = ResultReranker.stableHeadCount(sorted, depth: model.feedbackDepth)
    let documents = Array(sorted.prefix(min(head, model.feedbackDocs)))
    let weights = PseudoRelevanceFeedback.documentWeights(
      documents.map(\.score), temperature: model.feedbackTemperature)
    let words = feedback.chosenWords(documents, weights: weights)
    let total = words.reduce(Float(0)) { $0 + $1.weight }
    guard total > 0 else { return candidates }
    // Each word's bytes and weight (boost times the body idf over the index).
    var chosen: [(bytes: [UInt8], weight: Float)] = []
    for w in words {
      guard let (bytes, _) = reader.segments[Int(w.segment)].core.term(.body, ordinal: Int(w.ordinal)) else { continue }
      let docFreq = reader.segments.reduce(0) { $0 + ($1.termInfo(.body, bytes: bytes)?.docFreq ?? 0) }
      let idf = RankingModel.idf(docFreq: docFreq, docCount: max(reader.liveCount, 1))
      chosen.append((bytes, model.feedbackWeight * feedback.queryBoost * w.weight / total * idf))
    }
    let headAddresses = Set(sorted.prefix(head).map(\.address))
    return candidates.map { c in
      guard headAddresses.contains(c.address) else { return c }
      let segment = reader.segments[c.address.segment]
      guard let vector = segment.termVector(c.address.doc) else { return c }
      let counts = Dictionary(uniqueKeysWithValues: vector.map { (Array($0.term.utf8), $0.count) })
      // The words this segment has, in its dictionary order.
      let present = chosen.compactMap { w in
        w.bytes.withUnsafeBufferPointer { segment.core.termEntry(.body, $0) }.map { (ordinal: $0.ordinal, word: w) }
      }.sorted { $0.ordinal < $1.ordinal }
      let factor = norms.factors(.body)[Int(segment.normByte(c.address.doc, .body))]
      var bonus: Float = 0
      for p in present {
        guard let count = counts[p.word.bytes], count > 0 else { continue }
        bonus += TermScorer.saturate(Float(count) * factor, weight: p.word.weight, k1: model.k1, lowerBound: 0)
      }
      var out = c
      out.score += bonus
      return out
    }
  }
}
