/// The loops of term-at-a-time scoring (``TermScorer/accumulate(base:limit:scores:matched:tf:touched:)``), one run of
/// a field's postings at a time (``PostingsIterator/forEachRun(below:_:)``): each is a function of its own, so that
/// its loop keeps pointers and weights in registers.
///
/// Documents are window offsets `doc - base`; a field's part of a document's pseudo-frequency is
/// `freq · factors[norms[doc]]` (factor 0's entry for a field without norms, as ``TermScorer/score()`` reads).
enum TermWindowLoops {
  /// The scores and flags of one window.
  struct Window {
    /// The window's first doc number.
    let base: UInt32
    /// Scores by offset.
    let scores: UnsafeMutablePointer<Float>
    /// Match flags by offset: 1 matched, 2 (or-ed in) touched by an earlier field of the current term.
    let matched: UnsafeMutablePointer<UInt8>
    /// Pseudo-frequencies of the touched documents by offset (zero elsewhere).
    let tf: UnsafeMutablePointer<Float>
  }

  /// The BM25 weights of a term.
  struct Weights {
    /// `boost · idf`.
    let weight: Float
    /// Saturation.
    let k1: Float
    /// BM25+ delta.
    let lowerBound: Float
  }

  /// Adds each document's score as the term's whole score (its pseudo-frequency this field's part alone) and
  /// flags it matched: a single-field term, or the last field when no earlier field matched in the window.
  @inline(never)
  static func scoreAlone(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ count: Int, norms: UnsafePointer<UInt8>?,
    factors: UnsafePointer<Float>, weights: Weights, window: Window
  ) {
    // Without a BM25+ delta (the default) the loop adds the constant -0.0, which the compiler leaves out (x + -0.0
    // is x for every x). A saturated frequency is never -0.0 (frequencies and factors are positive), so the scores
    // are the floats adding +0.0 gives.
    if weights.lowerBound == 0 {
      scoreAlone(docs, freqs, count, norms, factors, weights.weight, weights.k1, -0.0, window)
    } else {
      scoreAlone(docs, freqs, count, norms, factors, weights.weight, weights.k1, weights.lowerBound, window)
    }
  }

  @inline(__always)
  private static func scoreAlone(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ count: Int, _ norms: UnsafePointer<UInt8>?,
    _ factors: UnsafePointer<Float>, _ weight: Float, _ k1: Float, _ lowerBound: Float, _ window: Window
  ) {
    let base = window.base
    let scores = window.scores
    let matched = window.matched
    if let norms {
      var j = 0
      while j &+ 4 <= count {
        let (d, t) = parts4(docs, freqs, j, norms, factors)
        let s = saturate4(t, weight, k1, lowerBound)
        @inline(__always) func add(_ d: UInt32, _ s: Float) {
          let i = Int(d &- base)
          scores[i] += s
          matched[i] = 1
        }
        add(d.0, s[0])
        add(d.1, s[1])
        add(d.2, s[2])
        add(d.3, s[3])
        j &+= 4
      }
      while j < count {
        let d = docs[j]
        let i = Int(d &- base)
        let t = Float(freqs[j]) * factors[Int(norms[Int(d)])]
        scores[i] += TermScorer.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
        matched[i] = 1
        j &+= 1
      }
    } else {
      let factor = factors[0]
      for j in 0..<count {
        let i = Int(docs[j] &- base)
        scores[i] += TermScorer.saturate(Float(freqs[j]) * factor, weight: weight, k1: k1, lowerBound: lowerBound)
        matched[i] = 1
      }
    }
  }

  /// Four postings from `j` on: their doc numbers and their parts of the pseudo-frequency, `freq · factor`, as
  /// the scalar loops compute them (a frequency converts to the same float from 32-bit signed as from unsigned
  /// below 2^31, which every frequency of an undamaged index is).
  @inline(__always)
  private static func parts4(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ j: Int, _ norms: UnsafePointer<UInt8>,
    _ factors: UnsafePointer<Float>
  ) -> ((UInt32, UInt32, UInt32, UInt32), SIMD4<Float>) {
    let d0 = docs[j]
    let d1 = docs[j &+ 1]
    let d2 = docs[j &+ 2]
    let d3 = docs[j &+ 3]
    let factor = SIMD4<Float>(
      factors[Int(norms[Int(d0)])], factors[Int(norms[Int(d1)])], factors[Int(norms[Int(d2)])],
      factors[Int(norms[Int(d3)])])
    let f = UnsafeRawPointer(freqs + j).loadUnaligned(as: SIMD4<Int32>.self)
    return ((d0, d1, d2, d3), SIMD4<Float>(f) * factor)
  }

  /// ``TermScorer/saturate(_:weight:k1:lowerBound:)`` of four pseudo-frequencies: lane by lane the same operations
  /// in the same order, so the same floats.
  @inline(__always)
  private static func saturate4(_ t: SIMD4<Float>, _ weight: Float, _ k1: Float, _ lowerBound: Float) -> SIMD4<
    Float
  > {
    SIMD4(repeating: weight)
      * (t * SIMD4(repeating: k1 + 1) / (SIMD4(repeating: k1) + t) + SIMD4(repeating: lowerBound))
  }

  /// The last field of a term some earlier field matched in the window: a document no earlier field touched is
  /// scored at once (its pseudo-frequency this field's part alone, the same float as 0 plus it); a touched one
  /// adds this field's part to its pseudo-frequency, saturated later by ``finishTouched(_:_:weights:window:)``.
  @inline(never)
  static func scoreLast(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ count: Int, norms: UnsafePointer<UInt8>?,
    factors: UnsafePointer<Float>, weights: Weights, window: Window
  ) {
    if weights.lowerBound == 0 {
      scoreLast(docs, freqs, count, norms, factors, weights.weight, weights.k1, -0.0, window)
    } else {
      scoreLast(docs, freqs, count, norms, factors, weights.weight, weights.k1, weights.lowerBound, window)
    }
  }

  @inline(__always)
  private static func scoreLast(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ count: Int, _ norms: UnsafePointer<UInt8>?,
    _ factors: UnsafePointer<Float>, _ weight: Float, _ k1: Float, _ lowerBound: Float, _ window: Window
  ) {
    let base = window.base
    let scores = window.scores
    let matched = window.matched
    let tf = window.tf
    @inline(__always) func add(_ i: Int, _ t: Float) {
      if matched[i] & 2 == 0 {
        scores[i] += TermScorer.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
        matched[i] = 1
      } else {
        tf[i] += t
      }
    }
    if let norms {
      var j = 0
      while j &+ 4 <= count {
        let (d, t) = parts4(docs, freqs, j, norms, factors)
        let s = saturate4(t, weight, k1, lowerBound)
        @inline(__always) func add(_ d: UInt32, _ s: Float, _ t: Float) {
          let i = Int(d &- base)
          if matched[i] & 2 == 0 {
            scores[i] += s
            matched[i] = 1
          } else {
            tf[i] += t
          }
        }
        add(d.0, s[0], t[0])
        add(d.1, s[1], t[1])
        add(d.2, s[2], t[2])
        add(d.3, s[3], t[3])
        j &+= 4
      }
      while j < count {
        let d = docs[j]
        add(Int(d &- base), Float(freqs[j]) * factors[Int(norms[Int(d)])])
        j &+= 1
      }
    } else {
      let factor = factors[0]
      for j in 0..<count { add(Int(docs[j] &- base), Float(freqs[j]) * factor) }
    }
  }

  /// A field before the last: adds each document's part to its pseudo-frequency and lists the documents touched
  /// for the first time (flag 2) in `touched` from `n` on.
  /// - Parameter first: whether this is the term's first field (no document touched yet: no test).
  /// - Returns: the new number of touched documents.
  @inline(never)
  static func gather(
    _ docs: UnsafePointer<UInt32>, _ freqs: UnsafePointer<UInt32>, _ count: Int, norms: UnsafePointer<UInt8>?,
    factors: UnsafePointer<Float>, first: Bool, window: Window, touched: UnsafeMutablePointer<UInt16>, n: Int
  ) -> Int {
    let base = window.base
    let matched = window.matched
    let tf = window.tf
    var n = n
    @inline(__always) func loop(tested: Bool, _ factor: (UInt32) -> Float) {
      for j in 0..<count {
        let d = docs[j]
        let i = Int(d &- base)
        if !tested || matched[i] & 2 == 0 {
          matched[i] |= 2
          touched[n] = UInt16(truncatingIfNeeded: i)
          n &+= 1
        }
        tf[i] += Float(freqs[j]) * factor(d)
      }
    }
    if let norms {
      if first {
        loop(tested: false) { factors[Int(norms[Int($0)])] }
      } else {
        loop(tested: true) { factors[Int(norms[Int($0)])] }
      }
    } else {
      let factor = factors[0]
      loop(tested: !first) { _ in factor }
    }
    return n
  }

  /// Saturates the pseudo-frequencies of the `n` touched documents into their scores, flags them matched and
  /// clears their pseudo-frequencies.
  @inline(never)
  static func finishTouched(
    _ touched: UnsafeMutablePointer<UInt16>, _ n: Int, weights: Weights, window: Window
  ) {
    let weight = weights.weight
    let k1 = weights.k1
    let scores = window.scores
    let matched = window.matched
    let tf = window.tf
    @inline(__always) func finish(_ lowerBound: Float) {
      for j in 0..<n {
        let i = Int(touched[j])
        let t = tf[i]
        scores[i] += TermScorer.saturate(t, weight: weight, k1: k1, lowerBound: lowerBound)
        tf[i] = 0
        matched[i] = 1
      }
    }
    if weights.lowerBound == 0 { finish(-0.0) } else { finish(weights.lowerBound) }
  }
}
