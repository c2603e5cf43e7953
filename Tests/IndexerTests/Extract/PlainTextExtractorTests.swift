import Indexer
import TestSupport
import Testing

@Suite struct PlainTextExtractorTests {
  @Test func bodyIsTheFileVerbatimAndTitleIsFirstLine() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/note.md"
    Fixtures.write(path, "\n# DeepSeek and export controls\n\nHuawei’s chips.\n")
    let result = Extractor().extract(path: path)
    let doc = try #require(result.documents.first)
    #expect(doc.title == "DeepSeek and export controls")
    #expect(doc.body == "\n# DeepSeek and export controls\n\nHuawei’s chips.\n")
    #expect(doc.kind == .markdown)
    let offset = doc.body.utf8.count - "chips.\n".utf8.count
    let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
    #expect(pos.line == 4)
    #expect(pos.column == 1 + "Huawei’s ".utf8.count)
    #expect(pos.utf16Column == 1 + "Huawei’s ".utf16.count)
  }

  @Test func invalidUTF8BecomesReplacementWithDiagnostic() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/bad.txt"
    Fixtures.write(path, Array("ok\nM".utf8) + [0xFC] + Array("nchen\n".utf8))
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.body.contains("\u{FFFD}"))
    let diag = try #require(doc.diagnostics.first)
    #expect(diag.line == 2 && diag.column == 2)
  }

  @Test func binaryFilesAreSkippedWithAReason() {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/blob.txt"
    Fixtures.write(path, [0x41, 0x00, 0x42])
    let result = Extractor().extract(path: path)
    #expect(result.documents.isEmpty)
    #expect(result.skipped?.contains("binary") == true)
  }
}
