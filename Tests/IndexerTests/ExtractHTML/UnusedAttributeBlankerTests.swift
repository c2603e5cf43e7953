import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The attribute blanker run before libxml2: what it blanks and keeps, and that pages extract exactly as without it.
@Suite struct UnusedAttributeBlankerTests {
  private func blanked(_ html: String) -> String {
    var bytes = Array(html.utf8)
    bytes.withUnsafeMutableBufferPointer { UnusedAttributeBlanker.blank($0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func linkTargetsAndTitlesBecomeSpacesOfTheSameLength() {
    let html = #"<p>See <a href="/wiki/X" title='X y' id="w" rel="author">X</a> now</p>"#
    let out = blanked(html)
    #expect(out.utf8.count == html.utf8.count)
    #expect(!out.contains("href") && !out.contains("title") && !out.contains("id="))
    #expect(out.contains(#"rel="author""#))
    #expect(out.hasPrefix("<p>See <a ") && out.hasSuffix(">X</a> now</p>"))
  }

  @Test func attributesExtractionReadsAreKept() {
    let html =
      #"<html lang="de" data-x="1"><meta name="description" content="A, b" charset="utf-8"><link rel="canonical" href="https://e.example/a">"#
      + #"<div class="content" id="main" role="main" style="display:none" hidden aria-hidden="true" onclick="f()">"#
      + #"<time datetime="2024-01-02" pubdate>x</time><script type="application/ld+json" src="a.js">{}</script>"#
    let out = blanked(html)
    for kept in [
      #"lang="de""#, #"name="description""#, #"content="A, b""#, #"charset="utf-8""#, #"href="https://e.example/a""#,
      #"class="content""#, #"id="main""#, #"role="main""#, #"style="display:none""#, " hidden ",
      #"aria-hidden="true""#, #"datetime="2024-01-02""#, " pubdate>", #"type="application/ld+json""#,
    ] {
      #expect(out.contains(kept), "\(kept) was blanked: \(out)")
    }
    for gone in ["data-x", "onclick", "src="] { #expect(!out.contains(gone), "\(gone) was kept: \(out)") }
  }

  @Test func newlinesStayAndQuotedValuesMayHoldAngleBrackets() {
    let html = "<img alt=\"a > b\nc\" src=x.png\nwidth=3><p>text</p>"
    let out = blanked(html)
    #expect(out.utf8.count == html.utf8.count)
    #expect(out.filter { $0 == "\n" }.count == 2)
    #expect(out.hasSuffix("><p>text</p>"))
    #expect(!out.contains("alt") && !out.contains("x.png") && !out.contains("width"))
  }

  @Test func commentsScriptsAndTextAreLeftAlone() {
    let html =
      #"<!-- <a href="c"> --><script>if (a<b && c) x = "<a href='s'>";</script><style>a[href="q"]{}</style>"#
      + #"<p>1 < 2 and a<b title="t">bold</b></p>"#
    let out = blanked(html)
    #expect(out.contains(#"<a href="c">"#))
    #expect(out.contains(#"<a href='s'>"#))
    #expect(out.contains(#"a[href="q"]"#))
    #expect(out.contains("1 < 2 and a<b"))
    #expect(!out.contains(#"title="t""#))
  }

  @Test func bogusTagsStopBlankingWithoutHarm() {
    for html in [#"<a href="unterminated"#, "<a href=", "<div x\"y\" title=\"t\">", "<a/b href=\"h\">", "<", "<a"] {
      let out = blanked(html)
      #expect(out.utf8.count == html.utf8.count, "\(html)")
    }
    #expect(blanked("<div x\"y\" title=\"t\">") == "<div x\"y\" title=\"t\">")
  }

  /// Every HTML fixture and, when the shared corpora are present, a sample of real pages extract to the same
  /// document with and without blanking.
  @Test func extractionIsUnchanged() throws {
    var paths = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("html")).map {
      Fixtures.path("html/" + $0)
    }
    if let shared = Fixtures.sharedData {
      for (folder, count) in [("html/wikipedia-2007", 60), ("html/article-extraction", 60)] {
        let dir = shared + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir).sorted()) ?? []
        paths += names.filter { $0.hasSuffix(".html") || $0.hasSuffix(".htm") }.prefix(count).map { dir + "/" + $0 }
      }
    } else {
      print("UnusedAttributeBlankerTests: shared data absent (set SEEK_SHARED_DATA); comparing the fixtures only")
    }
    #expect(paths.count >= 6)
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      let bytes = [UInt8](data)
      let options = ExtractOptions()
      let plain = bytes.withUnsafeBufferPointer {
        HTMLExtractor(options: options, blanksUnusedAttributes: false).extract($0, path: path)
      }
      let fast = bytes.withUnsafeBufferPointer { HTMLExtractor(options: options).extract($0, path: path) }
      var a = try #require(plain.documents.first)
      var b = try #require(fast.documents.first)
      // libxml2 no longer sees (and reports problems in) blanked attributes.
      a.diagnostics = []
      b.diagnostics = []
      #expect(a == b, "\(path) extracts differently with blanked attributes")
    }
  }
}
