/// Pseudo-relevance feedback without expansion: the query's own words are re-weighted by how many of the best
/// first-pass documents contain them, with the Robertson / Sparck Jones relevance weight (Robertson & Sparck Jones
/// 1976; used with pseudo-relevant documents as in Croft & Harper 1979):
/// `rsj = ln((r + 0.5)(N - n - R + r + 0.5) / ((n - r + 0.5)(R - r + 0.5)))`, with `R` the feedback documents, `r`
/// those containing the word, `n` the word's document frequency and `N` the documents in the index.
///
/// Each of the best `depth` candidates gains `weight · max(rsj, 0) / idf` times each word's BM25F score in it, so a
/// word shared by the feedback documents counts more and a word they lack counts as before. It reads postings only
/// (no stored text), for the candidates already found, and only adds to their scores.
struct FeedbackReweighting {
  let reader: IndexReader
  let compiler: QueryCompiler
  /// The query's stemmed words with their query-side boosts.
  let words: [(term: String, boost: Float)]
  /// How many of the best candidates count as relevant (`R`).
  let feedbackDocs: Int
  /// How strongly the relevance weight adds to the idf.
  let weight: Float

  /// The relevance weight of a word found in `r` of `relevant` documents and in `docFreq` of `docCount`.
  static func relevanceWeight(r: Int, relevant: Int, docFreq: Int, docCount: Int) -> Float {
    let (r, big, n, total) = (Double(r), Double(relevant), Double(max(docFreq, r)), Double(max(docCount, docFreq)))
    let value = log((r + 0.5) * (total - n - big + r + 0.5) / ((n - r + 0.5) * (big - r + 0.5)))
    return value.isFinite ? Float(value) : 0
  }

  /// Adds the feedback bonus to the best candidates.
  /// - Parameters:
  ///   - candidates: the first pass's candidates (any order).
  ///   - depth: how many of the best are re-scored; the rest keep their scores.
  /// - Returns: the candidates sorted best first before the bonus, with new scores.
  func rescore(_ candidates: [Searcher.Candidate], depth: Int) -> [Searcher.Candidate] {
    var sorted = candidates.sorted(by: ResultReranker.better)
    let n = ResultReranker.stableHeadCount(sorted, depth: depth)
    let relevant = min(feedbackDocs, n)
    guard relevant > 0, weight > 0, !words.isEmpty else { return sorted }
    // Each word's score in each of the head's documents (0 when absent), read in document order.
    var scores = [Float](repeating: 0, count: n * words.count)
    let order = (0..<n).sorted { sorted[$0].address < sorted[$1].address }
    var segment = -1
    var scorers: [TermScorer?] = []
    for i in order {
      let address = sorted[i].address
      if address.segment != segment {
        segment = address.segment
        let reader = self.reader.segments[segment]
        scorers = words.map {
          compiler.termScorer($0.term, fields: RankingModel.textFields, segment: reader, boost: $0.boost)
        }
      }
      for (w, scorer) in scorers.enumerated() {
        guard let scorer else { continue }
        if scorer.doc < address.doc || scorer.doc == 0 { _ = scorer.advance(to: address.doc) }
        if scorer.doc == address.doc { scores[i * words.count + w] = scorer.score() }
      }
    }
    var factors = [Float](repeating: 0, count: words.count)
    for (w, word) in words.enumerated() {
      var r = 0
      for i in 0..<relevant where scores[i * words.count + w] > 0 { r += 1 }
      var docFreq = 0
      for f in RankingModel.textFields { docFreq = max(docFreq, reader.docFreq(f, word.term)) }
      let idf = compiler.idf(word.term, fields: RankingModel.textFields)
      let rsj = Self.relevanceWeight(r: r, relevant: relevant, docFreq: docFreq, docCount: reader.liveCount)
      factors[w] = idf > 0 ? weight * max(rsj, 0) / idf : 0
    }
    for i in 0..<n {
      var bonus: Float = 0
      for w in words.indices { bonus += factors[w] * scores[i * words.count + w] }
      sorted[i].score += bonus
    }
    return sorted
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
