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

  /// One feedback word: where it was found first and its weight in the feedback model.
  struct Word {
    var segment: Int32
    var ordinal: UInt32
    var weight: Float
    var documents: Int32
  }

  /// A chosen feedback word: its bytes (empty in a one-segment index, where none are needed), the segment and
  /// ordinal it was found under, and its weight (boost times idf).
  private struct Term {
    var bytes: [UInt8]
    var segment: Int
    var ordinal: UInt32
    var weight: Float
  }

  /// Returns nil when feedback is off or the query is not made of plain words only.
  init?(reader: IndexReader, model: RankingModel, norms: NormFactorTables, compiler: QueryCompiler, query: Query) {
    guard model.feedbackVectors, model.feedbackDocs > 0, model.feedbackTerms > 0, model.feedbackWeight > 0,
      model.feedbackDepth > 0, let words = compiler.plainWordBoosts(query), !words.isEmpty,
      compiler.plainWordCount(query) >= model.feedbackMinWords
    else { return nil }
    self.reader = reader
    self.model = model
    self.norms = norms
    queryBoost = words.reduce(Float(0)) { $0 + $1.boost }
  }

  /// How many first-pass candidates the stage needs.
  var depth: Int { max(model.feedbackDepth, model.feedbackDocs) }

  /// Re-scores the best candidates.
  /// - Parameter top: the first pass's candidates (any order).
  /// - Returns: the candidates sorted best first, the re-scored head with the feedback bonus added.
  func rescore(_ top: [Searcher.Candidate]) -> [Searcher.Candidate] {
    var sorted = top
    CandidateSort.bestFirst(&sorted)
    let head = ResultReranker.stableHeadCount(sorted, depth: model.feedbackDepth)
    let feedback = Array(sorted.prefix(min(head, model.feedbackDocs)))
    guard queryBoost > 0, !feedback.isEmpty else { return sorted }
    let weights = PseudoRelevanceFeedback.documentWeights(
      feedback.map(\.score), temperature: model.feedbackTemperature)
    let words = chosenWords(feedback, weights: weights)
    let total = words.reduce(Float(0)) { $0 + $1.weight }
    guard total > 0 else { return sorted }
    // Each word's boost, its bytes (to find it in other segments) and its body idf over the index.
    var terms: [Term] = []
    terms.reserveCapacity(words.count)
    let segmentCount = reader.segments.count
    for w in words {
      let origin = Int(w.segment)
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
        Term(
          bytes: bytes, segment: origin, ordinal: w.ordinal,
          weight: model.feedbackWeight * queryBoost * w.weight / total * idf))
    }
    let factors = norms.factors(.body)
    let k1 = model.k1
    let segments = reader.segments
    let order = CandidateSort.addressOrder(sorted, count: head)
    // Per segment (candidates come in address order): the words' ordinals there, increasing, and their weights.
    var segment = -1
    var core = segments[0].core
    var vectors: TermVectors? = nil
    var ordinals: [UInt32] = []
    var wordWeights: [Float] = []
    var counts = [UInt32](repeating: 0, count: terms.count)
    sorted.withUnsafeMutableBufferPointer { sorted in
      counts.withUnsafeMutableBufferPointer { counts in
        for i in order {
          let address = sorted[i].address
          if address.segment != segment {
            segment = address.segment
            core = segments[segment].core
            let wanted = Self.ordinals(terms, segment: segment, core: core)
            ordinals = wanted.map(\.ordinal)
            wordWeights = wanted.map(\.weight)
            vectors = core.termVectors
          }
          guard let vectors, !ordinals.isEmpty else { continue }
          let factor = factors[Int(core.normByte(Int(address.doc), .body))]
          ordinals.withUnsafeBufferPointer { o in vectors.counts(address.doc, of: o, into: counts.baseAddress!) }
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
    return sorted
  }

  /// The feedback words' ordinals in one segment, increasing, with their weights.
  private static func ordinals(_ terms: [Term], segment: Int, core: SegmentCore) -> [(
    ordinal: UInt32, weight: Float
  )] {
    guard core.termVectors != nil else { return [] }
    var out: [(ordinal: UInt32, weight: Float)] = []
    for t in terms {
      if t.segment == segment {
        out.append((t.ordinal, t.weight))
        continue
      }
      guard let entry = t.bytes.withUnsafeBufferPointer({ core.termEntry(.body, $0) }) else { continue }
      out.append((UInt32(entry.ordinal), t.weight))
    }
    out.sort { $0.ordinal < $1.ordinal }
    return out
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

  /// The feedback words: `selectWords(feedbackModel(feedback, weights: weights))`, computed without ordering the
  /// model when the feedback documents share one segment (the usual case): each word's entry is found by hashing
  /// its ordinal, and the heaviest words are picked with ties broken by ordinal, which is the model's order.
  /// - Parameters:
  ///   - feedback: the feedback documents.
  ///   - weights: their weights.
  /// - Returns: the chosen words, heaviest first.
  func chosenWords(_ feedback: [Searcher.Candidate], weights: [Float]) -> [Word] {
    guard let first = feedback.first, feedback.allSatisfy({ $0.address.segment == first.address.segment }),
      let vectors = reader.segments[first.address.segment].core.termVectors
    else { return selectWords(feedbackModel(feedback, weights: weights)) }
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return [] }
    let segment = reader.segments[first.address.segment]
    let s = Int32(first.address.segment)
    // Room for every entry the documents may hold (an entry takes at least two bytes) at most half full.
    var entries = 0
    for (candidate, weight) in zip(feedback, weights) where weight > 0 {
      entries += vectors.byteCount(candidate.address.doc) / 2
    }
    var capacity = 16
    while capacity < 2 * entries { capacity *= 2 }
    let shift = UInt32(32 - capacity.trailingZeroBitCount)
    // Each slot holds `(ordinal + 1) << 32 | index` of its word in `words` (kept in first-found order); 0: empty.
    // One zeroed block (a memset), not two arrays filled element by element.
    let table = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    table.initialize(repeating: 0, count: capacity)
    defer { table.deallocate() }
    var words: [Word] = []
    words.reserveCapacity(entries)
    let mask = capacity - 1
    for (candidate, weight) in zip(feedback, weights) where weight > 0 {
      let doc = candidate.address.doc
      let length = Float(max(1, segment.fieldLength(doc, .body)))
      let share = weight / sum / length
      vectors.forEach(doc) { ordinal, count in
        let key = ordinal &+ 1
        var i = Int((key &* 0x9E37_79B1) &>> shift)
        while true {
          let slot = table[i]
          if slot == 0 { break }
          if UInt32(truncatingIfNeeded: slot &>> 32) == key {
            let w = Int(UInt32(truncatingIfNeeded: slot))
            words[w].weight += share * Float(count)
            words[w].documents += 1
            return
          }
          i = (i + 1) & mask
        }
        table[i] = UInt64(key) << 32 | UInt64(words.count)
        words.append(Word(segment: s, ordinal: ordinal, weight: share * Float(count), documents: 1))
      }
    }
    return heaviest(words, heavier: Self.heavier)
  }

  /// Heavier, or as heavy and earlier in the dictionary (one segment's words).
  @inline(__always) private static func heavier(_ a: Word, _ b: Word) -> Bool {
    a.weight != b.weight ? a.weight > b.weight : a.ordinal < b.ordinal
  }

  /// The ``RankingModel/feedbackTerms`` heaviest words used by enough feedback documents (ties: first found).
  func selectWords(_ words: [Word]) -> [Word] {
    heaviest(words) { $0.weight > $1.weight }
  }

  /// The ``RankingModel/feedbackTerms`` words used by enough feedback documents that no other such word is
  /// `heavier` than, heaviest first (a word never displaces one it is not heavier than).
  @inline(__always)
  private func heaviest(_ words: [Word], heavier: (Word, Word) -> Bool) -> [Word] {
    let limit = model.feedbackTerms
    var best: [Word] = []
    best.reserveCapacity(limit + 1)
    for w in words where Int(w.documents) >= model.feedbackMinDocs && w.weight > 0 {
      if best.count == limit && !heavier(w, best[limit - 1]) { continue }
      var k = best.count
      while k > 0 && heavier(w, best[k - 1]) { k -= 1 }
      best.insert(w, at: k)
      if best.count > limit { best.removeLast() }
    }
    return best
  }
}
