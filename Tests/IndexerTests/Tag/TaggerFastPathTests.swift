import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The tagger's shortcuts against their reference ways: the tokenizer's plain-word path, the gazetteer scan on raw
/// pointers, and name-cache keys compared without building them.
@Suite("Tagger fast paths give the reference results")
struct TaggerFastPathTests {
  /// Random text from pieces that exercise every split rule: plain words, marks, quotes, periods, commas between
  /// digits and letters, currency, possessives, non-ASCII letters and spaces, line breaks.
  static func randomText(_ rng: inout SeededRandom, pieces: Int) -> String {
    let parts = [
      "Reuters", "said", "U.S.", "Inc.", "Mr.", "co-op", "1,000.5", "3,5", "a,b", "$70", "US$3.5m", "HK$10", "€5",
      "£3", "¥1", "78%", "(", ")", "[x]", "\"q\"", "'s", "Trump's", "Trump’s", "“wake-up”", "‘a’", "—", "–", "…",
      "...", "e.g.", "J.", "x.", "ok:", "end.", "Zürich", "São", "ÉLAN", "naïve", "A", "-", "--", "1987", "F-16",
      "mp3", "'", "''", "'tis", "«a»", "x;y", "!", "?", "a!b", "\u{00A0}", "\u{2009}", "\u{3000}", "\n", "\n\n",
      "\n  ", "\t", " ", "BIG", "HEADLINE", "lower", "Title", "–x", "x—", "&", "R&D", "a/b", "#1", "@home", "x*y",
    ]
    var s = ""
    for _ in 0..<pieces {
      s += parts[rng.below(parts.count)]
      if rng.below(3) > 0 { s += rng.below(5) == 0 ? "\n" : " " }
    }
    return s
  }

  @Test("plain words skip splitChunk and give the same tokens and sentences")
  func plainWordsMatchTheReference() {
    var rng = SeededRandom(seed: 11)
    var texts = (0..<300).map { _ in TaggerFastPathTests.randomText(&rng, pieces: 1 + rng.below(120)) }
    texts += ReutersSample.bodies(file: "reut2-003.sgm", limit: 200)
    var plain = 0
    for text in texts {
      let bytes = Array(text.utf8)
      let fast = NERTokenizer.tokenize(bytes)
      let reference = NERTokenizer.tokenize(bytes, plainWords: false)
      #expect(fast.starts == reference.starts, "\(text)")
      #expect(fast.ends == reference.ends, "\(text)")
      #expect(fast.sentences == reference.sentences, "\(text)")
      plain += fast.count
    }
    #expect(plain > 10_000)
  }

  /// `Gazetteer.annotate` the plain way: every span of up to `maxLength` tokens looked up in `entries`.
  static func referenceMarks(_ g: Gazetteer, _ lower: [UInt64], _ range: Range<Int>) -> [UInt64] {
    var marks = [UInt64](repeating: 0, count: lower.count)
    for i in range {
      var h: UInt64 = 0
      for j in i..<min(range.upperBound, i + g.maxLength) {
        h = Gazetteer.extend(h, lower[j])
        guard let mask = g.entries[h] else { continue }
        for c in 0..<16 where mask & (1 << c) != 0 {
          if i == j {
            marks[i] |= 1 << (4 * c + 3)
          } else {
            marks[i] |= 1 << (4 * c)
            for k in (i + 1)..<j { marks[k] |= 1 << (4 * c + 1) }
            marks[j] |= 1 << (4 * c + 2)
          }
        }
      }
    }
    return marks
  }

  @Test("the gazetteer scan marks the spans a plain lookup of every span finds")
  func gazetteerMarksMatchTheReference() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let g = model.gazetteer
    var rng = SeededRandom(seed: 5)
    var texts = ReutersSample.bodies(file: "reut2-004.sgm", limit: 150)
    texts += [
      "Xi Jinping met officials of the People's Republic of China and the United States in New York City.",
      "HUAWEI TECHNOLOGIES CO. AND BANK OF ENGLAND IN LONDON",
    ]
    texts += (0..<100).map { _ in TaggerFastPathTests.randomText(&rng, pieces: 40) }
    var marked = 0
    for text in texts {
      let t = NERTokenizer.tokenize(Array(text.utf8))
      let info = NERTokenInfo(t, gazetteer: g)
      for r in t.sentences {
        var marks = [UInt64](repeating: 0, count: t.count)
        g.annotate(info.lower, r, &marks)
        let expected = TaggerFastPathTests.referenceMarks(g, info.lower, r)
        #expect(marks == expected, "\(text)")
        marked += marks.filter { $0 != 0 }.count
      }
    }
    #expect(marked > 200)
    // An empty range and a range at the end leave the marks alone.
    var marks = [UInt64](repeating: 7, count: 3)
    g.annotate([1, 2, 3], 3..<3, &marks)
    #expect(marks == [7, 7, 7])
  }

  @Test("gazetteer masks of plain phrases, hashed without the tokenizer, equal the tokenized lookup")
  func plainPhraseMasks() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let g = model.gazetteer
    var phrases = GazetteerLists.entries(GazetteerLists.countries) + GazetteerLists.entries(GazetteerLists.companies)
    phrases += GazetteerLists.entries(GazetteerLists.people) + GazetteerLists.entries(GazetteerLists.places)
    phrases += ["", " ", "  New   York ", "NEW YORK", "new york", "U.S.", "Procter & Gamble", "F-16", "Zürich"]
    var rng = SeededRandom(seed: 9)
    phrases += (0..<300).map { _ in TaggerFastPathTests.randomText(&rng, pieces: 1 + rng.below(4)) }
    var found = 0
    var plain = 0
    for phrase in phrases {
      let mask = g.mask(of: phrase)
      #expect(mask == g.mask(of: phrase, plainWords: false), "\(phrase)")
      if mask != 0 { found += 1 }
      if Gazetteer.plainPhraseHash(phrase) != nil { plain += 1 }
    }
    #expect(found > 300)
    #expect(plain > 300)
    #expect(Gazetteer.plainPhraseHash("U.S.") == nil && Gazetteer.plainPhraseHash("Zürich") == nil)
  }

  /// Context aggregates the plain way: for each capitalized token whose word has other capitalized occurrences,
  /// the lower-case neighbours (inside their sentences) of up to 6 of those occurrences.
  static func referenceAggregates(_ t: NERTokenizedText, _ info: NERTokenInfo) -> [[UInt64]] {
    var sentenceOf = [Range<Int>](repeating: 0..<0, count: t.count)
    for r in t.sentences { for k in r { sentenceOf[k] = r } }
    let capitalized = (0..<t.count).filter { info.flags[$0] & NERTokenInfo.initialUpper != 0 }
    return (0..<t.count).map { k in
      guard info.flags[k] & NERTokenInfo.initialUpper != 0 else { return [] }
      let same = capitalized.filter { info.lower[$0] == info.lower[k] }
      guard same.count > 1 else { return [] }
      var out: [UInt64] = []
      for o in same where o != k && out.count < 6 {
        if o - 1 >= sentenceOf[o].lowerBound { out.append(info.lower[o - 1] &* 3) }
        if o + 1 < sentenceOf[o].upperBound { out.append(info.lower[o + 1] &* 5) }
      }
      return out
    }
  }

  @Test("context aggregates equal the plain computation, at sentence starts and ends too")
  func aggregatesMatchTheReference() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    var texts = ReutersSample.bodies(file: "reut2-005.sgm", limit: 60)
    texts.append(
      "Acme rose. Shares of Acme fell. Acme\n\nACME SAYS ACME WINS\n\nThey bought Acme. Acme Acme Acme Acme Acme Acme "
        + "Acme Acme sold Acme. Beta")
    var nonEmpty = 0
    for text in texts {
      let t = NERTokenizer.tokenize(Array(text.utf8))
      let info = NERTokenInfo(t, gazetteer: model.gazetteer)
      let expected = TaggerFastPathTests.referenceAggregates(t, info)
      for k in 0..<t.count {
        let got = Array(info.aggregate[Int(info.aggregateStart[k])..<Int(info.aggregateStart[k + 1])])
        #expect(got == expected[k], "\(text) token \(k)")
        if !got.isEmpty { nonEmpty += 1 }
      }
    }
    // The hand-written text alone has 14 such tokens; Reuters articles (when present) add many.
    #expect(nonEmpty > (texts.count > 1 ? 100 : 10))
  }

  @Test("texts that are already collapsed come back as they are; all others as the Character version makes them")
  func collapsedSpaces() {
    var rng = SeededRandom(seed: 13)
    var texts = ["", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\r\nb", "a\u{0B}b", "ü b", "$ 70 billion"]
    texts += (0..<400).map { _ in TaggerFastPathTests.randomText(&rng, pieces: 1 + rng.below(6)) }
    var unchanged = 0
    for text in texts {
      let reference = EntityNormalizer.collapseSpacesByCharacter(text)
      #expect(EntityNormalizer.collapseSpaces(text) == reference, "\(text)")
      if EntityNormalizer.isCollapsed(text) {
        #expect(reference == text, "\(text)")
        unchanged += 1
      }
    }
    #expect(unchanged > 30)
    #expect(
      !EntityNormalizer.isCollapsed("a  b") && !EntityNormalizer.isCollapsed(" a")
        && !EntityNormalizer.isCollapsed("a "))
  }

  @Test("chunks of a sentence's range equal the chunks of its copied slice")
  func chunksInRange() {
    var rng = SeededRandom(seed: 3)
    for _ in 0..<500 {
      let tags = (0..<rng.below(40)).map { _ in rng.below(3) == 0 ? rng.below(NERTagSet.count) : 0 }
      let a = rng.below(tags.count + 1)
      let b = a + rng.below(tags.count - a + 1)
      let got = NERTagSet.chunks(tags, in: a..<b)
      let expected = NERTagSet.chunks(Array(tags[a..<b]))
      #expect(got.map { [$0.0, $0.1, $0.2] } == expected.map { [$0.0, $0.1, $0.2] }, "\(tags) \(a)..<\(b)")
    }
  }

  @Test("name ids: one id per surface, casing and ORG flag; token boundaries are part of the key")
  func nameCacheKeys() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let text = "Acme Corp met Acme Corp on Monday.\n\nACME CORP SAYS\n\nNew York and NewYork and New Yo rk."
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let info = NERTokenInfo(t, gazetteer: model.gazetteer)
    let cache = EntityNameCache()
    func span(_ words: [String], from: Int = 0, _ type: EntityType = .org) -> EntityNormalizer.TokenSpan {
      for s in from..<t.count where s + words.count <= t.count {
        if (0..<words.count).allSatisfy({ t.text(s + $0) == words[$0] }) {
          return EntityNormalizer.TokenSpan(start: s, end: s + words.count, type: type)
        }
      }
      Issue.record("no span \(words)")
      return EntityNormalizer.TokenSpan(start: 0, end: 1, type: type)
    }
    let first = span(["Acme", "Corp"])
    let second = span(["Acme", "Corp"], from: first.end)
    let a = cache.id(first, t, info, model.gazetteer)
    #expect(cache.id(second, t, info, model.gazetteer) == a)
    #expect(cache[a].text == "Acme")
    let asPerson = cache.id(span(["Acme", "Corp"], .person), t, info, model.gazetteer)
    #expect(asPerson != a)
    #expect(cache[asPerson].text == "Acme Corp")
    let caps = cache.id(span(["ACME", "CORP"]), t, info, model.gazetteer)
    #expect(caps != a && caps != asPerson)
    let newYork = cache.id(span(["New", "York"], .loc), t, info, model.gazetteer)
    let joined = cache.id(span(["NewYork"], .loc), t, info, model.gazetteer)
    let split = cache.id(span(["New", "Yo", "rk"], .loc), t, info, model.gazetteer)
    #expect(Set([newYork, joined, split]).count == 3)
    #expect(cache.id(span(["New", "York"], .loc), t, info, model.gazetteer) == newYork)
    #expect(cache.names.count == 6)
  }
}

extension SeededRandom {
  /// A random number in `0..<n`.
  fileprivate mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
