import Indexer
import TestSupport
import Testing

@Suite struct FeedExtractionTests {
  @Test func rssItemsBecomeOneDocumentEach() throws {
    let path = Fixtures.path("feeds/tech-policy.rss")
    let result = Extractor().extract(path: path)
    #expect(result.skipped == nil)
    #expect(result.documents.count == 4)
    #expect(result.documents.allSatisfy { $0.kind == .feed && $0.lang == "en-us" })
    let first = try #require(result.documents.first)
    #expect(first.id == path + "#tp-2025-001")
    #expect(first.title == "DeepSeek model trained on export-controlled chips?")
    #expect(first.url == "https://example.org/tech-policy/deepseek-chips")
    #expect(first.date == "2025-01-28T09:30:00Z")
    #expect(first.author == "Mara Lindqvist")
    #expect(first.metadata["categories"] == "AI, Export controls")
    // content:encoded is the body (HTML parsed, script skipped); the description becomes the summary.
    #expect(first.body.hasPrefix("Members of Congress asked the Commerce Department whether DeepSeek trained"))
    #expect(first.body.contains("2,048 GPUs"))
    #expect(!first.body.contains("track("))
    #expect(!first.body.contains("<"))
    #expect(first.description == "Lawmakers ask whether DeepSeek relied on H800 accelerators.")

    let second = result.documents[1]
    #expect(second.id == path + "#https://example.org/tech-policy/huawei-ascend")
    #expect(second.date == "2025-05-14T10:05:00Z")
    // Block elements give word boundaries, inline ones do not.
    #expect(second.body.contains("Huawei Ascend processors"))
    #expect(second.body.contains("910B\nAscend 910C"))
    #expect(result.documents[2].date == "2025-06-19T18:00:00Z")
    // No guid and no link: the index is the key; escaped HTML is parsed as HTML.
    let fourth = result.documents[3]
    #expect(fourth.id == path + "#4")
    #expect(
      fourth.body
        == "China's BeiDou navigation system now counts 45 satellites in orbit.\nReceivers in \"dual mode\" combine it with GPS."
    )
  }

  @Test func atomEntriesBecomeOneDocumentEach() throws {
    let path = Fixtures.path("feeds/chips.atom")
    let docs = Extractor().extract(path: path).documents
    #expect(docs.count == 3)
    let a = try #require(docs.first)
    #expect(a.id == path + "#urn:example:chip-watch:entity-list-140")
    #expect(a.url == "https://example.org/chips/entity-list-140")
    #expect(a.date == "2024-12-02T20:45:00Z")
    #expect(a.author == "Chip Watch Editors")
    #expect(a.lang == "en")
    #expect(a.metadata["categories"] == "export-controls")
    #expect(a.body.contains("makers of high-bandwidth memory and chip tools.\nHuawei suppliers"))
    #expect(a.description == "The Commerce Department added 140 companies to the Entity List.")
    let b = docs[1]
    #expect(b.title == "DeepSeek R1 and the limits of controls")
    #expect(b.author == "Wen Hao")
    #expect(b.lang == "en-GB")
    #expect(b.date == "2025-01-27")
    #expect(b.body.contains("export controls.\nOthers say controls slowed it down."))
    #expect(docs[2].body == "Operators use BeiDou timing as a backup to GPS.")
    #expect(docs[2].date == "2025-02-09T22:00:00Z")
  }

  @Test func feedBodyOffsetsMapToTheSourceLine() throws {
    let path = Fixtures.path("feeds/tech-policy.rss")
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    for doc in Extractor().extract(path: path).documents {
      #expect(!doc.sourceMap.anchors.isEmpty)
      for word in ["2,048", "Ascend 910C", "ByteDance", "dual mode"] {
        guard let range = doc.body.range(of: word) else { continue }
        let offset = doc.body.utf8.distance(from: doc.body.startIndex, to: range.lowerBound)
        let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
        let line = try #require(lines.indices.contains(pos.line - 1) ? lines[pos.line - 1] : nil)
        #expect(line.contains(word.split(separator: " ")[0]), "\(word) mapped to line \(pos.line)")
      }
    }
  }

  @Test func malformedFeedStillYieldsItemsWithDiagnostics() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/broken.rss"
    Fixtures.write(
      path,
      """
      <rss version="2.0"><channel>
      <item><title>Huawei &amp; TikTok</title><description>Unclosed <b>tag</description></item>
      <item><title>Second &nbsp; item</title><description>Text with an undefined entity.</description></item>
      </channel></rss>
      """)
    let result = Extractor().extract(path: path)
    #expect(result.documents.count >= 1)
    #expect(result.documents.first?.title == "Huawei & TikTok")
    #expect(!result.diagnostics.isEmpty)
    #expect(result.diagnostics.allSatisfy { $0.line > 0 && $0.path == path })
  }
}
