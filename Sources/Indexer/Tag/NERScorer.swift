/// The fast scorer of the tagger: sums the same feature weights as `NERFeatureTemplates` + `tagUncached`, but
/// takes the sums of word-local features and of small-domain feature groups from a `NERScoreCache`.
///
/// Feature groups (template ids of `NERFeatureTemplates`):
/// - per word type, position 0: 1, 2, 3, 10, 16-23, 50, 51, 58, and per (first, caps) variant 24, 25, 56, 57;
/// - per word type as a neighbour: -1: 4, 11, 52; +1: 6, 12, 53; -2: 5; +2: 7;
/// - memoized groups: neighbouring short shapes 13, 14, 15; document casing 29, 30; word-class pairs 54, 55;
///   previous tags and history 40, 41, 43, 44, 45;
/// - looked up per token: 8, 9 (word bigrams), 26, 27, 28 (gazetteer marks), 42 (previous tag + word), 60
///   (context aggregates).
struct NERScorer {
  typealias H = FeatureHash
  /// Tags per vector: 17 (the SIMD adds below are written for exactly that many).
  static let nt = 17
  /// Vector indices within a word-type entry.
  static let base = 0
  static let minus1 = 1
  static let plus1 = 2
  static let minus2 = 3
  static let plus2 = 4
  static let variant0 = 5

  /// Weight rows (`NERModel.weights`).
  let weights: UnsafePointer<Int16>
  /// Key and row per slot (`NERModel.slots`).
  let slots: UnsafePointer<UInt64>
  /// Bloom filter over the keys (`NERModel.filter`).
  let filter: UnsafePointer<UInt64>
  let slotMask: Int
  let cache: NERScoreCache

  /// Adds the weight row of feature `f` (if the model has it) to `s`.
  @inline(__always) func add(_ f: UInt64, _ s: UnsafeMutablePointer<Int32>) {
    let (word, probe) = NERModel.filterProbe(f)
    if filter[word] & probe != probe { return }
    var k = Int(truncatingIfNeeded: f) & slotMask
    while true {
      let key = slots[2 * k]
      if key == f {
        let w = weights + Int(truncatingIfNeeded: slots[2 * k + 1]) * NERScorer.nt
        // Lane by lane on loaded vectors: compiles to vector widening adds (the generic SIMD conversion is a call).
        let row = UnsafeRawPointer(w).loadUnaligned(as: SIMD16<Int16>.self)
        var sum = UnsafeRawPointer(s).loadUnaligned(as: SIMD16<Int32>.self)
        for t in 0..<16 { sum[t] &+= Int32(row[t]) }
        UnsafeMutableRawPointer(s).storeBytes(of: sum, as: SIMD16<Int32>.self)
        s[16] &+= Int32(w[16])
        return
      }
      if key == 0 { return }
      k = (k + 1) & slotMask
    }
  }

  /// `s += v` over the 17 tags (16 in one SIMD step, then the last).
  @inline(__always) static func addVector(_ v: UnsafePointer<Int32>, _ s: UnsafeMutablePointer<Int32>) {
    let sum =
      UnsafeRawPointer(s).loadUnaligned(as: SIMD16<Int32>.self)
      &+ UnsafeRawPointer(v).loadUnaligned(as: SIMD16<Int32>.self)
    UnsafeMutableRawPointer(s).storeBytes(of: sum, as: SIMD16<Int32>.self)
    s[16] &+= v[16]
  }

  /// `s = v` over the 17 tags.
  @inline(__always) static func copy(_ v: UnsafePointer<Int32>, _ s: UnsafeMutablePointer<Int32>) {
    UnsafeMutableRawPointer(s).storeBytes(
      of: UnsafeRawPointer(v).loadUnaligned(as: SIMD16<Int32>.self), as: SIMD16<Int32>.self)
    s[16] = v[16]
  }

  /// `s = 0` over the 17 tags (stores, not a `memset` call).
  @inline(__always) static func zero(_ s: UnsafeMutablePointer<Int32>) {
    UnsafeMutableRawPointer(s).storeBytes(of: SIMD16<Int32>(), as: SIMD16<Int32>.self)
    s[16] = 0
  }

  /// Fills the boundary vectors (sentence start/end seen as neighbours).
  func fillBoundary() {
    let b = cache.boundary
    let nt = NERScorer.nt
    for k in 0..<(4 * nt) { b[k] = 0 }
    let before = NERFeatureTemplates.beforeStart
    let after = NERFeatureTemplates.afterEnd
    add(H.feature(4, before), b)
    add(H.feature(11, before), b)
    add(H.feature(52, before >> 16), b)
    add(H.feature(6, after), b + nt)
    add(H.feature(12, after), b + nt)
    add(H.feature(53, after >> 16), b + nt)
    add(H.feature(5, before), b + 2 * nt)
    add(H.feature(7, after), b + 3 * nt)
  }

  /// The vectors of token `i`'s word type (each filled on first use): their base address and the type slot.
  @inline(__always) func entry(_ t: NERTokenInfo, _ i: Int) -> (UnsafeMutablePointer<Int32>, Int) {
    let w = t.word[i]
    let key = w == 0 ? 1 : w
    let slot = Int(truncatingIfNeeded: key) & cache.typeMask
    let v = cache.typeVectors + slot * NERScoreCache.vectorsPerType * NERScorer.nt
    if cache.typeKeys[slot] != key {
      cache.typeKeys[slot] = key
      cache.typeValid[slot] = 0
    }
    return (v, slot)
  }

  /// Bit of `typeValid` for neighbour vector `k` (`minus1`...`plus2`).
  @inline(__always) static func neighbourBit(_ k: Int) -> UInt16 { UInt16(1) << UInt16(4 + k) }

  /// Computes the position-0 base vector of token `i`'s word type.
  func fillBase(_ t: NERTokenInfo, _ i: Int, _ b: UnsafeMutablePointer<Int32>) {
    NERScorer.zero(b)
    let l = t.lower[i]
    let s = t.short[i]
    let c0 = UInt64(t.cluster[i])
    add(H.feature(1, 0), b)
    add(H.feature(2, t.word[i]), b)
    add(H.feature(3, l), b)
    add(H.feature(10, t.shape[i]), b)
    for q in 0..<8 {
      let a = t.affixes[8 * i + q]
      if a != 0 { add(H.feature(16 + UInt64(q), a), b) }
    }
    add(H.feature(50, c0 >> 16), b)
    add(H.feature(51, c0 & 0xFF), b)
    add(H.feature(58, (c0 >> 8) & 0xFF, s), b)
  }

  /// Neighbour vector `k` (`minus1`, `plus1`, `minus2`, `plus2`) of token `i`'s word type, filled on first use.
  @inline(__always) func neighbour(
    _ t: NERTokenInfo, _ i: Int, _ v: UnsafeMutablePointer<Int32>, _ slot: Int, _ k: Int
  ) -> UnsafeMutablePointer<Int32> {
    let out = v + k * NERScorer.nt
    let bit = NERScorer.neighbourBit(k)
    if cache.typeValid[slot] & bit == 0 {
      cache.typeValid[slot] |= bit
      fillNeighbour(t, i, out, k)
    }
    return out
  }

  /// Computes neighbour vector `k` of token `i`'s word type into `out`.
  func fillNeighbour(_ t: NERTokenInfo, _ i: Int, _ out: UnsafeMutablePointer<Int32>, _ k: Int) {
    NERScorer.zero(out)
    let l = t.lower[i]
    switch k {
    case NERScorer.minus1:
      add(H.feature(4, l), out)
      add(H.feature(11, t.shape[i]), out)
      add(H.feature(52, UInt64(t.cluster[i]) >> 16), out)
    case NERScorer.plus1:
      add(H.feature(6, l), out)
      add(H.feature(12, t.shape[i]), out)
      add(H.feature(53, UInt64(t.cluster[i]) >> 16), out)
    case NERScorer.minus2:
      add(H.feature(5, l), out)
    default:
      add(H.feature(7, l), out)
    }
  }

  /// The position-0 vector of token `i` for its (first, caps) variant.
  @inline(__always) func variant(
    _ t: NERTokenInfo, _ i: Int, _ v: UnsafeMutablePointer<Int32>, _ slot: Int, first: UInt64, caps: UInt64
  ) -> UnsafeMutablePointer<Int32> {
    let nt = NERScorer.nt
    let code = Int(first | caps << 1)
    let out = v + (NERScorer.variant0 + code) * nt
    let bit = UInt16(2) << UInt16(code)
    if cache.typeValid[slot] & bit == 0 {
      if cache.typeValid[slot] & 1 == 0 {
        fillBase(t, i, v)
        cache.typeValid[slot] |= 1
      }
      cache.typeValid[slot] |= bit
      NERScorer.copy(v, out)
      let s = t.short[i]
      let c0 = UInt64(t.cluster[i])
      let upper = UInt64(t.flags[i] & NERTokenInfo.initialUpper)
      add(H.feature(24, first, s, caps), out)
      if caps != 0 { add(H.feature(25, t.lower[i]), out) }
      add(H.feature(56, c0 >> 16, upper, caps), out)
      add(H.feature(57, (c0 >> 8) & 0xFF, first | caps << 1, upper), out)
    }
    return out
  }

  /// The memo slot for `key`, and whether it already holds the key's vector (else it is claimed and zeroed).
  @inline(__always) func memo(_ key: UInt64) -> (UnsafeMutablePointer<Int32>, Bool) {
    let slot = Int(truncatingIfNeeded: key) & cache.memoMask
    let v = cache.memoVectors + slot * NERScorer.nt
    if cache.memoKeys[slot] == key { return (v, true) }
    cache.memoKeys[slot] = key
    NERScorer.zero(v)
    return (v, false)
  }

  /// Sums the word-window vectors of sentence `r`: for each token its own (first, caps) variant vector and the
  /// vectors of its neighbours at -2...+2 (or of the sentence boundary). Each token's word type is looked up once
  /// and its neighbour vectors are added to the tokens they belong to, so a type's vectors are read together.
  /// - Parameters:
  ///   - t: the token values.
  ///   - r: the sentence.
  ///   - sums: 17 per token of `r`, overwritten.
  func addWindows(_ t: NERTokenInfo, _ r: Range<Int>, _ sums: UnsafeMutablePointer<Int32>) {
    let nt = NERScorer.nt
    let lo = r.lowerBound
    let hi = r.upperBound
    let b = cache.boundary
    for k in 0..<(r.count * nt) { sums[k] = 0 }
    for q in r {
      let own = sums + (q - lo) * nt
      let (v, slot) = entry(t, q)
      let first: UInt64 = q == lo ? 1 : 0
      let caps = UInt64(t.capsSentence[q])
      NERScorer.addVector(variant(t, q, v, slot, first: first, caps: caps), own)
      // This word as the neighbour of the tokens around it, or the boundary as this token's missing neighbour.
      if q - 1 >= lo {
        NERScorer.addVector(neighbour(t, q, v, slot, NERScorer.plus1), own - nt)
      } else {
        NERScorer.addVector(b, own)
      }
      if q - 2 >= lo {
        NERScorer.addVector(neighbour(t, q, v, slot, NERScorer.plus2), own - 2 * nt)
      } else {
        NERScorer.addVector(b + 2 * nt, own)
      }
      if q + 1 < hi {
        NERScorer.addVector(neighbour(t, q, v, slot, NERScorer.minus1), own + nt)
      } else {
        NERScorer.addVector(b + nt, own)
      }
      if q + 2 < hi {
        NERScorer.addVector(neighbour(t, q, v, slot, NERScorer.minus2), own + 2 * nt)
      } else {
        NERScorer.addVector(b + 3 * nt, own)
      }
    }
  }

  /// Writes token `i`'s word-window sum (what `addWindows` gives it) to `s`: its own (first, caps) variant vector
  /// and the neighbour vectors of the words at -2...+2 (or of the sentence boundary). Used for the few tokens of
  /// a normally cased sentence that are scored; integer sums, so equal to `addWindows`'s.
  func windowSum(_ t: NERTokenInfo, _ i: Int, _ r: Range<Int>, _ s: UnsafeMutablePointer<Int32>) {
    let nt = NERScorer.nt
    let lo = r.lowerBound
    let hi = r.upperBound
    let b = cache.boundary
    let (v, slot) = entry(t, i)
    let first: UInt64 = i == lo ? 1 : 0
    NERScorer.copy(variant(t, i, v, slot, first: first, caps: UInt64(t.capsSentence[i])), s)
    if i - 1 >= lo {
      let (u, us) = entry(t, i - 1)
      NERScorer.addVector(neighbour(t, i - 1, u, us, NERScorer.minus1), s)
    } else {
      NERScorer.addVector(b, s)
    }
    if i - 2 >= lo {
      let (u, us) = entry(t, i - 2)
      NERScorer.addVector(neighbour(t, i - 2, u, us, NERScorer.minus2), s)
    } else {
      NERScorer.addVector(b + 2 * nt, s)
    }
    if i + 1 < hi {
      let (u, us) = entry(t, i + 1)
      NERScorer.addVector(neighbour(t, i + 1, u, us, NERScorer.plus1), s)
    } else {
      NERScorer.addVector(b + nt, s)
    }
    if i + 2 < hi {
      let (u, us) = entry(t, i + 2)
      NERScorer.addVector(neighbour(t, i + 2, u, us, NERScorer.plus2), s)
    } else {
      NERScorer.addVector(b + 3 * nt, s)
    }
  }

  /// Adds the tag-independent features of token `i` in sentence `r` to `s`, which holds the token's word-window
  /// sum (`addWindows`).
  func addStatic(_ t: NERTokenInfo, _ i: Int, _ r: Range<Int>, _ s: UnsafeMutablePointer<Int32>) {
    let lo = r.lowerBound
    let hi = r.upperBound
    let before = NERFeatureTemplates.beforeStart
    let after = NERFeatureTemplates.afterEnd
    let first: UInt64 = i == lo ? 1 : 0
    let caps = UInt64(t.capsSentence[i])
    let l = t.lower[i]
    let sh = t.short[i]
    let lm1 = i - 1 >= lo ? t.lower[i - 1] : before
    let lp1 = i + 1 < hi ? t.lower[i + 1] : after
    add(H.feature(8, lm1, l), s)
    add(H.feature(9, l, lp1), s)
    // Neighbouring short shapes.
    let sm1 = i - 1 >= lo ? t.short[i - 1] : before
    let sp1 = i + 1 < hi ? t.short[i + 1] : after
    let (g1, known1) = memo(H.feature(1001, sm1, sh, sp1))
    if !known1 {
      add(H.feature(13, sm1, sh), g1)
      add(H.feature(14, sh, sp1), g1)
      add(H.feature(15, sm1, sh, sp1), g1)
    }
    NERScorer.addVector(g1, s)
    // Document casing.
    let upper = UInt64(t.flags[i] & NERTokenInfo.initialUpper)
    let docCase = UInt64(t.docCase[i])
    let fc = first | caps << 1
    let (g2, known2) = memo(H.feature(1002, docCase | fc << 8 | upper << 16, sh))
    if !known2 {
      add(H.feature(29, docCase, fc, sh), g2)
      add(H.feature(30, docCase, fc, upper), g2)
    }
    NERScorer.addVector(g2, s)
    // Word-class pairs.
    let c0 = UInt64(t.cluster[i]) & 0xFF
    let cm1 = (i - 1 >= lo ? UInt64(t.cluster[i - 1]) : before) & 0xFF
    let cp1 = (i + 1 < hi ? UInt64(t.cluster[i + 1]) : after) & 0xFF
    let (g3, known3) = memo(H.feature(1003, cm1, c0, cp1))
    if !known3 {
      add(H.feature(54, cm1, c0), g3)
      add(H.feature(55, c0, cp1), g3)
    }
    NERScorer.addVector(g3, s)
    // Gazetteer marks.
    var g = t.gaz[i]
    while g != 0 {
      let bit = UInt64(g.trailingZeroBitCount)
      add(H.feature(26, bit), s)
      add(H.feature(27, bit, upper, caps), s)
      g &= g - 1
    }
    if i - 1 >= lo { addCategories(1, t.gaz[i - 1], s) }
    if i + 1 < hi { addCategories(2, t.gaz[i + 1], s) }
    for a in Int(t.aggregateStart[i])..<Int(t.aggregateStart[i + 1]) { add(H.feature(60, t.aggregate[a]), s) }
  }

  @inline(__always) func addCategories(_ offset: UInt64, _ g: UInt64, _ s: UnsafeMutablePointer<Int32>) {
    var c: UInt64 = 0
    var m = g
    while m != 0 {
      if m & 0xF != 0 { add(H.feature(28, offset, c), s) }
      m >>= 4
      c += 1
    }
  }

  /// Adds the features that depend on the previous tags and the document history.
  @inline(__always) func addDynamic(
    _ t: NERTokenInfo, _ i: Int, _ p1: Int, _ p2: Int, _ history: Int, _ s: UnsafeMutablePointer<Int32>
  ) {
    let a = UInt64(p1)
    let sh = t.short[i]
    let (g, known) = memo(H.feature(1004, a | UInt64(p2) << 8 | UInt64(history) << 16, sh))
    if !known {
      add(H.feature(40, a), g)
      add(H.feature(41, a, UInt64(p2)), g)
      add(H.feature(43, a, sh), g)
      if history != 0 {
        let h = UInt64(history)
        add(H.feature(44, h), g)
        add(H.feature(45, h, sh), g)
      }
    }
    NERScorer.addVector(g, s)
    add(H.feature(42, a, t.lower[i]), s)
  }
}

extension NERModel {
  /// Tags one document: greedy left to right with document history, scoring with cached weight sums. Gives the
  /// same tags as `tagUncached`.
  /// - Parameters:
  ///   - text: the tokenized document.
  ///   - info: its token values.
  ///   - cache: scratch memory, used by one thread at a time (reset when it last served another model).
  /// - Returns: one tag id per token.
  package func tag(_ text: NERTokenizedText, _ info: NERTokenInfo, cache: NERScoreCache) -> [Int] {
    if weights.isEmpty { return tagUncached(text, info) }
    precondition(NERTagSet.count == NERScorer.nt, "NERScorer is written for 17 tags")
    let nt = NERScorer.nt
    var tags = [Int](repeating: 0, count: text.count)
    cache.resetHistory()
    if cache.modelIdentity != identity {
      cache.clear()
      cache.modelIdentity = identity
      cache.boundaryReady = false
    }
    tags.withUnsafeMutableBufferPointer { tags in
      weights.withUnsafeBufferPointer { w in
        slots.withUnsafeBufferPointer { sl in
          filter.withUnsafeBufferPointer { bloom in
            let scorer = NERScorer(
              weights: w.baseAddress!, slots: sl.baseAddress!, filter: bloom.baseAddress!, slotMask: slotMask,
              cache: cache)
            if !cache.boundaryReady {
              scorer.fillBoundary()
              cache.boundaryReady = true
            }
            let s = cache.scores
            let buffer = UnsafeBufferPointer(start: UnsafePointer(s), count: nt)
            for r in text.sentences {
              var p1 = 0
              var p2 = 0
              // In a normally cased sentence, obvious O's are skipped and the few scored tokens get their word-window
              // sums one at a time; otherwise the whole sentence's sums are made together (each word type read once).
              let normal = NERModel.isNormallyCased(info, r)
              if !normal {
                cache.reserveWindows(r.count)
                scorer.addWindows(info, r, cache.windowSums)
              }
              let windows = cache.windowSums
              for i in r {
                let lower = info.lower[i]
                if normal {
                  if p1 == 0 && NERModel.isObviouslyOutside(info, i, r) && cache.history(lower) == 0 {
                    cache.skippedTokens &+= 1
                    p2 = p1
                    continue
                  }
                  scorer.windowSum(info, i, r, s)
                } else {
                  NERScorer.copy(windows + (i - r.lowerBound) * nt, s)
                }
                cache.scoredTokens &+= 1
                scorer.addStatic(info, i, r, s)
                scorer.addDynamic(info, i, p1, p2, cache.history(lower), s)
                let best = NERModel.argmax(buffer, p1, last: i == r.upperBound - 1)
                tags[i] = best
                if let c = NERTagSet.entityClass(best) { cache.setHistory(lower, UInt8(c + 1)) }
                p2 = p1
                p1 = best
              }
            }
          }
        }
      }
    }
    NERModel.joinAdjacent(&tags, text.sentences)
    return tags
  }

  /// How far on each side of a token the obvious-`O` test looks for words that may be names.
  static let quietRadius = 1

  /// Whether sentence `r` is normally cased (some word starts with a capital, and it is not an all-caps
  /// headline): only there are words without capitals, between words without capitals, obviously outside names.
  @inline(__always) static func isNormallyCased(_ t: NERTokenInfo, _ r: Range<Int>) -> Bool {
    guard let lo = r.first, t.capsSentence[lo] == 0 else { return false }
    for k in r where t.flags[k] & NERTokenInfo.initialUpper != 0 { return true }
    return false
  }

  /// Whether token `i` and its neighbours within `quietRadius` in sentence `r` all lack the spelling of a name
  /// (`NERTokenInfo.mayBeName`). The scorer tags such a token `O` without scoring it when the previous tag is
  /// `O` and the word has no entity history in the document.
  @inline(__always) static func isObviouslyOutside(_ t: NERTokenInfo, _ i: Int, _ r: Range<Int>) -> Bool {
    let from = max(r.lowerBound, i - quietRadius)
    let to = min(r.upperBound, i + quietRadius + 1)
    for k in from..<to where t.flags[k] & NERTokenInfo.mayBeName != 0 { return false }
    return true
  }
}
