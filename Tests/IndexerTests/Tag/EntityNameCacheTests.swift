import Foundation
import TestSupport
import Testing

@testable import Indexer

/// Canonical names are cached per surface across documents (`EntityNameCache`): a tagger whose caches are warm
/// from earlier documents must give exactly the spans of a fresh tagger.
@Suite("Entity name cache: warm caches give the spans of a fresh tagger")
struct EntityNameCacheTests {
  /// Texts in which the same surfaces appear as ORG and not, in all-caps sentences and not, with and without
  /// company suffixes and aliases.
  static let texts: [String] = [
    "HUAWEI TECHNOLOGIES CO. SAYS U.S. CURBS HURT CHINA SALES\n\nHuawei Technologies Co. said on Monday that U.S. "
      + "export curbs hurt its sales in China.",
    "Huawei Technologies Co. and the U.S. Commerce Department met in Washington. Huawei said the talks went well.",
    "WASHINGTON POST REPORTS TRUMP MEETS XI JINPING\n\nDonald Trump met Xi Jinping in Beijing. Trump said China "
      + "and the United States agreed. The Washington Post reported it first.",
    "The Fed raised rates. The US economy grew 3 pct in 1986, the Federal Reserve said on March 3, 1987.",
    "Apple Inc. sold iPhone units. Apple said the Apple iPhone sold well in Britain and the U.K.",
  ]

  @Test("each document tagged after all the others equals the same document tagged by a fresh tagger")
  func warmEqualsFresh() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let texts = EntityNameCacheTests.texts + ReutersSample.bodies(file: "reut2-001.sgm", limit: 150)
    let warm = EntityTagger(model: model)
    // Twice through: the second pass meets every surface in the cache.
    for _ in 0..<2 { for t in texts { _ = warm.tag(t) } }
    var spans = 0
    for t in texts {
      let fresh = EntityTagger(model: model).tag(t)
      #expect(warm.tag(t) == fresh)
      spans += fresh.count
    }
    #expect(spans > 20)
  }

  @Test("one surface in an all-caps sentence and in a normal sentence keeps both canonical forms")
  func keyHasCasing() throws {
    let tagger = EntityTagger(model: try NERModel(path: try #require(EntityTagger.bundledModelPath)))
    let text = "Shares of Gencorp rose.\n\nGENCORP SAYS PROFIT ROSE IN LONDON\n\nGencorp said profit rose in London."
    var casings = Set<Bool>()
    for _ in 0..<2 {
      for s in tagger.tag(text) where s.type.isName {
        casings.insert(s.text == s.text.uppercased())
        // All-caps words are title-cased only in all-caps sentences; other mentions keep their letters.
        let inCaps = s.text == s.text.uppercased()
        #expect(s.normalized == (inCaps ? s.text.prefix(1) + s.text.dropFirst().lowercased() : s.text))
      }
    }
    #expect(casings.count == 2, "names in both kinds of sentence")
    #expect(casings.count == 2, "names in both kinds of sentence")
    let fresh = EntityTagger(model: try NERModel(path: try #require(EntityTagger.bundledModelPath)))
    #expect(tagger.tag(text) == fresh.tag(text))
  }

  /// A full cache starts over between documents, never inside one: a document with more distinct names than the
  /// limit used to crash (ids handed out earlier in the document pointed past the emptied cache).
  @Test("a cache smaller than one document's names gives the spans of a fresh tagger")
  func limitSmallerThanADocument() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let tagger = EntityTagger(model: model)
    let fresh = EntityTagger(model: model)
    let cache = NERScoreCache(nameLimit: 2)
    let texts = [EntityNameCacheTests.texts.joined(separator: "\n\n")] + EntityNameCacheTests.texts
    for text in texts + texts {
      let spans = tagger.tag(text, cache: cache)
      #expect(spans.filter(\.type.isName).count > 2)
      #expect(spans == fresh.tag(text))
    }
  }
}

/// Canonical names of ASCII spans are built on bytes (`AsciiNameBuilder`); the `String` way is the reference.
@Suite("Entity name cache: names built on bytes equal the String way")
struct AsciiNameBuilderTests {
  static let texts: [String] = [
    "The U.S. and the United States of America met the U.K. and The Netherlands in New York City.",
    "HUAWEI TECHNOLOGIES CO. AND THE FED SAY U.S.A. AND HOLLAND AGREED IN N.Y.\n\nThe Fed agreed.",
    "Procter & Gamble Co. and Apple Inc. and Bank of America Corp. and General Motors Corporation sold iPhone, "
      + "Windows and Xbox units; The Chinese and Germans bought the TikTok app.",
    "Zürich-based ÉLAN AG and São Paulo's Petrobras S.A. met Kodak Inc. and \u{212A}odak Inc. in Zürich.",
    "THE PEOPLE'S REPUBLIC OF CHINA AND THE EUROPEAN UNION MET THE UNITED NATIONS IN HONG KONG SAR",
  ]

  @Test("tagging with names built on bytes gives the spans and names of the String way")
  func bytesEqualStrings() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let tagger = EntityTagger(model: model)
    var texts = AsciiNameBuilderTests.texts + EntityNameCacheTests.texts
    let reuters = ReutersSample.bodies(file: "reut2-002.sgm", limit: 300)
    texts += reuters
    let bytes = NERScoreCache()
    let strings = NERScoreCache(asciiNamesOnBytes: false)
    var spans = 0
    for t in texts {
      let a = tagger.tag(t, cache: bytes)
      #expect(a == tagger.tag(t, cache: strings), "\(t)")
      spans += a.count
    }
    // Without the shared corpus (a skip message was printed) only the hand-written texts are tagged.
    #expect(spans > (reuters.isEmpty ? 50 : 500))
    let fast = bytes.names
    let slow = strings.names
    #expect(fast.names.count == slow.names.count)
    for (x, y) in zip(fast.names, slow.names) {
      #expect(x.text == y.text && x.lower == y.lower && x.mask == y.mask && x.group == y.group)
      #expect(x.locSubtype == y.locSubtype && x.miscSubtype == y.miscSubtype, "\(x.text)")
    }
    #expect(fast.groupCount == slow.groupCount)
  }
}
