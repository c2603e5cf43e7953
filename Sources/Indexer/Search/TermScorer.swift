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
  struct FieldPostings {
    let field: IndexField
    let postings: PostingsIterator
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

  /// Keeps the iterators alive (the slots hold them unowned).
  private let owned: [PostingsIterator]
  private let slots: UnsafeMutablePointer<Slot>
  private let count: Int
  private let maxDoc: UInt32
  private let idf: Float
  private let k1: Float
  private let boost: Float
  private let weight: Float
  private let lowerBound: Float
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
  ///   - fields: the term's postings in each field where it occurs (at least one).
  ///   - segment: the segment (for field lengths).
  ///   - idf: the term's idf over the whole index.
  ///   - k1: saturation.
  ///   - boost: query-side weight (repeats of the word in the query, expansion discounts).
  ///   - lowerBound: BM25+ delta added to the saturated frequency of any matching document.
  init(fields: [FieldPostings], segment: SegmentReader, idf: Float, k1: Float, boost: Float, lowerBound: Float = 0) {
    owned = fields.map(\.postings)
    count = fields.count
    // malloc rather than `allocate` (posix_memalign on Linux, about twice the cost; malloc's alignment suffices).
    slots = malloc(max(1, fields.count) * MemoryLayout<Slot>.stride)!.bindMemory(
      to: Slot.self, capacity: max(1, fields.count))
    maxDoc = UInt32(truncatingIfNeeded: segment.maxDoc)
    self.idf = idf
    self.k1 = k1
    self.boost = boost
    self.lowerBound = lowerBound
    weight = boost * idf
    for (i, f) in fields.enumerated() {
      let norms = segment.core.norms(f.field)
      (slots + i).initialize(to: Slot(iterator: .passUnretained(f.postings), norms: norms, factors: f.factors))
    }
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

  var cost: Int { owned.reduce(0) { $0 + $1.cost } }

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
    let weight = self.weight
    let k1 = self.k1
    let lowerBound = self.lowerBound
    // Every document visited is below `limit`, hence below `maxDoc`: the norms are read without the range test
    // `score()` makes.
    let limit = min(limit, maxDoc)
    if count == 1 {
      Self.accumulateAlone(
        slots[0], base: base, limit: limit, weight: weight, k1: k1, lowerBound: lowerBound, scores: scores,
        matched: matched)
      return
    }
    // All fields but the last sum into `tf` (flag 2 marks a document touched). In the last field (the body, which
    // has most of the postings), a document no earlier field had is scored at once: its pseudo-frequency is that
    // field's part alone, the same float as 0 plus it.
    var n = 0
    for k in 0..<(count - 1) {
      let slot = slots[k]
      let factors = slot.factors
      let norms = slot.norms
      slot.with { p in
        p.forEach(below: limit) { d, freq in
          let i = Int(d &- base)
          if matched[i] & 2 == 0 {
            matched[i] |= 2
            touched[n] = UInt16(truncatingIfNeeded: i)
            n += 1
          }
          let byte = norms.map { $0[Int(d)] } ?? 0
          tf[i] += Float(freq) * factors[Int(byte)]
        }
      }
    }
    let last = slots[count - 1]
    if n == 0 {
      // No earlier field matched in this window (titles are short): every document of the last field is new.
      Self.accumulateAlone(
        last, base: base, limit: limit, weight: weight, k1: k1, lowerBound: lowerBound, scores: scores,
        matched: matched)
      return
    }
    let lastFactors = last.factors
    @inline(__always) func addLast(_ i: Int, _ t: Float) {
      if matched[i] & 2 == 0 {
        scores[i] += Self.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
        matched[i] = 1
      } else {
        tf[i] += t
      }
    }
    // The norms test outside the loop (a field without norms reads factor 0, as `score()` does).
    if let lastNorms = last.norms {
      last.with { p in
        p.forEach(below: limit) { d, freq in
          addLast(Int(d &- base), Float(freq) * lastFactors[Int(lastNorms[Int(d)])])
        }
      }
    } else {
      let factor = lastFactors[0]
      last.with { p in
        p.forEach(below: limit) { d, freq in addLast(Int(d &- base), Float(freq) * factor) }
      }
    }
    for j in 0..<n {
      let i = Int(touched[j])
      let t = tf[i]
      scores[i] += Self.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
      tf[i] = 0
      matched[i] = 1
    }
  }

  /// Adds the scores of one field's documents in `base..<limit` as the term's whole score (its pseudo-frequency
  /// that field's part alone) and flags them matched: a single-field term, or the last field when no earlier
  /// field matched in the window.
  @inline(__always)
  private static func accumulateAlone(
    _ slot: Slot, base: UInt32, limit: UInt32, weight: Float, k1: Float, lowerBound: Float,
    scores: UnsafeMutablePointer<Float>, matched: UnsafeMutablePointer<UInt8>
  ) {
    let factors = slot.factors
    // The norms test outside the loop (a field without norms reads factor 0, as `score()` does).
    if let norms = slot.norms {
      slot.with { p in
        p.forEach(below: limit) { d, freq in
          let i = Int(d &- base)
          let t = Float(freq) * factors[Int(norms[Int(d)])]
          scores[i] += Self.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
          matched[i] = 1
        }
      }
    } else {
      let factor = factors[0]
      slot.with { p in
        p.forEach(below: limit) { d, freq in
          let i = Int(d &- base)
          scores[i] += Self.saturate(Float(freq) * factor, weight: weight, k1: k1, lowerBound: lowerBound)
          matched[i] = 1
        }
      }
    }
  }
}
