import Indexer
import TestSupport
import Testing

@testable import Indexer

/// Word boundaries, invisible content, robustness on hostile shapes, charset choice and dates.
@Suite struct HTMLStructureTests {
  private func extract(_ html: String, mainContent: Bool = false) throws -> Document {
    try extract(Array(html.utf8), mainContent: mainContent)
  }

  private func extract(_ bytes: [UInt8], mainContent: Bool = false) throws -> Document {
    let result = Extractor(options: ExtractOptions(mainContent: mainContent)).extract(
      bytes: bytes, path: "/tmp/page.html", format: .html)
    #expect(result.skipped == nil)
    return try #require(result.documents.first)
  }

  @Test func inlineElementsJoinWordsAndBlocksSeparateThem() throws {
    let doc = try extract(
      "<html><body><p>foo<b>bar</b> baz<i>qux</i></p><div>one</div><div>two</div>left<br>right"
        + "<ul><li>a1</li><li>a2</li></ul><span>in</span><a href=x>line</a><td>x</td></body></html>")
    let words = doc.body.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    #expect(words.contains("foobar"))
    #expect(words.contains("bazqux"))
    #expect(words.contains("one") && words.contains("two"))
    #expect(words.contains("left") && words.contains("right"))
    #expect(words.contains("a1") && words.contains("a2"))
    #expect(words.contains("inline"))
  }

  @Test func scriptsStylesAndTemplatesAreSkipped() throws {
    let doc = try extract(
      "<html><head><style>p{color:red}</style><script>var leak=1;</script></head><body><p>visible</p>"
        + "<script>alert('x')</script><noscript>nojs</noscript><template><p>tpl</p></template>"
        + "<svg><text>svgtext</text></svg><iframe>frametext</iframe><p hidden>hiddenattr</p>"
        + "<div style=\"display: none\">displaynone</div><p>end</p></body></html>")
    #expect(doc.body.contains("visible"))
    #expect(doc.body.contains("end"))
    for leak in ["color", "leak", "alert", "nojs", "tpl", "svgtext", "frametext", "hiddenattr", "displaynone"] {
      #expect(!doc.body.contains(leak), "\(leak)")
      #expect(!doc.boilerplate.contains(leak), "\(leak)")
    }
  }

  @Test func nbspIsASeparator() throws {
    let doc = try extract("<p>Huawei&nbsp;Ascend</p>")
    #expect(doc.body == "Huawei\u{00A0}Ascend")
  }

  @Test func hundredThousandNestedDivsDoNotOverflowTheStack() throws {
    let depth = 100_000
    var html = "<html><body>"
    html += String(repeating: "<div>", count: depth)
    html += "deepword"
    html += String(repeating: "</div>", count: depth)
    html += "<p>after the nest</p></body></html>"
    for main in [false, true] {
      let doc = try extract(html, mainContent: main)
      let all = doc.body + " " + doc.boilerplate
      #expect(all.contains("deepword"))
      #expect(all.contains("after the nest"))
    }
  }

  @Test func tenMegabyteSingleLinePage() throws {
    var bytes = Array("<html><head><title>Long</title></head><body><p>".utf8)
    let sentence = Array("DeepSeek trained a model, and Huawei shipped chips. ".utf8)
    while bytes.count < 10_000_000 { bytes += sentence }
    bytes += Array("</p><div>tail marker</div></body></html>".utf8)
    let doc = try extract(bytes, mainContent: true)
    #expect(doc.title == "Long")
    #expect(doc.body.utf8.count > 9_000_000)
    #expect((doc.body + doc.boilerplate).contains("tail marker"))
    let pos = doc.sourceMap.position(ofBodyOffset: 0, in: doc.body)
    #expect(pos.line == 1)
    #expect(pos.column == "<html><head><title>Long</title></head><body><p>".utf8.count + 1)
  }

  @Test func undeclaredWindows1252FallsBack() throws {
    // "café" and curly quotes in windows-1252, no charset declared: not valid UTF-8, so windows-1252.
    let bytes =
      Array("<html><body><p>Meeting at the caf".utf8) + [0xE9, 0x20, 0x93] + Array("quoted".utf8)
      + [0x94] + Array("</p></body></html>".utf8)
    let doc = try extract(bytes)
    #expect(doc.body == "Meeting at the café \u{201C}quoted\u{201D}")
  }

  @Test func unassignedWindows1252BytesDoNotStopDecoding() throws {
    // 0x81 and 0x9D are unassigned in windows-1252 (iconv rejects them); browsers map them to C1 controls.
    let bytes = Array("<p>before ".utf8) + [0x81, 0x9D, 0x80] + Array(" after BeiDou</p>".utf8)
    let doc = try extract(bytes)
    #expect(doc.body == "before \u{81}\u{9D}\u{20AC} after BeiDou")
  }

  @Test func invalidGBKByteBecomesReplacementAndTheRestSurvives() throws {
    let head = Array("<html><head><meta charset=\"gbk\"></head><body><p>".utf8)
    let huawei: [UInt8] = [0xBB, 0xAA, 0xCE, 0xAA]  // 华为 in GBK
    let exportControls: [UInt8] = [0x20, 0xB3, 0xF6, 0xBF, 0xDA, 0xB9, 0xDC, 0xD6, 0xC6]  // " 出口管制"
    let bytes = head + huawei + [0xFF] + exportControls + Array(" after</p></body></html>".utf8)
    let doc = try extract(bytes)
    #expect(doc.body == "华为\u{FFFD} 出口管制 after")
    let diag = try #require(doc.diagnostics.first { $0.message.contains("not valid GBK") })
    #expect(diag.line == 1)
    #expect(diag.column == head.count + 5)
  }

  @Test func undeclaredUTF8IsReadAsUTF8() throws {
    let doc = try extract("<html><body><p>华为 and Zürich</p></body></html>")
    #expect(doc.body == "华为 and Zürich")
  }

  @Test func invalidUTF8InDeclaredUTF8PageBecomesReplacementWithDiagnostic() throws {
    let prefix = Array("<html><head><meta charset=\"utf-8\"></head><body><p>M".utf8)
    let bytes =
      prefix + [0xFC]
      + Array("nchen and 北斗</p></body></html>".utf8)
    let doc = try extract(bytes)
    #expect(doc.body == "M\u{FFFD}nchen and 北斗")
    let diag = try #require(doc.diagnostics.first { $0.message.contains("invalid UTF-8") })
    #expect(diag.line == 1)
    #expect(diag.column == prefix.count + 1)
  }

  @Test func byteOrderMarkWins() throws {
    let bytes: [UInt8] =
      [0xEF, 0xBB, 0xBF] + Array("<html><head><meta charset=\"gb2312\"></head><body><p>北斗</p></body></html>".utf8)
    let doc = try extract(bytes)
    #expect(doc.body == "北斗")
  }

  @Test func charsetLabelsMapTheWHATWGWay() {
    func decide(_ html: String) -> String? {
      let bytes = Array(html.utf8)
      return bytes.withUnsafeBufferPointer { HTMLCharset.detect($0).encoding }
    }
    #expect(decide("<meta charset=\"ISO-8859-1\">") == "windows-1252")
    #expect(decide("<meta charset=us-ascii>") == "windows-1252")
    #expect(decide("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">") == "GBK")
    #expect(decide("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html>") == "CP932")
    #expect(decide("<META CHARSET='big5'>") == "BIG5-HKSCS")
    #expect(decide("<meta charset=\"euc-kr\">") == "CP949")
    #expect(decide("<meta charset=\"utf-16\">") == "UTF-8")
    #expect(decide("<p>charset=gbk is just text</p>") == "UTF-8")
    #expect(decide("<meta charset=\"no-such-charset\"><p>plain</p>") == "UTF-8")
  }

  @Test func utf8ValidationAgreesWithTheStandardLibrary() {
    var generator = SystemRandomNumberGenerator()
    let pieces: [[UInt8]] = [
      Array("ASCII text, ".utf8), Array("华为 北斗 ".utf8), Array("café ".utf8), Array("😀".utf8), [0xFC], [0xE4, 0xB8],
      [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80],
    ]
    for _ in 0..<500 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 1...12, using: &generator) {
        bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
      }
      let first = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) }
      // The standard library's decoder decides validity; the valid prefix before the offset must decode too.
      #expect((first == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
      if let first { #expect(String(validating: bytes[..<first], as: UTF8.self) != nil, "\(bytes)") }
    }
  }

  @Test func datesAreNormalized() {
    #expect(HTMLDateNormalizer.iso8601("2025-04-16T09:30:00Z") == "2025-04-16T09:30:00Z")
    #expect(HTMLDateNormalizer.iso8601("2025-04-16T09:30:00.123+0800") == "2025-04-16T09:30:00+08:00")
    #expect(HTMLDateNormalizer.iso8601("2025-04-16 09:30") == "2025-04-16T09:30:00")
    #expect(HTMLDateNormalizer.iso8601("2025/01/19") == "2025-01-19")
    #expect(HTMLDateNormalizer.iso8601("20250119") == "2025-01-19")
    #expect(HTMLDateNormalizer.iso8601("December 9, 2024") == "2024-12-09")
    #expect(HTMLDateNormalizer.iso8601("Mon, 09 Dec 2024 10:00:00 GMT") == "2024-12-09")
    #expect(HTMLDateNormalizer.iso8601("3rd March 2025") == "2025-03-03")
    #expect(HTMLDateNormalizer.iso8601("yesterday") == nil)
    #expect(HTMLDateNormalizer.iso8601("2025-13-45") == nil)
  }

  @Test func metadataFallbacks() throws {
    let doc = try extract(
      "<html xml:lang=\"de\"><head><meta property=\"og:title\" content=\"OG Title\">"
        + "<meta property=\"og:description\" content=\"OG description\"><meta property=\"og:url\" content=\"https://x.example/a\">"
        + "<meta name=\"dc.date\" content=\"2024-12-09\"></head><body><h1>Heading</h1><p>Text</p></body></html>")
    #expect(doc.title == "OG Title")
    #expect(doc.description == "OG description")
    #expect(doc.url == "https://x.example/a")
    #expect(doc.date == "2024-12-09")
    #expect(doc.lang == "de")
    let h1Only = try extract(
      "<html><body><h1>Only <b>heading</b></h1><p>Text</p><time datetime=\"2023-05-01\">May</time></body></html>")
    #expect(h1Only.title == "Only heading")
    #expect(h1Only.date == "2023-05-01")
    #expect(h1Only.headings == ["Only heading"])
  }

  @Test func fragmentText() {
    #expect(
      HTMLExtractor.text(ofFragment: "<p>DeepSeek <b>R1</b></p><p>Huawei&amp;co</p><script>x()</script>")
        == "DeepSeek R1\nHuawei&co")
    #expect(HTMLExtractor.text(ofFragment: "") == "")
  }
}
