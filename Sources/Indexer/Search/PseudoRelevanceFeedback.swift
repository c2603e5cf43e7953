#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Pseudo-relevance feedback (RM3, Lavrenko & Croft 2001, as in Anserini): the best documents of a first search
/// are taken as relevant, the words they use most (weighted by each document's share of the first-pass score) are
/// added to the query, and the expanded query is searched again with the same BM25F scorers and MaxScore pruning.
///
/// The feedback documents' words come from their stored title and body (analyzed at query time, no index-time
/// cost). It applies to queries made only of plain words over the text fields with at least
/// ``RankingModel/feedbackMinWords`` words; any other query is searched once, unchanged.
struct PseudoRelevanceFeedback {
  let reader: IndexReader
  let model: RankingModel
  let compiler: QueryCompiler
  /// The original query's stemmed words with their query-side boosts.
  let words: [(term: String, boost: Float)]
  /// Made in `init` once the stage applies (not as a default value: a failable init would make it first, and an
  /// analyzer costs a pool look-up on every search the stage is off for).
  private let analyzer: Analyzer

  /// Returns nil when feedback is off or the query's shape or length does not qualify.
  init?(reader: IndexReader, model: RankingModel, compiler: QueryCompiler, query: Query) {
    guard !model.feedbackVectors, model.feedbackDocs > 0,
      (model.feedbackTerms > 0 && model.feedbackWeight > 0) || (model.feedbackReweight > 0 && model.feedbackDepth > 0),
      let words = compiler.plainWordBoosts(query), !words.isEmpty,
      compiler.plainWordCount(query) >= model.feedbackMinWords
    else { return nil }
    self.reader = reader
    self.model = model
    self.compiler = compiler
    self.words = words
    analyzer = Analyzer(language: "en")
  }

  /// The expanded query: the original words plus up to ``RankingModel/feedbackTerms`` words from the best
  /// `firstPass` documents, whose boosts together add up to `feedbackWeight` times the original words' boosts.
  /// - Parameter firstPass: the first search's candidates (any order).
  /// - Throws: `SeekError(.corruptIndex)` when a stored document is damaged.
  func expandedWords(firstPass: [Searcher.Candidate]) throws -> [(term: String, boost: Float)] {
    let feedback = Array(firstPass.sorted(by: ResultReranker.better).prefix(model.feedbackDocs))
    let docWeights = Self.documentWeights(feedback.map(\.score), temperature: model.feedbackTemperature)
    let scoreSum = docWeights.reduce(0, +)
    guard scoreSum > 0 else { return words }
    var weights: [String: Float] = [:]
    var documents: [String: Int] = [:]
    var counts: [String: Int] = [:]
    for (candidate, docWeight) in zip(feedback, docWeights) where docWeight > 0 {
      let doc = try reader.storedDocument(candidate.address)
      counts.removeAll(keepingCapacity: true)
      var length = 0
      for var text in [doc.title, doc.body] {
        text.withUTF8 { bytes in
          analyzer.analyze(bytes) { token in
            length += 1
            if Self.isCandidate(token) { counts[token.term, default: 0] += 1 }
          }
        }
      }
      guard length > 0 else { continue }
      let share = docWeight / scoreSum / Float(length)
      for (term, count) in counts {
        weights[term, default: 0] += share * Float(count)
        documents[term, default: 0] += 1
      }
    }
    if model.feedbackIDF {
      for (term, w) in weights { weights[term] = w * compiler.idf(term, fields: RankingModel.textFields) }
    }
    // Words too common in the index to tell documents apart are skipped (idf below that of a word in the given
    // share of the documents), and so are words only one feedback document uses when several are asked for.
    let minimumIDF =
      model.feedbackMaxShare < 1
      ? RankingModel.idf(
        docFreq: Int(Float(reader.liveCount) * model.feedbackMaxShare), docCount: max(reader.liveCount, 1)) : 0
    var best: [(key: String, value: Float)] = []
    for entry in weights.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
      if best.count >= model.feedbackTerms { break }
      if (documents[entry.key] ?? 0) < model.feedbackMinDocs { continue }
      if minimumIDF > 0 && compiler.idf(entry.key, fields: RankingModel.textFields) < minimumIDF { continue }
      best.append(entry)
    }
    let bestSum = best.reduce(Float(0)) { $0 + $1.value }
    guard bestSum > 0 else { return words }
    let originalSum = words.reduce(Float(0)) { $0 + $1.boost }
    var out = words
    var index: [String: Int] = [:]
    for (i, w) in words.enumerated() { index[w.term] = i }
    for (term, w) in best {
      let boost = model.feedbackWeight * originalSum * w / bestSum
      if let i = index[term] {
        out[i].boost += boost
      } else {
        index[term] = out.count
        out.append((term, boost))
      }
    }
    return out
  }

  /// Searches the expanded query.
  /// - Parameters:
  ///   - firstPass: the first search's candidates.
  ///   - depth: how many candidates to keep.
  ///   - exhaustive: score every match instead of pruning (tests compare both).
  ///   - isCancelled: polled every few thousand documents.
  /// - Returns: the best candidates, the match count and whether it is exact.
  /// - Throws: `SeekError` when cancelled or when a stored document is damaged.
  func search(
    firstPass: [Searcher.Candidate], depth: Int, exhaustive: Bool, isCancelled: () -> Bool
  ) throws -> (top: [Searcher.Candidate], total: Int, exact: Bool) {
    let expanded = try expandedWords(firstPass: firstPass)
    var heap = TopScores(capacity: depth)
    var total = 0
    var exact = true
    for (index, segment) in reader.segments.enumerated() {
      let scorers = expanded.compactMap {
        compiler.termScorer($0.term, fields: RankingModel.textFields, segment: segment, boost: $0.boost)
      }
      if scorers.isEmpty { continue }
      if !exhaustive {
        let (count, segmentExact) = try MaxScoreCollector(scorers: scorers).collect(
          segment: segment, index: index, into: &heap, isCancelled: isCancelled)
        total += count
        exact = exact && segmentExact
        continue
      }
      let it = DisjunctionIterator(scorers)
      var d = it.nextDoc()
      var steps = 0
      while d != DocIterators.end {
        if !segment.isDeleted(d) {
          total += 1
          heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: it.score()))
        }
        steps += 1
        if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
        d = it.nextDoc()
      }
    }
    return (heap.elements, total, exact)
  }

  /// Re-scores the first pass's best candidates with the feedback words alone (the cheap form: no second
  /// search, so no document that missed every query word can enter the results).
  /// - Parameters:
  ///   - firstPass: the first search's candidates (any order).
  ///   - depth: how many of the best candidates are re-scored; the rest keep their scores.
  /// - Returns: the candidates with new scores (any order).
  /// - Throws: `SeekError(.corruptIndex)` when a stored document is damaged.
  func rescore(firstPass: [Searcher.Candidate], depth: Int) throws -> [Searcher.Candidate] {
    var firstPass = firstPass
    if model.feedbackReweight > 0 {
      firstPass = FeedbackReweighting(
        reader: reader, compiler: compiler, words: words, feedbackDocs: model.feedbackDocs,
        weight: model.feedbackReweight
      ).rescore(firstPass, depth: depth)
      if model.feedbackTerms == 0 || model.feedbackWeight == 0 { return firstPass }
    }
    let expanded = try expandedWords(firstPass: firstPass)
    var original: [String: Float] = [:]
    for w in words { original[w.term] = w.boost }
    let added = expanded.compactMap { w -> (term: String, boost: Float)? in
      let extra = w.boost - (original[w.term] ?? 0)
      return extra > 0 ? (w.term, extra) : nil
    }
    var sorted = firstPass.sorted(by: ResultReranker.better)
    let n = min(depth, sorted.count)
    guard n > 0, !added.isEmpty else { return sorted }
    let order = (0..<n).sorted { sorted[$0].address < sorted[$1].address }
    var segment = -1
    var scorers: [TermScorer] = []
    for i in order {
      let address = sorted[i].address
      if address.segment != segment {
        segment = address.segment
        let reader = self.reader.segments[segment]
        scorers = added.compactMap {
          compiler.termScorer($0.term, fields: RankingModel.textFields, segment: reader, boost: $0.boost)
        }
      }
      var bonus: Float = 0
      for scorer in scorers {
        if scorer.doc < address.doc || scorer.doc == 0 { _ = scorer.advance(to: address.doc) }
        if scorer.doc == address.doc { bonus += scorer.score() }
      }
      sorted[i].score += bonus
    }
    return sorted
  }

  /// The feedback documents' weights: their scores (temperature 0), or `exp((s - best) / (temperature · best))`,
  /// with weights below 1% of the best one's set to 0 (such documents are not read).
  static func documentWeights(_ scores: [Float], temperature: Float) -> [Float] {
    guard temperature > 0, let best = scores.max(), best > 0 else { return scores.map { max($0, 0) } }
    return scores.map { s in
      let w = expf((s - best) / (temperature * best))
      return w >= 0.01 ? w : 0
    }
  }

  /// Whether a document word may be added to the query: not a function word, not a bare number.
  static func isCandidate(_ token: Token) -> Bool {
    if QueryWordWeights.isStopword(token.exact) { return false }
    var digits = true
    for b in token.term.utf8 where b < 0x30 || b > 0x39 {
      digits = false
      break
    }
    return !digits && token.term.utf8.count > 1
  }
}
