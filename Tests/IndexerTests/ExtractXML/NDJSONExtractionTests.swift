import Indexer
import TestSupport
import Testing

@Suite struct NDJSONExtractionTests {
  @Test func oneDocumentPerLineWithMetadata() throws {
    let path = Fixtures.path("ndjson/briefs.jsonl")
    let result = Extractor().extract(path: path)
    #expect(result.diagnostics.isEmpty)
    let docs = result.documents
    #expect(docs.count == 5)
    #expect(docs.allSatisfy { $0.kind == .ndjson && !$0.body.isEmpty && !$0.url.isEmpty })
    let first = try #require(docs.first)
    #expect(first.id == path + "#brief-1")
    #expect(first.title == "DeepSeek releases R1")
    #expect(first.date == "2025-01-20")
    #expect(first.metadata == ["topic": "AI", "words": "9"])
    #expect(docs[2].id == path + "#3")
    #expect(docs[2].metadata["flagged"] == "true")
    #expect(docs[3].body.hasPrefix("Huawei’s Mate 60"))
    #expect(docs[3].metadata["tags"] == "huawei, smic")
    #expect(docs[4].lang == "en")
  }

  @Test func sourceMapPointsAtTheTextValue() throws {
    let path = Fixtures.path("ndjson/briefs.jsonl")
    let docs = Extractor().extract(path: path).documents
    let doc = docs[4]
    let range = try #require(doc.body.range(of: "(BeiDou)"))
    let offset = doc.body.utf8.distance(from: doc.body.startIndex, to: range.lowerBound)
    let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
    let line = #"{"id": "brief-5", "title": "BeiDou 北斗", "text": "北斗 (BeiDou)"#
    #expect(pos.line == 5)
    #expect(pos.column == line.utf8.count - "(BeiDou)".utf8.count + 1)
    #expect(pos.utf16Column == line.utf16.count - "(BeiDou)".utf16.count + 1)
  }

  @Test func badLineGivesADiagnosticAndTheRestIsRead() throws {
    let path = Fixtures.path("ndjson/broken.jsonl")
    let result = Extractor().extract(path: path)
    #expect(result.documents.map(\.id) == [path + "#ok-1", path + "#4"])
    let diag = try #require(result.diagnostics.first)
    #expect(result.diagnostics.count == 1)
    #expect(diag.line == 2)
    #expect(diag.column > 1)
    #expect(diag.message.contains("line 2"))
  }

  @Test func nonObjectsAndEmptyLinesAreHandled() {
    let text = "[1,2]\n\n  \n{\"_id\": \"x\", \"contents\": \"TikTok\"}\n\"str\"\n{\"id\": 1e400}"
    let result = Extractor().extract(bytes: Array(text.utf8), path: "/tmp/mixed.ndjson")
    #expect(result.documents.first?.id == "/tmp/mixed.ndjson#x")
    #expect(result.documents.first?.body == "TikTok")
    #expect(result.diagnostics.map(\.line).prefix(2) == [1, 5])
  }

  @Test func sharedIRCollectionsIngestAsIs() {
    guard let data = Fixtures.sharedData else {
      print("NDJSONExtractionTests: ../shared/data is absent; skipping the IR collections check")
      return
    }
    for (name, count) in [("cranfield", 1_400), ("cisi", 1_460), ("scifact", 5_183)] {
      let result = Extractor().extract(path: data + "/ir/\(name)/docs.jsonl")
      #expect(result.documents.count == count, "\(name)")
      #expect(result.diagnostics.isEmpty, "\(name)")
      #expect(Set(result.documents.map(\.id)).count == count, "\(name)")
      #expect(result.documents.filter { $0.body.isEmpty }.count < count / 100, "\(name)")
    }
  }
}
