import Foundation
import Indexer
import TestSupport
import Testing

/// The HTML fixtures: fields, charsets, boilerplate separation and source positions.
@Suite struct HTMLFixtureTests {
  private func extract(_ name: String) throws -> Document {
    let result = Extractor().extract(path: Fixtures.path("html/" + name))
    #expect(result.skipped == nil)
    return try #require(result.documents.first)
  }

  @Test func newsPageFieldsAndMetadata() throws {
    let doc = try extract("export-controls-news.html")
    #expect(doc.kind == .html)
    #expect(doc.id == Fixtures.path("html/export-controls-news.html"))
    #expect(doc.title == "U.S. tightens chip export rules as DeepSeek rattles markets | The Ledger Wire")
    #expect(doc.date == "2025-04-16T09:30:00+00:00")
    #expect(doc.lang == "en-US")
    #expect(doc.url == "https://ledgerwire.example/tech/2025/04/chip-export-rules")
    #expect(doc.author == "Mara Lindqvist")
    #expect(doc.description.hasPrefix("Washington widens export controls"))
    #expect(
      doc.headings.prefix(3) == [
        "U.S. tightens chip export rules as DeepSeek rattles markets", "Huawei fills the gap", "What comes next",
      ])
    #expect(doc.diagnostics.isEmpty, "\(doc.diagnostics)")
  }

  @Test func newsPageBodyIsTheArticleAndChromeIsBoilerplate() throws {
    let doc = try extract("export-controls-news.html")
    // The article, including its subheadings and entity-decoded punctuation.
    #expect(doc.body.hasPrefix("WASHINGTON \u{2014} The Commerce Department"))
    #expect(doc.body.contains("Huawei fills the gap"))
    #expect(doc.body.contains("\u{201C}Every new restriction is also a sales pitch for Huawei,\u{201D}"))
    #expect(doc.body.contains("compute still matters at scale."))
    // Chrome is not in the body but is kept as boilerplate.
    for chrome in [
      "We use cookies", "Opinion", "Semiconductors", "Share on Facebook", "Related stories",
      "BeiDou navigation reaches new users abroad", "Sign up", "All rights reserved", "Terms of use",
    ] {
      #expect(!doc.body.contains(chrome), "\(chrome) leaked into the body")
      #expect(doc.boilerplate.contains(chrome), "\(chrome) missing from the boilerplate")
    }
    // Invisible content is in neither.
    for hidden in [
      "trackingPixelToken", "dataLayer", "position: fixed", "invisiblepixeltext", "noscriptfallbacktext",
      "templatetext", "NewsArticle",
    ] {
      #expect(!doc.body.contains(hidden) && !doc.boilerplate.contains(hidden), "\(hidden) should be invisible")
    }
  }

  @Test func newsPageSourcePositionsMatchTheFile() throws {
    let doc = try extract("export-controls-news.html")
    let data = try #require(FileManager.default.contents(atPath: Fixtures.path("html/export-controls-news.html")))
    let file = [UInt8](data)
    for word in ["quintessential", "Hangzhou", "WASHINGTON", "Officials", "smuggling", "Industry"] {
      let expected = try #require(Self.lineAndColumn(of: Array(word.utf8), in: file), "\(word) not in the file")
      let offset = try #require(Self.offset(of: word, in: doc.body), "\(word) not in the body")
      let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
      #expect(pos.line == expected.line, "\(word): line \(pos.line), expected \(expected.line)")
      #expect(pos.column == expected.column, "\(word): column \(pos.column), expected \(expected.column)")
      #expect(pos.utf16Column == expected.column, "\(word): ASCII line so UTF-16 column equals byte column")
    }
  }

  @Test func gbkPageDecodes() throws {
    let doc = try extract("huawei-zh-gbk.html")
    #expect(doc.title == "华为回应美国出口管制新规")
    #expect(doc.body.contains("华为表示，公司将继续加大对昇腾系列处理器的投入"))
    #expect(doc.body.contains("出口管制"))
    #expect(doc.body.contains("深度求索（DeepSeek）"))
    #expect(!doc.body.contains("首页"))
    #expect(doc.boilerplate.contains("首页"))
    #expect(doc.lang == "zh-CN")
    #expect(doc.date == "2025-04-17")
    #expect(doc.description == "华为表示将继续推进昇腾芯片的研发。")
  }

  @Test func big5PageDecodes() throws {
    let doc = try extract("beidou-zh-big5.html")
    #expect(doc.title == "北斗衛星導航系統擴大海外應用")
    #expect(doc.body.contains("北斗衛星導航系統近年來在東南亞與中東地區"))
    #expect(doc.body.contains("華為"))
    #expect(doc.lang == "zh-TW")
    #expect(doc.date == "2024-12-09T08:00:00+08:00")
  }

  @Test func shiftJISPageDecodes() throws {
    let doc = try extract("tiktok-ja-sjis.html")
    #expect(doc.title == "米国でTikTok禁止法が施行へ")
    #expect(doc.body.contains("運営会社のバイトダンスは"))
    #expect(doc.body.contains("ティックトック"))
    #expect(!doc.body.contains("ホーム"))
    #expect(doc.lang == "ja")
    #expect(doc.date == "2025-01-19")
  }

  @Test func windows1252PageDeclaredAsLatin1Decodes() throws {
    let doc = try extract("cafe-meeting-windows-1252.html")
    // Declared iso-8859-1, read as windows-1252 (WHATWG): 0x93/0x94/0x92/0x96 are curly quotes and a dash.
    #expect(doc.title == "Rencontre au café : l\u{2019}Europe et les contrôles à l\u{2019}exportation")
    #expect(doc.body.contains("au café Le Procope"))
    #expect(doc.body.contains("\u{201C}contrôles à l\u{2019}exportation\u{201D}"))
    #expect(doc.body.contains("jusqu\u{2019}à midi \u{2013} preuve"))
    #expect(doc.body.contains("les États-Unis"))
    #expect(doc.author == "Élodie Marchand")
    #expect(doc.date == "2025-03-03")
    #expect(doc.lang == "fr")
  }

  @Test func malformedPageIsRecoveredWithDiagnostics() throws {
    let doc = try extract("malformed.html")
    #expect(doc.title == "Malformed page about BeiDou")
    #expect(doc.body.contains("First paragraph about BeiDou satellites"))
    #expect(doc.body.contains("boldand italic text crossing"))
    // Content after </html> is still walked.
    let all = doc.body + "\n" + doc.boilerplate
    #expect(all.contains("Content after the closing html tag about TikTok."))
    #expect(all.contains("cell one"))
    #expect(!doc.diagnostics.isEmpty)
    let stray = try #require(doc.diagnostics.first { $0.message.contains("Unexpected end tag : div") })
    #expect(stray.line == 7)
    #expect(stray.column > 0)
    #expect(stray.path == Fixtures.path("html/malformed.html"))
  }

  /// 1-based line and byte column of the first occurrence of a needle.
  static func lineAndColumn(of needle: [UInt8], in bytes: [UInt8]) -> (line: Int, column: Int)? {
    guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
    var line = 1
    var lineStart = 0
    for i in 0...(bytes.count - needle.count) {
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
        continue
      }
      if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return (line, i - lineStart + 1) }
    }
    return nil
  }

  /// The UTF-8 offset of the first occurrence of a word in a string.
  static func offset(of word: String, in text: String) -> Int? {
    let hay = Array(text.utf8)
    let needle = Array(word.utf8)
    guard hay.count >= needle.count else { return nil }
    for i in 0...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle { return i }
    return nil
  }
}
