import Testing

@testable import Indexer

/// The term cache starts small and grows: entries, their terms and their string pairs survive every doubling and
/// the clear at full size, and a lookup always answers what the stemmer would.
@Suite struct TermCacheTests {
  private func slot(_ cache: TermCache, _ word: String, stem: Bool = true) -> Int {
    var word = word
    return word.withUTF8 { cache.slot(for: $0, stem: stem) }
  }

  @Test func entriesSurviveGrowthAndClearing() throws {
    let stemmer = try #require(Stemmer(algorithm: "english"))
    let reference = try #require(Stemmer(algorithm: "english"))
    let cache = TermCache(stemmer: stemmer)
    func expected(_ word: String) -> String {
      var word = word
      return word.withUTF8 { bytes in reference.stem(bytes) { String(decoding: $0, as: UTF8.self) } }
    }
    // Words longer than a key head (32 bytes) take the arena comparison path.
    func word(_ i: Int) -> String {
      i % 7 == 0 ? "internationalizations\(i)runningwordsareverylong" : "running\(i)s"
    }
    let early = (0..<50).map(word)
    // Strings made before growth must move with their slots.
    for w in early { _ = cache.strings(slot(cache, w)) }
    // Past the full-size table's entry limit, so the table doubles up to its largest size and is cleared.
    let total = TermCache.maxCapacity / 2 + 5_000
    for i in 0..<total {
      let w = word(i)
      let s = slot(cache, w)
      #expect(String(decoding: cache.exactBytes(s), as: UTF8.self) == w)
      if i % 997 == 0 {
        #expect(cache.term(s) == expected(w), "\(w)")
        let pair = cache.strings(s)
        #expect(pair.exact == w && pair.term == expected(w))
      }
    }
    // Every word is found again with the right bytes, whether it survived the clear or was re-inserted.
    for i in stride(from: 0, to: total, by: 131) {
      let w = word(i)
      let s = slot(cache, w)
      #expect(String(decoding: cache.exactBytes(s), as: UTF8.self) == w)
      #expect(String(decoding: cache.termBytes(s), as: UTF8.self) == expected(w))
    }
    for w in early {
      let pair = cache.strings(slot(cache, w))
      #expect(pair.exact == w && pair.term == expected(w))
    }
    // A CJK bigram is not stemmed.
    let s = slot(cache, "华为", stem: false)
    #expect(cache.term(s) == "华为")
  }

  @Test func stringPairsMoveWithTheirSlotsWhenTheTableGrows() throws {
    let cache = TermCache(stemmer: try #require(Stemmer(algorithm: "english")))
    var pairs: [(String, (exact: String, term: String))] = []
    for i in 0..<(TermCache.initialCapacity * 2) {
      let w = "word\(i)ing"
      let s = slot(cache, w)
      if i % 3 == 0 { pairs.append((w, cache.strings(s))) }
    }
    for (w, pair) in pairs {
      let again = cache.strings(slot(cache, w))
      #expect(again.exact == pair.exact && again.term == pair.term && again.exact == w)
    }
  }
}
