/// Per-token values the feature templates combine: hashes of the word, its lower-cased form, shapes, affixes,
/// flags, gazetteer marks, and document-level casing statistics.
package struct NERTokenInfo {
  /// Flag bits.
  package static let initialUpper: UInt8 = 1
  package static let allUpper: UInt8 = 2
  package static let hasDigit: UInt8 = 4
  package static let initialLower: UInt8 = 8
  package static let hasLetter: UInt8 = 16
  package static let hasHyphen: UInt8 = 32
  package static let hasPeriod: UInt8 = 64
  /// Set when the token could be (part of) a name by its spelling: it has an ASCII capital or a non-ASCII byte,
  /// or mixes digits and letters ("F-16", "mp3"). Tokens without it, between neighbours without it, are the
  /// obvious `O`s the fast scorer does not score in normally cased sentences.
  package static let mayBeName: UInt8 = 128

  package var word: [UInt64] = []
  package var lower: [UInt64] = []
  package var shape: [UInt64] = []
  package var short: [UInt64] = []
  /// 8 per token: prefixes 1-4 then suffixes 1-4 of the lower-cased form.
  package var affixes: [UInt64] = []
  package var flags: [UInt8] = []
  package var gaz: [UInt64] = []
  /// 1 when the token's sentence has letters but no lower-case letter.
  package var capsSentence: [UInt8] = []
  /// Document casing of the lower-cased word away from sentence starts and all-caps sentences: bits 1 title,
  /// 2 lower, 4 all-caps; 0 unseen.
  package var docCase: [UInt8] = []
  /// Word class (`fine << 16 | coarse`), or `unknownCluster`.
  package var cluster: [UInt32] = []
  package static let unknownCluster: UInt32 = 0xFFFF_FFFF
  /// Context aggregation: for capitalized tokens, the lower-case neighbours (tagged left/right) of the same word's
  /// other occurrences in the document; token `k`'s entries are `aggregate[aggregateStart[k]..<aggregateStart[k+1]]`.
  package var aggregate: [UInt64] = []
  package var aggregateStart: [Int32] = []

  /// Lower-cased, digit-normalized hash of `s..<e`.
  @inline(__always) package static func lowerHash(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var i = s
    while i < e {
      h = (h ^ UInt64(lowerByte(p, i))) &* 0x0000_0100_0000_01B3
      i += 1
    }
    return FeatureHash.mix(h)
  }

  /// The lower-cased, digit-normalized byte at `i` (ASCII and Latin-1 capitals).
  @inline(__always) static func lowerByte(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8 {
    let b = p[i]
    if b >= 0x41 && b <= 0x5A { return b | 0x20 }
    if b >= 0x30 && b <= 0x39 { return 0x30 }
    if b >= 0x80 && b <= 0x9E && i > 0 && p[i - 1] == 0xC3 { return b + 0x20 }
    return b
  }

  /// Computes the values for every token of a text.
  /// - Parameters:
  ///   - text: the tokenized text (one document).
  ///   - gazetteer: name lists to mark.
  ///   - clusters: word classes.
  package init(_ text: NERTokenizedText, gazetteer: Gazetteer, clusters: WordClusters.Table = [:]) {
    self.init(text, gazetteer: gazetteer) { clusters[$0] }
  }

  /// Computes the values for every token of a text with a model's gazetteer and word classes.
  /// - Parameters:
  ///   - text: the tokenized text (one document).
  ///   - model: the tagger model.
  ///   - values: values of words seen before (by this thread, any document), or nil.
  package init(_ text: NERTokenizedText, model: NERModel, values: NERTokenValueCache? = nil) {
    values?.use(model: model.identity)
    self.init(text, gazetteer: model.gazetteer, values: values) { model.clusterMap[$0] }
  }

  private init(
    _ text: NERTokenizedText, gazetteer: Gazetteer, values: NERTokenValueCache? = nil,
    cluster: (UInt64) -> UInt32?
  ) {
    let n = text.count
    // The per-token values are written straight into the arrays (no scratch columns copied afterwards: that
    // doubled the memory written per document).
    var word = [UInt64](repeating: 0, count: n)
    var lower = [UInt64](repeating: 0, count: n)
    var shape = [UInt64](repeating: 0, count: n)
    var short = [UInt64](repeating: 0, count: n)
    // Every path of `fill` writes all 8 affixes of every token, so the largest column is not zeroed first.
    var affixes = [UInt64](unsafeUninitializedCapacity: 8 * n) { _, count in count = 8 * n }
    var flags = [UInt8](repeating: 0, count: n)
    var clusters = [UInt32](repeating: 0, count: n)
    if n > 0 {
      word.withUnsafeMutableBufferPointer { w in
        lower.withUnsafeMutableBufferPointer { l in
          shape.withUnsafeMutableBufferPointer { sh in
            short.withUnsafeMutableBufferPointer { ss in
              affixes.withUnsafeMutableBufferPointer { a in
                flags.withUnsafeMutableBufferPointer { f in
                  clusters.withUnsafeMutableBufferPointer { c in
                    let columns = Columns(
                      word: w.baseAddress!, lower: l.baseAddress!, shape: sh.baseAddress!, short: ss.baseAddress!,
                      affixes: a.baseAddress!, flags: f.baseAddress!, cluster: c.baseAddress!)
                    NERTokenInfo.fill(columns, text, values: values, cluster: cluster)
                  }
                }
              }
            }
          }
        }
      }
    }
    self.word = word
    self.lower = lower
    self.shape = shape
    self.short = short
    self.affixes = affixes
    self.flags = flags
    // With a value cache, each token's word class came with its other values (no map lookup per word type).
    finish(text, gazetteer: gazetteer, classOf: cluster, tokenClusters: values == nil ? nil : clusters)
  }

  /// Computes (or, with a value cache, copies) the per-token values of every token of `text` into `columns`.
  private static func fill(
    _ columns: Columns, _ text: NERTokenizedText, values: NERTokenValueCache?, cluster: (UInt64) -> UInt32?
  ) {
    text.bytes.withUnsafeBufferPointer { whole in
      for k in 0..<text.count {
        if let alt = NERTokenInfo.asciiEquivalent(whole, Int(text.starts[k]), Int(text.ends[k])) {
          alt.withUnsafeBufferPointer { NERTokenInfo.computeToken($0, 0, $0.count, columns, k) }
          if values != nil { columns.cluster[k] = cluster(columns.lower[k]) ?? NERTokenInfo.unknownCluster }
        } else if let values {
          let s = Int(text.starts[k])
          let e = Int(text.ends[k])
          let w = FeatureHash.bytes(whole, s, e)
          if !values.load(w, columns, k) {
            NERTokenInfo.computeToken(whole, s, e, columns, k)
            columns.cluster[k] = cluster(columns.lower[k]) ?? NERTokenInfo.unknownCluster
            values.store(w, columns, k)
          }
        } else {
          NERTokenInfo.computeToken(whole, Int(text.starts[k]), Int(text.ends[k]), columns, k)
        }
      }
    }
  }

  /// Pointers to the per-token value arrays being filled.
  struct Columns {
    let word: UnsafeMutablePointer<UInt64>
    let lower: UnsafeMutablePointer<UInt64>
    let shape: UnsafeMutablePointer<UInt64>
    let short: UnsafeMutablePointer<UInt64>
    let affixes: UnsafeMutablePointer<UInt64>
    let flags: UnsafeMutablePointer<UInt8>
    /// Word class (filled only when tokenizing with a value cache).
    let cluster: UnsafeMutablePointer<UInt32>

  }

  /// ASCII stand-ins for typographic punctuation, so that features match the training data: curly quotes,
  /// dashes, ellipsis, and `’s`. Nil for every other token.
  @inline(__always) static func asciiEquivalent(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [UInt8]? {
    let len = e - s
    guard len == 3 || len == 4, p[s] == 0xE2, p[s + 1] == 0x80 else { return nil }
    let c = p[s + 2]
    if len == 4 { return c == 0x99 && p[s + 3] | 0x20 == UInt8(ascii: "s") ? [UInt8(ascii: "'"), p[s + 3]] : nil }
    switch c {
    case 0x9C, 0x9D: return [UInt8(ascii: "\"")]
    case 0x98, 0x99: return [UInt8(ascii: "'")]
    case 0x93: return [UInt8(ascii: "-")]
    case 0x94: return [UInt8(ascii: "-"), UInt8(ascii: "-")]
    case 0xA6: return [UInt8(ascii: "."), UInt8(ascii: "."), UInt8(ascii: ".")]
    default: return nil
    }
  }

  /// Computes the values of one token `s..<e` of `p` into row `k` of the columns.
  static func computeToken(
    _ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ out: Columns, _ k: Int
  ) {
    out.word[k] = FeatureHash.bytes(p, s, e)
    var lh: UInt64 = 0xCBF2_9CE4_8422_2325
    var sh: UInt64 = 0xCBF2_9CE4_8422_2325
    var ss: UInt64 = 0xCBF2_9CE4_8422_2325
    var last: UInt8 = 0
    var run = 0
    var f: UInt8 = 0
    var anyLower = false
    var chars = 0
    var prefix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @inline(__always) func setPrefix(_ q: Int, _ v: UInt64) {
      switch q {
      case 0: prefix.0 = v
      case 1: prefix.1 = v
      case 2: prefix.2 = v
      default: prefix.3 = v
      }
    }
    var i = s
    while i < e {
      let b = p[i]
      let lb = NERTokenInfo.lowerByte(p, i)
      lh = (lh ^ UInt64(lb)) &* 0x0000_0100_0000_01B3
      if b & 0xC0 == 0x80 {  // continuation byte
        i += 1
        if chars <= 4 && chars > 0 { setPrefix(chars - 1, lh) }
        continue
      }
      let c: UInt8
      if b >= 0x41 && b <= 0x5A {
        c = UInt8(ascii: "X")
        f |= NERTokenInfo.mayBeName
      } else if b >= 0x61 && b <= 0x7A {
        c = UInt8(ascii: "x")
        anyLower = true
      } else if b >= 0x30 && b <= 0x39 {
        c = UInt8(ascii: "d")
        f |= NERTokenInfo.hasDigit
      } else if b >= 0x80 {
        c = UInt8(ascii: "u")
        f |= NERTokenInfo.mayBeName
      } else {
        c = b
        if b == UInt8(ascii: "-") { f |= NERTokenInfo.hasHyphen }
        if b == UInt8(ascii: ".") { f |= NERTokenInfo.hasPeriod }
      }
      if chars == 0 {
        if c == UInt8(ascii: "X") { f |= NERTokenInfo.initialUpper }
        if c == UInt8(ascii: "x") { f |= NERTokenInfo.initialLower }
      }
      if c == UInt8(ascii: "X") || c == UInt8(ascii: "x") || c == UInt8(ascii: "u") { f |= NERTokenInfo.hasLetter }
      if c == last { run += 1 } else { run = 1 }
      if run <= 4 { sh = (sh ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
      if run == 1 { ss = (ss ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
      last = c
      chars += 1
      if chars <= 4 { setPrefix(chars - 1, lh) }
      i += 1
    }
    if f & NERTokenInfo.hasLetter != 0 && !anyLower {
      f |= NERTokenInfo.allUpper
    }
    if f & NERTokenInfo.hasLetter != 0 && f & NERTokenInfo.hasDigit != 0 { f |= NERTokenInfo.mayBeName }
    out.lower[k] = FeatureHash.mix(lh)
    out.shape[k] = FeatureHash.mix(sh)
    out.short[k] = FeatureHash.mix(ss)
    out.flags[k] = f
    let a = out.affixes + 8 * k
    a[0] = chars > 0 ? FeatureHash.mix(prefix.0 ^ 1) : 0
    a[1] = chars > 1 ? FeatureHash.mix(prefix.1 ^ 2) : 0
    a[2] = chars > 2 ? FeatureHash.mix(prefix.2 ^ 3) : 0
    a[3] = chars > 3 ? FeatureHash.mix(prefix.3 ^ 4) : 0
    // suffixes: hash the last 1...4 bytes (byte-level is fine for features)
    for q in 1...4 {
      if q <= e - s {
        var h: UInt64 = 0x8422_2325
        for j in (e - q)..<e { h = (h ^ UInt64(NERTokenInfo.lowerByte(p, j))) &* 0x0000_0100_0000_01B3 }
        a[3 + q] = FeatureHash.mix(h ^ UInt64(q << 8))
      } else {
        a[3 + q] = 0
      }
    }
  }

  /// Numbers the distinct lower-cased words of the document: returns each token's word number and the count.
  private func wordTypes() -> ([Int32], Int) {
    let n = lower.count
    var capacity = 16
    while capacity < 2 * n { capacity <<= 1 }
    let mask = capacity - 1
    var slotKey = [UInt64](repeating: 0, count: capacity)
    var slotType = [Int32](repeating: -1, count: capacity)
    var typeOf = [Int32](repeating: 0, count: n)
    var types: Int32 = 0
    for k in 0..<n {
      let h = lower[k]
      var s = Int(truncatingIfNeeded: h) & mask
      while slotType[s] >= 0 && slotKey[s] != h { s = (s + 1) & mask }
      if slotType[s] < 0 {
        slotType[s] = types
        slotKey[s] = h
        types += 1
      }
      typeOf[k] = slotType[s]
    }
    return (typeOf, Int(types))
  }

  private mutating func finish(
    _ text: NERTokenizedText, gazetteer: Gazetteer, classOf: (UInt64) -> UInt32?, tokenClusters: [UInt32]?
  ) {
    let n = text.count
    gaz = [UInt64](repeating: 0, count: n)
    capsSentence = [UInt8](repeating: 0, count: n)
    let (typeOf, types) = wordTypes()
    var seen = [UInt8](repeating: 0, count: types)
    for r in text.sentences {
      var letters = false
      var lowers = false
      for k in r where flags[k] & NERTokenInfo.hasLetter != 0 {
        letters = true
        if flags[k] & NERTokenInfo.allUpper == 0 { lowers = true }
      }
      if letters && !lowers {
        for k in r { capsSentence[k] = 1 }
      } else {
        for k in r where k > r.lowerBound && flags[k] & NERTokenInfo.hasLetter != 0 {
          let f = flags[k]
          let bit: UInt8 =
            f & NERTokenInfo.allUpper != 0
            ? 4 : (f & NERTokenInfo.initialUpper != 0 ? 1 : (f & NERTokenInfo.initialLower != 0 ? 2 : 0))
          if bit != 0 { seen[Int(typeOf[k])] |= bit }
        }
      }
      gazetteer.annotate(lower, r, &gaz)
    }
    docCase = typeOf.map { seen[Int($0)] }
    computeAggregates(text, typeOf, types)
    if let tokenClusters {
      cluster = tokenClusters
      return
    }
    var typeCluster = [UInt32](repeating: NERTokenInfo.unknownCluster, count: types)
    var known = [Bool](repeating: false, count: types)
    for k in 0..<n where !known[Int(typeOf[k])] {
      known[Int(typeOf[k])] = true
      typeCluster[Int(typeOf[k])] = classOf(lower[k]) ?? NERTokenInfo.unknownCluster
    }
    cluster = typeOf.map { typeCluster[Int($0)] }
  }

  /// Fills `aggregate` for capitalized words seen more than once.
  mutating func computeAggregates(_ text: NERTokenizedText, _ typeOf: [Int32], _ types: Int) {
    let n = text.count
    // Bit 1: the token starts its sentence; bit 2: it ends it (sentences cover every token, in order).
    var edge = [UInt8](repeating: 0, count: n)
    for r in text.sentences where !r.isEmpty {
      edge[r.lowerBound] |= 1
      edge[r.upperBound - 1] |= 2
    }
    // Capitalized occurrences of each word, in order: occurrences[first[t]..<first[t + 1]].
    var first = [Int32](repeating: 0, count: types + 1)
    for k in 0..<n where flags[k] & NERTokenInfo.initialUpper != 0 { first[Int(typeOf[k]) + 1] += 1 }
    for t in 0..<types { first[t + 1] += first[t] }
    var fill = first
    var occurrences = [Int32](repeating: 0, count: Int(first[types]))
    for k in 0..<n where flags[k] & NERTokenInfo.initialUpper != 0 {
      let t = Int(typeOf[k])
      occurrences[Int(fill[t])] = Int32(k)
      fill[t] += 1
    }
    aggregateStart.reserveCapacity(n + 1)
    aggregateStart.append(0)
    for k in 0..<n {
      let t = Int(typeOf[k])
      if flags[k] & NERTokenInfo.initialUpper != 0, first[t + 1] - first[t] > 1 {
        var added = 0
        for q in Int(first[t])..<Int(first[t + 1]) where Int(occurrences[q]) != k && added < 6 {
          let o = Int(occurrences[q])
          if edge[o] & 1 == 0 {
            aggregate.append(lower[o - 1] &* 3)
            added += 1
          }
          if edge[o] & 2 == 0 {
            aggregate.append(lower[o + 1] &* 5)
            added += 1
          }
        }
      }
      aggregateStart.append(Int32(aggregate.count))
    }
  }
}
