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

  /// Re-scores the best candidates.
  /// - Parameters:
  ///   - top: the candidates from the collector (any order).
  ///   - query: the parsed query.
  ///   - compiler: the query's compiler (analysis and idf).
  /// - Returns: the candidates sorted best first with their new scores.
  /// - Throws: `SeekError(.corruptIndex)` when a stored document is damaged.
  func rerank(_ top: [Searcher.Candidate], query: Query, compiler: QueryCompiler) throws -> [Searcher.Candidate] {
    var top = top
    top.sort(by: Self.better)
    if model.proximity > 0 {
      let n = min(top.count, model.proximityDepth)
      let (terms, pairs) = compiler.proximityTerms(query)
      let head = ProximityReranker(
        reader: reader, terms: terms, pairs: pairs, weight: model.proximity, k1: model.k1,
        window: model.proximityWindow
      ).rerank(Array(top.prefix(n)))
      top.replaceSubrange(0..<n, with: head)
    }
    if model.exactMatch > 0 {
      let n = min(top.count, model.exactMatchDepth)
      let head = try ExactMatchReranker(reader: reader, words: compiler.exactWords(query), weight: model.exactMatch)
        .rerank(Array(top.prefix(n)))
      top.replaceSubrange(0..<n, with: head)
    }
    top.sort(by: Self.better)
    return top
  }

  static func better(_ a: Searcher.Candidate, _ b: Searcher.Candidate) -> Bool {
    a.score != b.score ? a.score > b.score : a.address < b.address
  }
}
