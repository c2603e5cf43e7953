import Indexer
import TestSupport
import Testing

@Suite struct StructuredXMLExtractionTests {
  @Test func docBookArticleTitleHeadingsAuthorDate() throws {
    let path = Fixtures.path("xml/beidou-docbook.xml")
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.id == path)
    #expect(doc.kind == .xml)
    #expect(doc.title == "BeiDou: China's Satellite Navigation System")
    #expect(doc.headings == ["Constellation", "Uses", "Timing"])
    #expect(doc.author == "Lin Qiao")
    #expect(doc.date == "2024-11-05")
    #expect(doc.lang == "en")
    #expect(doc.description.hasPrefix("An overview of the BeiDou constellation"))
    // Inline elements keep words together; blocks are separated.
    #expect(doc.body.contains("satellites in medium Earth orbit,"))
    #expect(doc.body.contains("Constellation\nBeiDou-3 was completed"))
    #expect(!doc.body.contains("Example Institute"))
    #expect(!doc.body.hasPrefix("BeiDou: China"))
    #expect(doc.diagnostics.isEmpty)
  }

  @Test func jatsArticleMetadata() throws {
    let doc = try #require(Extractor().extract(path: Fixtures.path("xml/jats-article.xml")).documents.first)
    #expect(doc.title == "Export Controls and Open-Weight Language Models")
    #expect(doc.author == "Ada Okafor, Wei Zhang")
    #expect(doc.date == "2025-02-03")
    #expect(doc.headings == ["Introduction", "Findings"])
    #expect(doc.body.contains("weakening the effect of controls on training."))
    #expect(doc.body.contains("DeepSeek-V3"))
    #expect(!doc.body.contains("Journal of Technology Policy"))
  }

  @Test func bodyOffsetsMapToSourceLineAndColumn() throws {
    let path = Fixtures.path("xml/beidou-docbook.xml")
    let doc = try #require(Extractor().extract(path: path).documents.first)
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for word in ["Phones sold by Huawei", "geostationary orbit", "Telecom networks"] {
      let range = try #require(doc.body.range(of: word))
      let offset = doc.body.utf8.distance(from: doc.body.startIndex, to: range.lowerBound)
      let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
      let line = lines[pos.line - 1]
      let column = try #require(line.range(of: word))
      #expect(pos.column == line.utf8.distance(from: line.startIndex, to: column.lowerBound) + 1, "\(word)")
    }
  }

  @Test func genericXMLTitleFromFirstTitleElement() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/note.xml"
    Fixtures.write(
      path,
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<note><title>Caf\u{E9} notes</title><p>Export <b>con</b>trols</p><p>next</p></note>"
        .unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.title == "Café notes")
    #expect(doc.body == "Export controls\nnext")
  }

  @Test func notWellFormedXMLStillYieldsADocumentWithDiagnostics() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/broken.xml"
    Fixtures.write(path, "<doc>\n<title>Huawei</title>\n<p>first <b>bold</p>\n<p>second &undefined; part</p>\n</doc>\n")
    let result = Extractor().extract(path: path)
    let doc = try #require(result.documents.first)
    #expect(doc.title == "Huawei")
    #expect(doc.body.contains("first bold"))
    #expect(!doc.diagnostics.isEmpty)
    let diag = try #require(doc.diagnostics.first)
    #expect(diag.line == 3 && diag.column > 0)
  }

  @Test func diagnosticsAreCapped() throws {
    var xml = "<doc>"
    for i in 0..<200 { xml += "<p>broken &e\(i); entity</p>" }
    xml += "</doc>"
    let result = Extractor().extract(bytes: Array(xml.utf8), path: "/tmp/many.xml")
    let doc = try #require(result.documents.first)
    #expect(doc.diagnostics.count <= 21)
    #expect(doc.diagnostics.count >= 20)
  }
}
