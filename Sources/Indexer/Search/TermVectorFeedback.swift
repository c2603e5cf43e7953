/// Pseudo-relevance feedback read from term vectors (RM3, Lavrenko & Croft 2001, as a re-scoring of the first
/// pass): the best first-pass documents are taken as relevant, the content words they use most are picked, and the
/// best ``RankingModel/feedbackDepth`` candidates gain a BM25 score for those words in their body.
///
/// - Feedback documents are weighted by a softmax of their scores relative to the best one,
///   `exp((score - best) / (feedbackTemperature · best))` (RM3 weights a document by its query likelihood, the
///   exponential of a log-likelihood score), so a document scored far below the best adds almost nothing; weights
///   below 1% of the best are dropped.
/// - A word's weight is `Σ_d weight_d · count_d / length_d` over the feedback documents' ``TermVectors`` (body
///   words without function words and numbers); the ``RankingModel/feedbackTerms`` heaviest words used by at least
///   ``RankingModel/feedbackMinDocs`` of them share a total boost of `feedbackWeight` times the query's own words'.
/// - A candidate gains `Σ boost · idf · tf' (k1 + 1) / (k1 + tf')` over those words, with the body's BM25 length
///   factor and the body idf over the index.
///
/// Everything comes from the mapped vectors, the norms and a few dictionary entries: no stored text is read. A
/// segment without vectors (written before they existed) neither feeds nor gains feedback. It only re-scores
/// candidates after the exact top-k (and leaves out a group of candidates tied at the cut, as the proximity stage
/// does), so pruned and exhaustive searches stay equal.
struct TermVectorFeedback {
  let reader: IndexReader
  let model: RankingModel
  let norms: NormFactorTables
  /// The query words' total boost.
  let queryBoost: Float
  /// Where the per-segment word lists are kept between searches.
  let scratch: TermScorerCache

  /// One feedback word: where it was found first and its weight in the feedback model.
  struct Word {
    var segment: Int32
    var ordinal: UInt32
    var weight: Float
    var documents: Int32
  }

  /// A chosen feedback word: the segment and ordinal it was found under, and its weight (boost times idf). Its
  /// bytes, needed only to find it in other segments, are kept apart (a list of plain values frees at once).
  struct Term {
    var segment: Int
    var ordinal: UInt32
    var weight: Float
  }

  /// Returns nil when feedback is off or the query is not made of plain words only.
  init?(reader: IndexReader, model: RankingModel, norms: NormFactorTables, compiler: QueryCompiler, query: Query) {
    guard model.feedbackVectors, model.feedbackDocs > 0, model.feedbackTerms > 0, model.feedbackWeight > 0,
      model.feedbackDepth > 0, let words = compiler.plainWordBoostTotal(query), words.count > 0,
      compiler.plainWordCount(query) >= model.feedbackMinWords
    else { return nil }
    self.reader = reader
    self.model = model
    self.norms = norms
    queryBoost = words.total
    scratch = compiler.scratch
  }

  /// How many first-pass candidates the stage needs.
  var depth: Int { max(model.feedbackDepth, model.feedbackDocs) }

  /// Re-scores the best candidates, in place (no copy of the list).
  /// - Parameter sorted: the first pass's candidates (any order); left sorted best first, the re-scored head with
  ///   the feedback bonus added.
  func rescore(_ sorted: inout [Searcher.Candidate]) {
    CandidateSort.bestFirst(&sorted)
    let head = ResultReranker.stableHeadCount(sorted, depth: model.feedbackDepth)
    // The feedback documents, in a list of earlier searches (given back emptied when this one is done).
    var feedback = TermScorerCache.take(&scratch.feedbackDocuments)
    defer { TermScorerCache.keep(&feedback, in: &scratch.feedbackDocuments) }
    feedback.append(contentsOf: sorted.prefix(min(head, model.feedbackDocs)))
    guard queryBoost > 0, !feedback.isEmpty else { return }
    // The scores in a list of earlier searches (the weights are a new list).
    var scores = TermScorerCache.take(&scratch.feedbackScores)
    for candidate in feedback { scores.append(candidate.score) }
    let weights = PseudoRelevanceFeedback.documentWeights(scores, temperature: model.feedbackTemperature)
    TermScorerCache.keep(&scores, in: &scratch.feedbackScores)
    // The feedback documents' vectors, decoded once for picking the words and for their own counts.
    let decoded = DecodedVectors(feedback, weights: weights, reader: reader)
    defer { decoded?.deallocate() }
    var words = TermScorerCache.take(&scratch.feedbackWords)
    defer { TermScorerCache.keep(&words, in: &scratch.feedbackWords) }
    if let decoded {
      chosenWords(feedback, weights: weights, decoded: decoded, into: &words)
    } else {
      words = chosenWords(feedback, weights: weights)
    }
    let total = words.reduce(Float(0)) { $0 + $1.weight }
    guard total > 0 else { return }
    // Each word's boost, its bytes (to find it in other segments) and its body idf over the index.
    // A list of earlier searches, given back (emptied) when this one is done.
    var terms = TermScorerCache.take(&scratch.feedbackTerms)
    defer { TermScorerCache.keep(&terms, in: &scratch.feedbackTerms) }
    terms.reserveCapacity(words.count)
    let segmentCount = reader.segments.count
    // The words' bytes, in `terms` order, only with several segments.
    var termBytes: [[UInt8]] = []
    for w in words {
      let origin = Int(w.segment)
      // With one segment, the word's document frequency comes from the decoded vectors when they are kept (the
      // same number as its dictionary entry's, without the lookup).
      if segmentCount == 1, let docFreq = reader.segments[origin].core.termVectors?.table?.documentFrequency(w.ordinal)
      {
        let idf = RankingModel.idf(docFreq: docFreq, docCount: max(reader.liveCount, 1))
        terms.append(
          Term(segment: origin, ordinal: w.ordinal, weight: model.feedbackWeight * queryBoost * w.weight / total * idf))
        continue
      }
      guard
        let (bytes, info) = reader.segments[origin].core.term(
          .body, ordinal: Int(w.ordinal), withBytes: segmentCount > 1)
      else { continue }
      var docFreq = info.docFreq
      for (s, segment) in reader.segments.enumerated() where s != origin {
        docFreq += bytes.withUnsafeBufferPointer { segment.core.termInfo(.body, $0)?.docFreq ?? 0 }
      }
      let idf = RankingModel.idf(docFreq: docFreq, docCount: max(reader.liveCount, 1))
      terms.append(
        Term(segment: origin, ordinal: w.ordinal, weight: model.feedbackWeight * queryBoost * w.weight / total * idf))
      if segmentCount > 1 { termBytes.append(bytes) }
    }
    let factors = norms.factors(.body)
    let k1 = model.k1
    let segments = reader.segments
    // Candidates of one segment are re-scored in list order; over several, in address order (grouped by segment).
    // Each candidate's bonus is its own sum, so the order changes no score.
    let firstSegment = sorted[0].address.segment
    var oneSegment = true
    for i in 0..<head where sorted[i].address.segment != firstSegment {
      oneSegment = false
      break
    }
    let order = oneSegment ? [] : CandidateSort.addressOrder(sorted, count: head)
    // Per segment: the words' ordinals there, increasing, and their weights.
    var segment = -1
    var core = segments[0].core
    var vectors: TermVectors? = nil
    // Lists of earlier searches, given back (emptied) when this one is done.
    var ordinals = TermScorerCache.take(&scratch.feedbackOrdinals)
    var wordWeights = TermScorerCache.take(&scratch.feedbackWeights)
    defer {
      TermScorerCache.keep(&ordinals, in: &scratch.feedbackOrdinals)
      TermScorerCache.keep(&wordWeights, in: &scratch.feedbackWeights)
    }
    ordinals.reserveCapacity(terms.count)
    wordWeights.reserveCapacity(terms.count)
    // The feedback documents' decoded vectors serve their own counts.
    let decodedSegment = decoded?.segment ?? -1
    let decodedDocuments = decoded?.documents ?? 0
    sorted.withUnsafeMutableBufferPointer { sorted in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(terms.count, 1)) { counts in
        counts.initialize(repeating: 0)
        for step in 0..<head {
          let i = oneSegment ? step : order[step]
          let address = sorted[i].address
          if address.segment != segment {
            segment = address.segment
            core = segments[segment].core
            Self.ordinals(
              terms, bytes: termBytes, segment: segment, core: core, ordinals: &ordinals, weights: &wordWeights)
            vectors = core.termVectors
          }
          guard let vectors, !ordinals.isEmpty else { continue }
          let factor = factors[Int(core.normByte(Int(address.doc), .body))]
          ordinals.withUnsafeBufferPointer { o in
            if i < decodedDocuments, decodedSegment == segment, let decoded, decoded.hasVector(i) {
              decoded.counts(i, of: o, into: counts.baseAddress!)
            } else {
              vectors.counts(address.doc, of: o, into: counts.baseAddress!)
            }
          }
          // The words in ordinal order, as they come in the vector.
          var bonus: Float = 0
          wordWeights.withUnsafeBufferPointer { w in
            for j in 0..<w.count where counts[j] > 0 {
              bonus += TermScorer.saturate(Float(counts[j]) * factor, weight: w[j], k1: k1, lowerBound: 0)
            }
          }
          sorted[i].score += bonus
        }
      }
    }
    CandidateSort.bestFirst(&sorted)
  }

  /// The feedback words' ordinals in one segment, increasing, with their weights (same order).
  /// - Parameters:
  ///   - terms: the chosen words.
  ///   - bytes: their bytes (same order), when there are several segments.
  ///   - segment: the segment's index.
  ///   - core: the segment.
  ///   - ordinals: receives the ordinals (emptied first; its capacity is kept).
  ///   - weights: receives the words' weights.
  private static func ordinals(
    _ terms: [Term], bytes: [[UInt8]], segment: Int, core: SegmentCore, ordinals: inout [UInt32],
    weights: inout [Float]
  ) {
    ordinals.removeAll(keepingCapacity: true)
    weights.removeAll(keepingCapacity: true)
    guard core.termVectors != nil else { return }
    for (k, t) in terms.enumerated() {
      var ordinal = t.ordinal
      if t.segment != segment {
        // A word from another segment: there are several, so its bytes were kept.
        guard let entry = bytes[k].withUnsafeBufferPointer({ core.termEntry(.body, $0) }) else { continue }
        ordinal = UInt32(entry.ordinal)
      }
      // Insertion in ordinal order (a few words; a word has one ordinal per segment, so no two are equal).
      var k = ordinals.count
      ordinals.append(ordinal)
      weights.append(t.weight)
      while k > 0 && ordinals[k - 1] > ordinal {
        ordinals[k] = ordinals[k - 1]
        weights[k] = weights[k - 1]
        k -= 1
      }
      ordinals[k] = ordinal
      weights[k] = t.weight
    }
  }

  /// The feedback model: every word of the weighted feedback documents with `Σ weight_d · count_d / length_d`.
  /// Words are identified by (segment, ordinal); when the documents span several segments, the same word's
  /// entries are summed under the first segment it was found in.
  func feedbackModel(_ feedback: [Searcher.Candidate], weights: [Float]) -> [Word] {
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return [] }
    var model: [Word] = []
    var merged: [Word] = []
    var segments = Set<Int>()
    for (candidate, weight) in zip(feedback, weights) where weight > 0 {
      let address = candidate.address
      let core = reader.segments[address.segment].core
      guard let vectors = core.termVectors else { continue }
      let length = Float(max(1, reader.segments[address.segment].fieldLength(address.doc, .body)))
      let share = weight / sum / length
      let s = Int32(address.segment)
      segments.insert(address.segment)
      // Merge the document's vector (ordinals increasing) into the model's entries of its segment.
      merged.removeAll(keepingCapacity: true)
      var j = 0
      vectors.forEach(address.doc) { ordinal, count in
        while j < model.count && (model[j].segment < s || (model[j].segment == s && model[j].ordinal < ordinal)) {
          merged.append(model[j])
          j += 1
        }
        if j < model.count && model[j].segment == s && model[j].ordinal == ordinal {
          var w = model[j]
          w.weight += share * Float(count)
          w.documents += 1
          merged.append(w)
          j += 1
        } else {
          merged.append(Word(segment: s, ordinal: ordinal, weight: share * Float(count), documents: 1))
        }
      }
      merged.append(contentsOf: model[j...])
      swap(&model, &merged)
    }
    guard segments.count > 1 else { return model }
    // Several segments: the same word has a different ordinal in each, so sum by the word's bytes.
    var byTerm: [[UInt8]: Int] = [:]
    var out: [Word] = []
    for w in model {
      guard let (bytes, _) = reader.segments[Int(w.segment)].core.term(.body, ordinal: Int(w.ordinal)) else {
        continue
      }
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

  /// The feedback words: `selectWords(feedbackModel(feedback, weights: weights))`, computed without building the
  /// model when the feedback documents share one segment (the usual case): each word of their decoded vectors is
  /// found by hashing its ordinal, and the heaviest words are picked with ties broken by ordinal, which is the
  /// model's order.
  /// - Parameters:
  ///   - feedback: the feedback documents.
  ///   - weights: their weights.
  /// - Returns: the chosen words, heaviest first.
  func chosenWords(_ feedback: [Searcher.Candidate], weights: [Float]) -> [Word] {
    guard let decoded = DecodedVectors(feedback, weights: weights, reader: reader) else {
      return selectWords(feedbackModel(feedback, weights: weights))
    }
    defer { decoded.deallocate() }
    var chosen: [Word] = []
    chosenWords(feedback, weights: weights, decoded: decoded, into: &chosen)
    return chosen
  }

  /// ``chosenWords(_:weights:)`` from the feedback documents' decoded vectors (one segment): each word's entry is
  /// found by hashing its ordinal (weights summed in feedback-document order, as in the model), then the heaviest
  /// are picked with ties broken by ordinal.
  /// - Parameter chosen: receives the chosen words, heaviest first (appended to an empty list).
  private func chosenWords(
    _ feedback: [Searcher.Candidate], weights: [Float], decoded: DecodedVectors, into chosen: inout [Word]
  ) {
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return }
    let segment = reader.segments[decoded.segment]
    let s = Int32(decoded.segment)
    // Room for every entry at most half full; each slot holds its word's index in `words` plus 1 (0: empty).
    var capacity = 16
    while capacity < 2 * decoded.entryCount { capacity *= 2 }
    let shift = UInt32(32 - capacity.trailingZeroBitCount)
    let mask = capacity - 1
    let table = decoded.table
    table.initialize(repeating: 0, count: capacity)
    let words = decoded.words
    var wordCount = 0
    let ordinals = decoded.ordinals
    let counts = decoded.counts
    for i in 0..<decoded.documents where weights[i] > 0 {
      let length = Float(max(1, segment.fieldLength(feedback[i].address.doc, .body)))
      let share = weights[i] / sum / length
      for e in decoded.range(i) {
        let ordinal = ordinals[e]
        let add = share * Float(counts[e])
        var k = Int(truncatingIfNeeded: (ordinal &* 0x9E37_79B1) &>> shift)
        while true {
          let slot = Int(truncatingIfNeeded: table[k])
          if slot == 0 {
            table[k] = UInt32(truncatingIfNeeded: wordCount &+ 1)
            (words + wordCount).initialize(to: Word(segment: s, ordinal: ordinal, weight: add, documents: 1))
            wordCount &+= 1
            break
          }
          let w = words + (slot &- 1)
          if w.pointee.ordinal == ordinal {
            w.pointee.weight += add
            w.pointee.documents &+= 1
            break
          }
          k = (k &+ 1) & mask
        }
      }
    }
    // The heaviest, heaviest first. Most words are found once in one document and weigh that document's share:
    // the words heavier than every share are offered first, the others only when fewer than `limit` of those are
    // kept or the lightest kept one is no heavier than a share. The order of the offers does not change the
    // outcome (a total order), only how many kept words move.
    let limit = model.feedbackTerms
    guard limit > 0 else { return }
    let minimumDocuments = model.feedbackMinDocs
    var largestShare: Float = 0
    for i in 0..<decoded.documents where weights[i] > 0 {
      let length = Float(max(1, segment.fieldLength(feedback[i].address.doc, .body)))
      largestShare = max(largestShare, weights[i] / sum / length)
    }
    withUnsafeTemporaryAllocation(of: Word.self, capacity: limit) { best in
      var kept = 0
      func offer(_ w: Word) {
        guard Int(w.documents) >= minimumDocuments, w.weight > 0 else { return }
        if kept == limit && (w.weight < best[limit - 1].weight || !Self.heavier(w, best[limit - 1])) { return }
        var k = kept < limit ? kept : limit - 1
        while k > 0 && Self.heavier(w, best[k - 1]) {
          best[k] = best[k - 1]
          k -= 1
        }
        best[k] = w
        if kept < limit { kept += 1 }
      }
      for i in 0..<wordCount where words[i].weight > largestShare { offer(words[i]) }
      if kept < limit || !(best[limit - 1].weight > largestShare) {
        for i in 0..<wordCount where !(words[i].weight > largestShare) { offer(words[i]) }
      }
      chosen.append(contentsOf: best[0..<kept])
    }
  }

  /// Heavier, or as heavy and earlier in the dictionary (one segment's words: a total order).
  @inline(__always) private static func heavier(_ a: Word, _ b: Word) -> Bool {
    a.weight != b.weight ? a.weight > b.weight : a.ordinal < b.ordinal
  }

  /// The ``RankingModel/feedbackTerms`` heaviest words used by enough feedback documents, heaviest first (ties:
  /// first found; a word never displaces one it is not heavier than).
  func selectWords(_ words: [Word]) -> [Word] {
    let limit = model.feedbackTerms
    var best: [Word] = []
    best.reserveCapacity(limit + 1)
    for w in words where Int(w.documents) >= model.feedbackMinDocs && w.weight > 0 {
      if best.count == limit && !(w.weight > best[limit - 1].weight) { continue }
      var k = best.count
      while k > 0 && w.weight > best[k - 1].weight { k -= 1 }
      best.insert(w, at: k)
      if best.count > limit { best.removeLast() }
    }
    return best
  }
}
