/// Name lists matched against token sequences (case-insensitively) to produce features and subtypes.
///
/// Entries are stored as 64-bit hashes of their lower-cased token sequence with a bit mask of categories, so the
/// table is small and lives inside the model file.
package struct Gazetteer: Sendable {
  /// Categories (bit indices of the mask).
  package enum Category: Int, CaseIterable, Sendable {
    case country = 0
    case place, nationality, company, organization, person, firstName, exchange
    /// Entity strings of the training data, by CoNLL class.
    case trainedPerson, trainedOrg, trainedLoc, trainedMisc
  }

  /// Phrase hash -> category mask.
  package private(set) var entries: [UInt64: UInt16] = [:]
  /// Hashes of the proper prefixes of the entries of two or more tokens ("ren" for "Ren Zhengfei"): a phrase that is
  /// neither an entry nor one of these starts no longer entry, so `annotate` stops extending it.
  package private(set) var prefixes: Set<UInt64> = []
  /// Whether `prefixes` holds every proper prefix (false for a gazetteer read from a version-1 model file, which
  /// lacks them: `annotate` then probes every phrase up to `maxLength` tokens).
  package private(set) var prefixesComplete = true
  /// Bit of a mask in `table` (and of a mask stored in a model file) set on the hash of a proper prefix; never a
  /// category (those use bits 0...11).
  package static let prefixBit: UInt16 = 0x8000
  /// Longest phrase in tokens.
  package private(set) var maxLength = 1
  /// The same entries in a fast map, for `annotate`, with `prefixBit` on the prefixes.
  private var table = NERHashMap()
  /// A blocked Bloom filter over the entries (`filterBits` bits; each key sets two bits of one 64-bit word, see
  /// `filterProbe`): most probes of `annotate` stop here. 16 KB, so it stays in the core's first-level cache
  /// (the former 128 KB one-bit-per-key filter missed it on most probes); about 2% false positives for the
  /// bundled model's 9,000 entries.
  private var filter = [UInt64](repeating: 0, count: Gazetteer.filterBits / 64)
  static let filterBits = 1 << 17

  /// The filter word and the two-bit mask of a phrase hash.
  @inline(__always) static func filterProbe(_ h: UInt64) -> (Int, UInt64) {
    let word = Int(truncatingIfNeeded: h >> 40) & (Gazetteer.filterBits / 64 - 1)
    return (word, 1 << ((h >> 20) & 63) | 1 << ((h >> 26) & 63))
  }

  /// Records an entry in the fast map and the filter.
  private mutating func index(_ h: UInt64, _ mask: UInt16) {
    table[h] = (table[h] ?? 0) | UInt32(mask)
    let (word, bits) = Gazetteer.filterProbe(h)
    filter[word] |= bits
  }

  /// An empty gazetteer.
  package init() {}

  /// Adds a phrase under a category.
  /// - Parameters:
  ///   - phrase: the name as written ("Ren Zhengfei"); matched case-insensitively.
  ///   - category: its category.
  package mutating func add(_ phrase: String, _ category: Category) {
    let tokens = NERTokenizer.tokenize(Array(phrase.utf8))
    guard tokens.count > 0, tokens.count <= 8 else { return }
    var h: UInt64 = 0
    tokens.bytes.withUnsafeBufferPointer { p in
      for k in 0..<tokens.count {
        if k > 0 && prefixes.insert(h).inserted { index(h, Gazetteer.prefixBit) }
        h = Gazetteer.extend(h, NERTokenInfo.lowerHash(p, Int(tokens.starts[k]), Int(tokens.ends[k])))
      }
    }
    entries[h, default: 0] |= UInt16(1 << category.rawValue)
    index(h, UInt16(1 << category.rawValue))
    maxLength = max(maxLength, tokens.count)
  }

  /// Adds a raw entry (from a model file): its categories, and `prefixBit` when it is a proper prefix.
  package mutating func addRaw(_ hash: UInt64, _ mask: UInt16, length: Int) {
    let categories = mask & ~Gazetteer.prefixBit
    if categories != 0 { entries[hash, default: 0] |= categories }
    if mask & Gazetteer.prefixBit != 0 { prefixes.insert(hash) }
    index(hash, mask)
    maxLength = max(maxLength, length)
  }

  /// Records that the prefixes are unknown (a version-1 model file): `annotate` probes every phrase.
  package mutating func forgetPrefixes() {
    prefixesComplete = false
  }

  /// The masks to store in a model file, by hash: each entry's categories, with `prefixBit` on the prefixes.
  package var storedMasks: [UInt64: UInt16] {
    var out = entries
    for h in prefixes { out[h, default: 0] |= Gazetteer.prefixBit }
    return out
  }

  /// Extends a phrase hash by one token's lower-case hash.
  @inline(__always) package static func extend(_ h: UInt64, _ token: UInt64) -> UInt64 {
    FeatureHash.mix(h &* 0x9FB2_1C65_1E98_DF25 ^ token)
  }

  /// The built-in lists of `GazetteerLists`.
  package static func builtIn() -> Gazetteer {
    var g = Gazetteer()
    for e in GazetteerLists.entries(GazetteerLists.countries) { g.add(e, .country) }
    for e in GazetteerLists.entries(GazetteerLists.places) { g.add(e, .place) }
    for e in GazetteerLists.entries(GazetteerLists.nationalities) { g.add(e, .nationality) }
    for e in GazetteerLists.entries(GazetteerLists.companies) { g.add(e, .company) }
    for e in GazetteerLists.entries(GazetteerLists.organizations) { g.add(e, .organization) }
    for e in GazetteerLists.entries(GazetteerLists.people) {
      g.add(e, .person)
      if let last = e.split(separator: " ").last, e.contains(" ") { g.add(String(last), .person) }
    }
    for e in GazetteerLists.entries(GazetteerLists.firstNames) { g.add(e, .firstName) }
    return g
  }

  /// Adds the entity strings of training documents under the trained categories.
  /// - Parameter examples: documents with gold tags.
  package mutating func addTrainingEntities(_ examples: [NERTrainer.Example]) {
    let categories: [Category] = [.trainedPerson, .trainedOrg, .trainedLoc, .trainedMisc]
    for e in examples {
      for r in e.text.sentences {
        for (s, end, c) in NERTagSet.chunks(Array(e.gold[r])) {
          let a = Int(e.text.starts[r.lowerBound + s])
          let b = Int(e.text.ends[r.lowerBound + end - 1])
          add(String(decoding: e.text.bytes[a..<b], as: UTF8.self), categories[c])
        }
      }
    }
  }

  /// Marks every match: for each token a mask with bit `4 * category + position` (B=0, I=1, L=2, U=3).
  /// - Parameters:
  ///   - lower: lower-case hashes of the tokens.
  ///   - range: the sentence's token range.
  ///   - marks: per-token masks, updated.
  package func annotate(_ lower: [UInt64], _ range: Range<Int>, _ marks: inout [UInt64]) {
    if entries.isEmpty || range.isEmpty { return }
    precondition(range.upperBound <= lower.count && range.upperBound <= marks.count, "annotate: range out of bounds")
    let maxLength = self.maxLength
    let table = self.table
    let categories = UInt32(~Gazetteer.prefixBit)
    // With complete prefixes, a phrase that is neither an entry nor a prefix ends the scan from `i` (most do at
    // the first token); without, every phrase up to `maxLength` tokens is probed.
    let stopBit: UInt32 = prefixesComplete ? UInt32(Gazetteer.prefixBit) : 0
    // Raw pointers: this loop runs up to `maxLength` probes per token, so array bounds and exclusivity checks cost
    // as much as the probes themselves.
    filter.withUnsafeBufferPointer { bits in
      lower.withUnsafeBufferPointer { words in
        marks.withUnsafeMutableBufferPointer { out in
          let end = range.upperBound
          for i in range {
            var h: UInt64 = 0
            let limit = min(end, i + maxLength)
            var j = i
            while j < limit {
              h = Gazetteer.extend(h, words[j])
              let (word, probe) = Gazetteer.filterProbe(h)
              if bits[word] & probe == probe, let mask = table[h] {
                let m = mask & categories
                if m != 0 { Gazetteer.mark(out, i, j, UInt64(m)) }
                if stopBit != 0 && mask & stopBit == 0 { break }
              } else if stopBit != 0 {
                break
              }
              j += 1
            }
          }
        }
      }
    }
  }

  /// Marks one match of tokens `i...j` with the categories in `mask` (see `annotate`).
  @inline(__always) static func mark(_ out: UnsafeMutableBufferPointer<UInt64>, _ i: Int, _ j: Int, _ mask: UInt64) {
    var m = mask
    var c: UInt64 = 0
    while m != 0 {
      if m & 1 != 0 {
        if j == i {
          out[i] |= 1 << (4 * c + 3)
        } else {
          out[i] |= 1 << (4 * c)
          var k = i + 1
          while k < j {
            out[k] |= 1 << (4 * c + 1)
            k += 1
          }
          out[j] |= 1 << (4 * c + 2)
        }
      }
      m >>= 1
      c += 1
    }
  }

  /// The phrase hash of a phrase of plain words (ASCII letters, digits and hyphens) separated by spaces, without
  /// tokenizing it: the tokenizer returns each such word whole as one token (`NERTokenizer.tokenize`). Nil for
  /// any other phrase.
  static func plainPhraseHash(_ phrase: String) -> UInt64? {
    var phrase = phrase
    return phrase.withUTF8 { plainPhraseHash($0) }
  }

  /// `plainPhraseHash` of UTF-8 bytes.
  static func plainPhraseHash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64? {
    var h: UInt64 = 0
    var i = 0
    let n = p.count
    while i < n {
      if p[i] == 0x20 {
        i += 1
        continue
      }
      let start = i
      while i < n && p[i] != 0x20 {
        let b = p[i]
        let folded = b | 0x20
        guard (folded >= 0x61 && folded <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") else {
          return nil
        }
        i += 1
      }
      h = Gazetteer.extend(h, NERTokenInfo.lowerHash(p, start, i))
    }
    return h
  }

  /// `mask(of:)` of a phrase given as UTF-8 bytes.
  /// - Parameter phrase: the phrase's bytes.
  /// - Returns: the mask.
  func mask(ofBytes phrase: [UInt8]) -> UInt16 {
    if let h = phrase.withUnsafeBufferPointer({ Gazetteer.plainPhraseHash($0) }) { return entries(h) }
    return mask(ofTokens: phrase)
  }

  /// The category mask of an exact phrase (any case), or 0.
  /// - Parameters:
  ///   - phrase: the phrase.
  ///   - plainWords: false always tokenizes the phrase (the reference way; tests compare).
  /// - Returns: the mask.
  package func mask(of phrase: String, plainWords: Bool = true) -> UInt16 {
    if plainWords, let h = Gazetteer.plainPhraseHash(phrase) {
      return entries(h)
    }
    return mask(ofTokens: Array(phrase.utf8))
  }

  /// The category mask of a phrase, tokenized.
  private func mask(ofTokens phrase: [UInt8]) -> UInt16 {
    let tokens = NERTokenizer.tokenize(phrase)
    var h: UInt64 = 0
    tokens.bytes.withUnsafeBufferPointer { p in
      for k in 0..<tokens.count {
        h = Gazetteer.extend(h, NERTokenInfo.lowerHash(p, Int(tokens.starts[k]), Int(tokens.ends[k])))
      }
    }
    return entries(h)
  }

  /// The category mask of a phrase hash (without `prefixBit`), or 0.
  @inline(__always) func entries(_ h: UInt64) -> UInt16 {
    UInt16(truncatingIfNeeded: table[h] ?? 0) & ~Gazetteer.prefixBit
  }
}
