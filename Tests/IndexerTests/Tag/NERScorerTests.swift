import Foundation
import Indexer
import TestSupport
import Testing

/// The cached scorer (`NERModel.tag(_:_:cache:)`) must give exactly the tags of the reference scorer
/// (`tagUncached`), which hashes and looks up every feature of every token.
@Suite("Tagger scoring: cached weight sums give the reference tags")
struct NERScorerTests {
  static func model() throws -> NERModel {
    try NERModel(path: try #require(EntityTagger.bundledModelPath))
  }

  /// Tags `texts` both ways (one cache reused across all of them) and returns the number of tokens compared.
  static func compare(_ model: NERModel, _ texts: [[UInt8]], cache: NERScoreCache) -> Int {
    var tokens = 0
    for bytes in texts {
      let text = NERTokenizer.tokenize(bytes)
      let info = NERTokenInfo(text, gazetteer: model.gazetteer, clusters: model.clusters)
      let fast = model.tag(text, info, cache: cache)
      let reference = model.tagUncached(text, info)
      #expect(fast == reference, "tags differ on: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
      tokens += text.count
    }
    return tokens
  }

  @Test("seed article, headlines and mixed text: same tags as the reference scorer")
  func fixtures() throws {
    let model = try NERScorerTests.model()
    let article = Array(try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8).utf8)
    let texts: [[UInt8]] = [
      article,
      Array(article.prefix(2000)),
      Array("XI JINPING MEETS TRUMP IN BEIJING AS U.S. AND CHINA TALK TRADE".utf8),
      Array("Ren Zhengfei founded Huawei. Zhengfei said on Monday that Huawei would grow 7 percent.".utf8),
      Array("\u{201C}Tencent\u{2019}s shares rose,\u{201D} said Ma Huateng \u{2014} in Shenzhen.".utf8),
      Array("a".utf8),
      [],
    ]
    // A tiny cache forces collisions and evictions; a fresh cache and a reused one must agree too.
    let tokens = NERScorerTests.compare(model, texts, cache: NERScoreCache(typeSlots: 16, memoSlots: 16))
    _ = NERScorerTests.compare(model, texts, cache: NERScoreCache())
    #expect(tokens > 1000)
  }

  @Test("token values from the per-word cache equal freshly computed ones")
  func tokenValues() throws {
    let model = try NERScorerTests.model()
    let article = Array(try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8).utf8)
    let text = NERTokenizer.tokenize(article)
    let fresh = NERTokenInfo(text, model: model)
    for values in [NERTokenValueCache(slots: 16), NERTokenValueCache()] {
      for _ in 0..<2 {
        let cached = NERTokenInfo(text, model: model, values: values)
        #expect(cached.word == fresh.word && cached.lower == fresh.lower && cached.shape == fresh.shape)
        #expect(cached.short == fresh.short && cached.affixes == fresh.affixes && cached.flags == fresh.flags)
        #expect(cached.cluster == fresh.cluster && cached.gaz == fresh.gaz && cached.docCase == fresh.docCase)
      }
    }
  }

  @Test("a cache used with another model forgets the first model's sums")
  func modelSwitch() throws {
    let bundled = try NERScorerTests.model()
    let small = TaggerModelTests.train(seed: 5)
    let cache = NERScoreCache()
    let texts = [Array("Maria Lopez joined Globex in Oslo . Peter Novak left Initech for Paris .".utf8)]
    _ = NERScorerTests.compare(bundled, texts, cache: cache)
    _ = NERScorerTests.compare(small, texts, cache: cache)
    _ = NERScorerTests.compare(bundled, texts, cache: cache)
  }

  @Test("Reuters-21578 documents (first 300, when the corpus is present): same tags as the reference scorer")
  func reuters() throws {
    let texts = ReutersSample.bodies(file: "reut2-000.sgm", limit: 300).map { Array($0.utf8) }
    if texts.isEmpty { return }
    let model = try NERScorerTests.model()
    let tokens = NERScorerTests.compare(model, texts, cache: NERScoreCache(typeSlots: 1 << 10, memoSlots: 1 << 8))
    #expect(tokens > 10000)
  }
}

@Suite("Tagger shortcut: obvious O's tagged without scoring")
struct ObviousOutsideTests {
  /// Tags `texts` with and without the shortcut; returns (tokens, tokens whose tag differs, tokens skipped).
  static func differences(_ model: NERModel, _ texts: [[UInt8]]) -> (Int, Int, Int) {
    var tokens = 0
    var differing = 0
    let cache = NERScoreCache()
    for bytes in texts {
      let text = NERTokenizer.tokenize(bytes)
      let info = NERTokenInfo(text, gazetteer: model.gazetteer, clusters: model.clusters)
      let full = model.tagUncached(text, info, skipsObviousOutside: false)
      let fast = model.tag(text, info, cache: cache)
      tokens += text.count
      differing += zip(full, fast).filter { $0 != $1 }.count
    }
    return (tokens, differing, cache.skippedTokens)
  }

  @Test("headlines and lower-case text are scored in full; news sentences skip their plain words")
  func casing() throws {
    let model = try NERScorerTests.model()
    let cache = NERScoreCache()
    for text in ["XI JINPING MEETS TRUMP IN BEIJING AS TALKS RESUME", "ren zhengfei said huawei would grow"] {
      let tokens = NERTokenizer.tokenize(Array(text.utf8))
      _ = model.tag(tokens, NERTokenInfo(tokens, model: model), cache: cache)
    }
    #expect(cache.skippedTokens == 0)
    let news = NERTokenizer.tokenize(
      Array("Ren Zhengfei said on Monday that the company would grow in the south.".utf8))
    let tags = model.tag(news, NERTokenInfo(news, model: model), cache: cache)
    #expect(cache.skippedTokens >= 6)
    #expect(tags[0] != 0 && tags[1] != 0, "the name is still tagged: \(tags)")
  }

  @Test("the seed article and Reuters-21578 (first 300 documents, when present): almost every tag unchanged")
  func unchanged() throws {
    let model = try NERScorerTests.model()
    let article = Array(try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8).utf8)
    let texts = [article] + ReutersSample.bodies(file: "reut2-000.sgm", limit: 300).map { Array($0.utf8) }
    let (tokens, differing, skipped) = ObviousOutsideTests.differences(model, texts)
    print("obvious O's: \(skipped) of \(tokens) tokens not scored, \(differing) tags differ from full scoring")
    #expect(skipped * 3 > tokens)
    #expect(differing * 1000 <= tokens)
  }
}

@Suite("Entity normalization: byte-level space collapsing equals the Character version")
struct CollapseSpacesTests {
  @Test("ASCII, tabs, newlines, CR LF, combining marks, empty")
  func cases() {
    let cases = [
      "", " ", "a", "  a  b\tc\n\nd  ", "December  9,\n2024", "a\r\nb", "a \u{301}b", "\t$70\nbillion ",
      "7 per\tcent", "caf\u{E9}  au lait",
    ]
    for c in cases {
      #expect(EntityNormalizer.collapseSpaces(c) == EntityNormalizer.collapseSpacesByCharacter(c), "\(c)")
    }
  }
}
