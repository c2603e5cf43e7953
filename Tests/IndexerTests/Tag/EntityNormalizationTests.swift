import Indexer
import TestSupport
import Testing

@Suite("Entity normalization and document consistency")
struct EntityNormalizationTests {
  static let tagger: EntityTagger? = try? EntityTagger.load()

  @Test("a later surname takes the full name and type")
  func surname() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text = "U.S. President Donald Trump warned on Friday. Trump said the rules would change."
    let people = tagger.tag(text).filter { $0.type == .person }
    #expect(people.map(\.text) == ["Donald Trump", "Trump"])
    #expect(people.allSatisfy { $0.normalized == "Donald Trump" })
  }

  @Test("Chinese given name alone joins the full name")
  func givenName() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text = "Huawei founder Ren Zhengfei spoke in Shenzhen. Zhengfei said the company would survive."
    let spans = tagger.tag(text)
    let later = try #require(spans.first { $0.text == "Zhengfei" })
    #expect(later.type == .person)
    #expect(later.normalized == "Ren Zhengfei")
  }

  @Test("country aliases merge into one name")
  func countryAliases() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text =
      "The U.S. and China met in Geneva. Officials from the US, the USA and the United States attended, "
      + "and America agreed to talk again."
    let locs = tagger.tag(text).filter { ["U.S.", "US", "USA", "United States", "America"].contains($0.text) }
    #expect(locs.count == 5)
    #expect(locs.allSatisfy { $0.normalized == "United States" && $0.type == .loc && $0.subtype == "GPE" })
  }

  @Test("nationalities stay MISC; company forms are stripped")
  func miscAndCompanies() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text = "Chinese officials said Huawei Technologies Co. would expand. Huawei declined to comment."
    let spans = tagger.tag(text)
    let chinese = try #require(spans.first { $0.text == "Chinese" })
    #expect(chinese.type == .misc && chinese.normalized == "Chinese" && chinese.subtype == "NORP")
    let companies = spans.filter { $0.type == .org }
    #expect(companies.map(\.text) == ["Huawei Technologies Co.", "Huawei"])
    #expect(companies.allSatisfy { $0.normalized == "Huawei" })
  }

  @Test("a listed place before a common noun is LOC; before a capitalized word it is left to the model")
  func placeModifiers() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let article = try String(contentsOfFile: Fixtures.path("html/export-controls-news.html"), encoding: .utf8)
    let hangzhou = try #require(tagger.tag(article).first { $0.text == "Hangzhou" })
    #expect(hangzhou.type == .loc)
    let text = "A Delhi stockbroker said Pacific Western would merge. Pacific Western declined to comment."
    let spans = tagger.tag(text)
    #expect(spans.first { $0.text == "Delhi" }?.type == .loc)
    #expect(!spans.contains { $0.text == "Pacific" && $0.type == .loc })
  }

  @Test("model designations are MISC and plural acronyms are no names")
  func designationsAndPluralAcronyms() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    // Fixtures/feeds/tech-policy.rss, item tp-2025-001: the model alone says ORG for "H800" and MISC for "GPUs".
    let text =
      "Members of Congress asked the Commerce Department whether DeepSeek trained its models on Nvidia H800 "
      + "accelerators bought before the October 2023 rules.\nThe company says it used a cluster of about 2,048 GPUs."
    let spans = tagger.tag(text)
    let h800 = try #require(spans.first { $0.text == "H800" })
    #expect(h800.type == .misc)
    #expect(!spans.contains { $0.text == "GPUs" })
    #expect(spans.first { $0.text == "Commerce Department" }?.type == .org)
    #expect(spans.first { $0.text == "DeepSeek" }?.type == .org)
  }

  @Test("an acronym the document spells out in lower-case words is no name; one of capitalized words stands")
  func commonNounAcronyms() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    // The model alone tags both mentions of GNP as ORG.
    let text =
      "Japan's gross national product (GNP) grew 2.5 pct in the quarter, the agency said. Exports of liquefied "
      + "natural gas (LNG) rose, and GNP is expected to grow again. The General Agreement on Tariffs and Trade "
      + "(GATT) met in Geneva."
    let spans = tagger.tag(text)
    #expect(!spans.contains { $0.text == "GNP" || $0.text == "LNG" })
    #expect(spans.first { $0.text == "GATT" }?.type == .org)
    #expect(spans.first { $0.text == "Japan" }?.type == .loc)
  }

  @Test("offsets are UTF-8 byte offsets of the surface text, spans ordered and disjoint")
  func offsets() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text = "“Café” owners in Zürich — said Angela Merkel — paid €5 million to Siemens in December 2024."
    let bytes = Array(text.utf8)
    let spans = tagger.tag(text)
    #expect(!spans.isEmpty)
    var last = 0
    for s in spans {
      #expect(String(decoding: bytes[s.start..<s.end], as: UTF8.self) == s.text)
      #expect(s.start >= last)
      last = s.end
    }
    #expect(spans.contains { $0.text == "Angela Merkel" && $0.type == .person })
    #expect(spans.contains { $0.text == "€5 million" && $0.type == .money })
  }

  @Test("all-caps headlines are tagged and names get title case")
  func allCaps() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let text = "DONALD TRUMP MEETS XI JINPING IN BEIJING AS HUAWEI SHARES RISE\nThe talks lasted two hours.\n"
    let spans = tagger.tag(text)
    func has(_ surface: String, _ type: EntityType, _ normalized: String) -> Bool {
      spans.contains { $0.text == surface && $0.type == type && $0.normalized == normalized }
    }
    #expect(has("DONALD TRUMP", .person, "Donald Trump"))
    #expect(has("XI JINPING", .person, "Xi Jinping"))
    #expect(has("BEIJING", .loc, "Beijing"))
    #expect(has("HUAWEI", .org, "Huawei"))
  }

  @Test("random text never crashes and spans stay inside the text")
  func randomInput() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    let pieces = [
      "U.S.", "$", "€", "5", "2024", "December", "mid-", "’s", "“", "”", " ", "\n", "\n\n", ".", ",", "Trump",
      "CHINA", "percent", "%", "\u{00A0}", "é", "—", "...", "'", "Inc.", "the", "past", "year", "Xi", "\t", "(", ")",
    ]
    var state: UInt64 = 42
    for _ in 0..<200 {
      var text = ""
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      for _ in 0..<Int(state >> 58) + 1 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += pieces[Int(state >> 33) % pieces.count]
      }
      let n = text.utf8.count
      for s in tagger.tag(text) { #expect(s.start >= 0 && s.start < s.end && s.end <= n) }
    }
  }

  @Test("empty and punctuation-only input")
  func degenerate() throws {
    let tagger = try #require(EntityNormalizationTests.tagger)
    #expect(tagger.tag("").isEmpty)
    #expect(tagger.tag("  \n\n ... !!! ,,, ").isEmpty)
    _ = tagger.tag(String(repeating: "A. ", count: 2000))  // long run of abbreviations: no crash
  }
}
