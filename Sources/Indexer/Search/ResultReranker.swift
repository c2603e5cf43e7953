/// The re-scoring stage after the exact BM25F top-k: the term-proximity bonus (``ProximityReranker``) and the
/// exact-form bonus (``ExactMatchReranker``), each on its own number of best candidates.
///
/// Both only add to scores of candidates already found, after MaxScore has found the exact top-k, so pruning stays
/// exact; a search asks the collector for ``depth`` candidates when the stage is active.
struct ResultReranker {
  let reader: IndexReader
  let model: RankingModel

  /// Whether any bonus is on.
  var isActive: Bool { model.proximity > 0 || model.exactMatch > 0 }

  /// How many top candidates the stage needs.
  var depth: Int {
    max(model.proximity > 0 ? model.proximityDepth : 0, model.exactMatch > 0 ? model.exactMatchDepth : 0)
  }

  /// Re-scores the best candidates, in place (no copy of the list).
  /// - Parameters:
  ///   - top: the candidates from the collector (any order); left sorted best first with their new scores.
  ///   - query: the parsed query.
  ///   - compiler: the query's compiler (analysis and idf).
  /// - Throws: `SeekError(.corruptIndex)` when a stored document is damaged.
  func rerank(_ top: inout [Searcher.Candidate], query: Query, compiler: QueryCompiler) throws {
    CandidateSort.bestFirst(&top)
    if model.proximity > 0 {
      // The collectors already add each candidate's word scores in query order (MaxScoreCollector re-adds them
      // for every hit it keeps; TermAtATimeCollector and exhaustive scoring add in that order), so equal
      // documents have equal scores whatever was pruned.
      let (terms, pairs) = compiler.proximityTerms(query)
      // Without two words and a pair (most long queries) the bonus is 0 for every candidate.
      if terms.count >= 2 && !pairs.isEmpty {
        let n = Self.stableHeadCount(top, depth: model.proximityDepth)
        let head = ProximityReranker(
          reader: reader, terms: terms, pairs: pairs, weight: model.proximity, k1: model.k1,
          window: model.proximityWindow, compiler: compiler
        ).rerank(Array(top.prefix(n)))
        top.replaceSubrange(0..<n, with: head)
      }
    }
    if model.exactMatch > 0 {
      let n = min(top.count, model.exactMatchDepth)
      let head = try ExactMatchReranker(reader: reader, words: compiler.exactWords(query), weight: model.exactMatch)
        .rerank(Array(top.prefix(n)))
      top.replaceSubrange(0..<n, with: head)
    }
    CandidateSort.bestFirst(&top)
  }

  /// How many of the best candidates (sorted) a bonus may re-score: `depth`, less the candidates tied with the
  /// last one when the list goes on past it. Pruned and exhaustive collection add a document's word scores in
  /// different orders, so scores equal in exact arithmetic may differ in the last bits and the two could cut a
  /// group of tied documents at different members; leaving the whole tied group out keeps both answers equal.
  static func stableHeadCount(_ sorted: [Searcher.Candidate], depth: Int) -> Int {
    guard sorted.count >= depth, depth > 0 else { return sorted.count }
    let last = sorted[depth - 1].score
    let limit = last + max(abs(last) * 1e-5, 1e-6)
    var n = depth
    while n > 0 && sorted[n - 1].score <= limit { n -= 1 }
    return n
  }

  static func better(_ a: Searcher.Candidate, _ b: Searcher.Candidate) -> Bool {
    a.score != b.score ? a.score > b.score : a.address < b.address
  }
}
