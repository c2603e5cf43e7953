/// The feature templates of the tagger: which combinations of token values become sparse features.
///
/// Static features depend only on the text; dynamic ones on the tags already chosen (previous two tags) and on
/// the document history (the last entity class given to the same word earlier in the document).
package enum NERFeatureTemplates {
  static let outside: UInt64 = 0x5BD1_E995_0000_0001
  static let beforeStart: UInt64 = 0x5BD1_E995_0000_0002
  static let afterEnd: UInt64 = 0x5BD1_E995_0000_0003

  /// Appends the static features of token `i` in sentence `r`.
  @inline(__always) package static func staticFeatures(
    _ t: NERTokenInfo, _ i: Int, _ r: Range<Int>, _ out: inout [UInt64]
  ) {
    typealias H = FeatureHash
    let lo = r.lowerBound
    let hi = r.upperBound
    let lm1 = i - 1 >= lo ? t.lower[i - 1] : beforeStart
    let lm2 = i - 2 >= lo ? t.lower[i - 2] : beforeStart
    let lp1 = i + 1 < hi ? t.lower[i + 1] : afterEnd
    let lp2 = i + 2 < hi ? t.lower[i + 2] : afterEnd
    let sm1 = i - 1 >= lo ? t.short[i - 1] : beforeStart
    let sp1 = i + 1 < hi ? t.short[i + 1] : afterEnd
    let shm1 = i - 1 >= lo ? t.shape[i - 1] : beforeStart
    let shp1 = i + 1 < hi ? t.shape[i + 1] : afterEnd
    let l = t.lower[i]
    let s = t.short[i]
    let caps = UInt64(t.capsSentence[i])
    let first: UInt64 = i == lo ? 1 : 0
    out.append(H.feature(1, 0))
    out.append(H.feature(2, t.word[i]))
    out.append(H.feature(3, l))
    out.append(H.feature(4, lm1))
    out.append(H.feature(5, lm2))
    out.append(H.feature(6, lp1))
    out.append(H.feature(7, lp2))
    out.append(H.feature(8, lm1, l))
    out.append(H.feature(9, l, lp1))
    out.append(H.feature(10, t.shape[i]))
    out.append(H.feature(11, shm1))
    out.append(H.feature(12, shp1))
    out.append(H.feature(13, sm1, s))
    out.append(H.feature(14, s, sp1))
    out.append(H.feature(15, sm1, s, sp1))
    for q in 0..<8 {
      let a = t.affixes[8 * i + q]
      if a != 0 { out.append(H.feature(16 + UInt64(q), a)) }
    }
    out.append(H.feature(24, first, s, caps))
    if caps != 0 { out.append(H.feature(25, l)) }
    var g = t.gaz[i]
    let upper = UInt64(t.flags[i] & NERTokenInfo.initialUpper)
    while g != 0 {
      let b = UInt64(g.trailingZeroBitCount)
      out.append(H.feature(26, b))
      out.append(H.feature(27, b, upper, caps))
      g &= g - 1
    }
    if i - 1 >= lo { appendCategories(28, 1, t.gaz[i - 1], &out) }
    if i + 1 < hi { appendCategories(28, 2, t.gaz[i + 1], &out) }
    out.append(H.feature(29, UInt64(t.docCase[i]), first | caps << 1, s))
    out.append(H.feature(30, UInt64(t.docCase[i]), first | caps << 1, upper))
    let c0 = UInt64(t.cluster[i])
    let cm1 = i - 1 >= lo ? UInt64(t.cluster[i - 1]) : beforeStart
    let cp1 = i + 1 < hi ? UInt64(t.cluster[i + 1]) : afterEnd
    out.append(H.feature(50, c0 >> 16))
    out.append(H.feature(51, c0 & 0xFF))
    let profile = (c0 >> 8) & 0xFF
    out.append(H.feature(57, profile, first | caps << 1, upper))
    out.append(H.feature(58, profile, s))
    out.append(H.feature(52, cm1 >> 16))
    out.append(H.feature(53, cp1 >> 16))
    out.append(H.feature(54, cm1 & 0xFF, c0 & 0xFF))
    out.append(H.feature(55, c0 & 0xFF, cp1 & 0xFF))
    out.append(H.feature(56, c0 >> 16, upper, caps))
    for a in Int(t.aggregateStart[i])..<Int(t.aggregateStart[i + 1]) { out.append(H.feature(60, t.aggregate[a])) }
  }

  @inline(__always) static func appendCategories(_ tmpl: UInt64, _ offset: UInt64, _ g: UInt64, _ out: inout [UInt64]) {
    var c = 0
    var m = g
    while m != 0 {
      if m & 0xF != 0 { out.append(FeatureHash.feature(tmpl, offset, UInt64(c))) }
      m >>= 4
      c += 1
    }
  }

  /// Appends the dynamic features of token `i`.
  /// - Parameters:
  ///   - p1: the previous tag (0 at sentence start).
  ///   - p2: the tag before that.
  ///   - history: 1 + the entity class last given to this word in the document, or 0.
  @inline(__always) package static func dynamicFeatures(
    _ t: NERTokenInfo, _ i: Int, _ p1: Int, _ p2: Int, _ history: Int, _ out: inout [UInt64]
  ) {
    typealias H = FeatureHash
    let a = UInt64(p1)
    out.append(H.feature(40, a))
    out.append(H.feature(41, a, UInt64(p2)))
    out.append(H.feature(42, a, t.lower[i]))
    out.append(H.feature(43, a, t.short[i]))
    if history != 0 {
      let h = UInt64(history)
      out.append(H.feature(44, h))
      out.append(H.feature(45, h, t.short[i]))
    }
  }
}
