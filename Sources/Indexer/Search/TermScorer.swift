#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One query term over several fields of one segment, scored with BM25F.
///
/// The pseudo-frequency `tf' = Σ_f freq_f · factor_f[normByte_f]` reads each field's length factor from a
/// ``NormFactorTables`` row; the score is `boost · idf · (tf' · (k1 + 1) / (k1 + tf') + lowerBound)` (BM25+).
final class TermScorer: DocIterator {
  /// A field's postings with what scoring needs.
  struct FieldTerm {
    /// The term's dictionary entry in the field (it names the field).
    let info: TermInfo
    /// The field's length factors by norm byte (``NormFactorTables/factors(_:)``).
    let factors: UnsafePointer<Float>
  }

  /// One field, flattened for the scoring loop.
  private struct Slot {
    let iterator: Unmanaged<PostingsIterator>
    let norms: UnsafePointer<UInt8>?
    let factors: UnsafePointer<Float>

    /// Calls `body` on the iterator without reference counting (the scorer's `owned` keeps it alive).
    @inline(__always) func with<R>(_ body: (PostingsIterator) -> R) -> R { iterator._withUnsafeGuaranteedRef(body) }
  }

  // A scorer is made for one term and may then be reused for others (``reuse(segment:)``, ``add(_:)``,
  // ``finish(idf:k1:boost:lowerBound:)``, by ``TermScorerCache``): the state below changes only then, with no
  // access overlapping another, so none is checked at run time.
  /// The iterators made so far (the first `count` are in use; the rest wait for reuse). Only this scorer holds
  /// them.
  @exclusivity(unchecked) private var owned: [PostingsIterator] = []
  @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
  @exclusivity(unchecked) private var slotCapacity: Int
  @exclusivity(unchecked) private var count = 0
  @exclusivity(unchecked) private var core: SegmentCore
  @exclusivity(unchecked) private var maxDoc: UInt32
  @exclusivity(unchecked) private var idf: Float = 0
  @exclusivity(unchecked) private var k1: Float = 0
  @exclusivity(unchecked) private var boost: Float = 0
  @exclusivity(unchecked) private var weight: Float = 0
  @exclusivity(unchecked) private var lowerBound: Float = 0
  private var started = false
  private(set) var doc: UInt32 = 0
  /// An upper bound of any score this term gives in this segment (from each field's largest frequency and
  /// shortest length), never below the true maximum. Computed on first use: term-at-a-time scoring never asks,
  /// and a single-block term's maxima cost a decode of its block.
  var maxScore: Float {
    if let bound = computedMaxScore { return bound }
    let bound = Self.maxScore(slots: slots, count: count, weight: weight, k1: k1, lowerBound: lowerBound)
    computedMaxScore = bound
    return bound
  }
  private var computedMaxScore: Float? = nil

  /// - Parameters:
  ///   - fields: the term in each field where it occurs (at least one).
  ///   - segment: the segment.
  ///   - idf: the term's idf over the whole index.
  ///   - k1: saturation.
  ///   - boost: query-side weight (repeats of the word in the query, expansion discounts).
  ///   - lowerBound: BM25+ delta added to the saturated frequency of any matching document.
  convenience init(
    fields: [FieldTerm], segment: SegmentReader, idf: Float, k1: Float, boost: Float, lowerBound: Float = 0
  ) {
    self.init(segment: segment)
    for f in fields { add(f) }
    finish(idf: idf, k1: k1, boost: boost, lowerBound: lowerBound)
  }

  /// An empty scorer for a term of `segment`: ``add(_:)`` its fields, then ``finish(idf:k1:boost:lowerBound:)``.
  /// - Parameter segment: the segment.
  init(segment: SegmentReader) {
    core = segment.core
    maxDoc = UInt32(truncatingIfNeeded: segment.maxDoc)
    // Room for the text fields; malloc rather than `allocate` (posix_memalign on Linux, about twice the cost;
    // malloc's alignment suffices).
    slotCapacity = RankingModel.textFields.count
    slots = malloc(slotCapacity * MemoryLayout<Slot>.stride)!.bindMemory(to: Slot.self, capacity: slotCapacity)
  }

  /// Empties the scorer for another term of `segment` (its iterators are kept for reuse).
  /// - Parameter segment: the segment.
  func reuse(segment: SegmentReader) {
    core = segment.core
    maxDoc = UInt32(truncatingIfNeeded: segment.maxDoc)
    count = 0
    started = false
    doc = 0
    computedMaxScore = nil
  }

  /// Adds the term's postings in one more field (fields in the order their parts are summed).
  /// - Parameter field: the term's entry in the field and the field's length factors.
  func add(_ field: FieldTerm) {
    if count == slotCapacity {
      slotCapacity *= 2
      slots = realloc(slots, slotCapacity * MemoryLayout<Slot>.stride)!.bindMemory(
        to: Slot.self, capacity: slotCapacity)
    }
    let iterator: PostingsIterator
    if count < owned.count {
      iterator = owned[count]
      iterator.retarget(core: core, info: field.info)
    } else {
      iterator = PostingsIterator(core: core, info: field.info)
      owned.append(iterator)
    }
    (slots + count).initialize(
      to: Slot(iterator: .passUnretained(iterator), norms: core.norms(field.info.field), factors: field.factors))
    count += 1
  }

  /// How many fields were added.
  var fieldCount: Int { count }

  /// Sets the term's weights once its fields are added.
  /// - Parameters:
  ///   - idf: the term's idf over the whole index.
  ///   - k1: saturation.
  ///   - boost: query-side weight (repeats of the word in the query, expansion discounts).
  ///   - lowerBound: BM25+ delta added to the saturated frequency of any matching document.
  func finish(idf: Float, k1: Float, boost: Float, lowerBound: Float) {
    self.idf = idf
    self.k1 = k1
    self.boost = boost
    self.lowerBound = lowerBound
    weight = boost * idf
  }

  /// The bound behind ``maxScore``, from the fields' largest frequencies and shortest lengths.
  private static func maxScore(
    slots: UnsafeMutablePointer<Slot>, count: Int, weight: Float, k1: Float, lowerBound: Float
  ) -> Float {
    var bound: Float = 0
    for i in 0..<count {
      let slot = slots[i]
      let shortest = slot.norms == nil ? 0 : Int(slot.with { $0.minNorm })
      // Factors fall with the length when b >= 0 and rise when b < 0: the larger end bounds both.
      bound += Float(slot.with { $0.maxFreq }) * max(slot.factors[shortest], slot.factors[255])
    }
    let saturated = saturate(bound, weight: weight, k1: k1, lowerBound: lowerBound)
    let ceiling = weight * ((k1 + 1) + lowerBound)
    // A relative margin covers float rounding differences between the bound and the scores it bounds.
    return min(ceiling, saturated) * (1 + 1e-5)
  }

  deinit { free(slots) }

  var cost: Int {
    var total = 0
    for i in 0..<count { total += slots[i].with { $0.cost } }
    return total
  }

  @inline(__always) private func settle() -> UInt32 {
    var m = DocIterators.end
    for i in 0..<count {
      let d = slots[i].with { $0.doc }
      if d < m { m = d }
    }
    doc = m
    return m
  }

  func nextDoc() -> UInt32 {
    if !started {
      started = true
      for i in 0..<count { _ = slots[i].with { $0.nextDoc() } }
      return settle()
    }
    let current = doc
    if current == DocIterators.end { return current }
    if count == 1 {
      let d = slots[0].with { $0.nextDoc() }
      doc = d
      return d
    }
    for i in 0..<count {
      slots[i].with { p in
        if p.doc == current { _ = p.nextDoc() }
      }
    }
    return settle()
  }

  func advance(to target: UInt32) -> UInt32 {
    if !started {
      started = true
      for i in 0..<count { _ = slots[i].with { $0.advance(to: target) } }
      return settle()
    }
    if count == 1 {
      let d = slots[0].with { $0.advance(to: target) }
      doc = d
      return d
    }
    for i in 0..<count {
      slots[i].with { p in
        if p.doc < target { _ = p.advance(to: target) }
      }
    }
    return settle()
  }

  /// The combined pseudo-frequency of the current document.
  @inline(__always) func pseudoFrequency() -> Float {
    let d = doc
    var tf: Float = 0
    for i in 0..<count {
      let slot = slots[i]
      let freq = slot.with { p in p.doc == d ? p.freq : 0 }
      guard freq > 0 else { continue }
      let byte = slot.norms.map { d < maxDoc ? $0[Int(d)] : 0 } ?? 0
      tf += Float(freq) * slot.factors[Int(byte)]
    }
    return tf
  }

  func score() -> Float {
    Self.saturate(pseudoFrequency(), weight: weight, k1: k1, lowerBound: lowerBound)
  }

  func matchCount() -> Int { 1 }

  /// The score of a pseudo-frequency: `boost · idf · (tf · (k1 + 1) / (k1 + tf) + lowerBound)` (BM25F, BM25+ delta).
  /// Every path (document at a time, term at a time, bounds) computes it here, so equal inputs give equal floats.
  @inline(__always)
  static func saturate(_ tf: Float, weight: Float, k1: Float, lowerBound: Float) -> Float {
    weight * (tf * (k1 + 1) / (k1 + tf) + lowerBound)
  }

  /// Term-at-a-time scoring of one window of documents: adds this term's score to `scores[doc - base]` and sets
  /// `matched[doc - base]` for every document in `base..<limit` it matches. Per document the sums run in the same
  /// order as ``score()`` (fields in order), so the scores are the same floats.
  /// - Parameters:
  ///   - base: the window's first doc; the iterators must not have passed it.
  ///   - limit: the first doc after the window (at most `base + 65536`; documents from the segment's `maxDoc` on are
  ///     never visited).
  ///   - scores: the window's scores.
  ///   - matched: the window's match flags.
  ///   - tf: scratch of the window's size, all zero (left all zero).
  ///   - touched: scratch for `count × window size` offsets.
  func accumulate(
    base: UInt32, limit: UInt32, scores: UnsafeMutablePointer<Float>, matched: UnsafeMutablePointer<UInt8>,
    tf: UnsafeMutablePointer<Float>, touched: UnsafeMutablePointer<UInt16>
  ) {
    let weights = TermWindowLoops.Weights(weight: weight, k1: k1, lowerBound: lowerBound)
    let window = TermWindowLoops.Window(base: base, scores: scores, matched: matched, tf: tf)
    // Every document visited is below `limit`, hence below `maxDoc`: the norms are read without the range test
    // `score()` makes.
    let limit = min(limit, maxDoc)
    if count == 1 {
      let slot = slots[0]
      slot.with { p in
        p.forEachRun(below: limit) { docs, freqs, n in
          TermWindowLoops.scoreAlone(
            docs, freqs, n, norms: slot.norms, factors: slot.factors, weights: weights, window: window)
        }
      }
      return
    }
    // All fields but the last sum into `tf` (flag 2 marks a document touched). In the last field (the body, which
    // has most of the postings), a document no earlier field had is scored at once.
    var n = 0
    for k in 0..<(count - 1) {
      let slot = slots[k]
      slot.with { p in
        p.forEachRun(below: limit) { docs, freqs, runCount in
          n = TermWindowLoops.gather(
            docs, freqs, runCount, norms: slot.norms, factors: slot.factors, first: k == 0, window: window,
            touched: touched, n: n)
        }
      }
    }
    let last = slots[count - 1]
    // No earlier field matched in this window (titles are short): every document of the last field is new.
    let alone = n == 0
    last.with { p in
      p.forEachRun(below: limit) { docs, freqs, runCount in
        if alone {
          TermWindowLoops.scoreAlone(
            docs, freqs, runCount, norms: last.norms, factors: last.factors, weights: weights, window: window)
        } else {
          TermWindowLoops.scoreLast(
            docs, freqs, runCount, norms: last.norms, factors: last.factors, weights: weights, window: window)
        }
      }
    }
    if n > 0 { TermWindowLoops.finishTouched(touched, n, weights: weights, window: window) }
  }
}
