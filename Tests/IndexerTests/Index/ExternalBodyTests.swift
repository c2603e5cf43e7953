import Foundation
import TestSupport
import Testing

@testable import Indexer

/// Bodies of plain-text files and NDJSON records are kept in their sources (``ExternalBody``): these tests check
/// that what readers get back is exactly what extraction produced, that a changed source costs the body but never
/// an error, and that merges keep the references.
@Suite struct ExternalBodyTests {
  /// NDJSON with escapes, non-ASCII, a CRLF line, a bad line, a record without text and a `body` member; a BOM.
  static let ndjson =
    "\u{FEFF}{\"id\":\"a\",\"title\":\"Alpha\",\"text\":\"Caf\\u00e9 r\\u00e9sum\\u00e9: \\\"quoted\\\" words\\nand a second line with the query word kiwi.\"}\n"
    + "{\"id\":\"b\",\"title\":\"Beta\",\"body\":\"Plain kiwi body 😀 with an emoji and tabs\\tinside.\"}\r\n"
    + "this line is not JSON\n"
    + "{\"id\":\"c\",\"title\":\"Gamma only\"}\n"
    + "\n"
    + "{\"id\":\"d\",\"url\":\"http://x\",\"text\":\"Last record mentions kiwi twice: kiwi.\",\"extra\":[1,2]}"

  static let text = "Kiwi notes\n\nThe kiwi is a bird.\r\nIt lives in New Zealand — mostly at night.\nkiwi kiwi\n"
  static let markdown = "# Fruit\n\nThe *kiwi* fruit is green.\n"
  static let html = "<html><head><title>Page</title></head><body><p>An HTML page about the kiwi.</p></body></html>"

  private func makeFolder() -> IndexedFolder {
    let folder = IndexedFolder()
    folder.write("records.jsonl", Self.ndjson)
    folder.write("notes.txt", Self.text)
    folder.write("fruit.md", Self.markdown)
    folder.write("page.html", Self.html)
    if let scifact = Fixtures.sharedData.map({ $0 + "/ir/scifact/docs.jsonl" }),
      let data = FileManager.default.contents(atPath: scifact)
    {
      let lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(200)
      Fixtures.write(folder.documents + "/scifact.jsonl", Array(lines.joined(separator: [0x0A])))
    }
    return folder
  }

  private func extracted(_ folder: IndexedFolder) throws -> [Document] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.documents).sorted()
    return names.flatMap { Extractor().extract(path: folder.documents + "/" + $0).documents }
  }

  @Test func readersGetTheExtractedBodyBack() throws {
    let folder = makeFolder()
    defer { folder.cleanUp() }
    try folder.update()
    let reader = try IndexReader.open(directory: folder.index)
    let docs = try extracted(folder)
    #expect(docs.count >= 6)
    for original in docs {
      let address = try #require(reader.find(id: original.id), "\(original.id) not indexed")
      let stored = try reader.storedDocument(address)
      #expect(stored.body == original.body, "\(original.id)")
      #expect(stored.sourceMap == original.sourceMap, "\(original.id)")
      #expect(stored.title == original.title && stored.metadata == original.metadata)
      #expect(stored.diagnostics == original.diagnostics)
      // Only the reference is stored for text, Markdown and NDJSON bodies; HTML bodies are stored.
      let unresolved = try reader.storedDocument(address, resolveBody: false)
      let external = [.text, .markdown, .ndjson].contains(original.kind) && !original.body.isEmpty
      #expect(unresolved.body.isEmpty == (external || original.body.isEmpty), "\(original.id) \(original.kind)")
    }
    #expect(IndexChecker.check(directory: folder.index).isHealthy)
  }

  @Test func snippetsAreIdenticalToStoredBodies() throws {
    let folder = makeFolder()
    defer { folder.cleanUp() }
    let docs = try extracted(folder)
    let builder = IndexableDocumentBuilder()
    var indexable: [IndexableDocument] = []
    for path in Set(docs.map(\.path)).sorted() {
      let bytes = try #require(FileManager.default.contents(atPath: path))
      [UInt8](bytes).withUnsafeBufferPointer { fileBytes in
        var locator = ExternalBodyLocator(fileBytes)
        for doc in docs where doc.path == path {
          var d = builder.build(doc)
          d.externalBody = locator.reference(for: doc)
          indexable.append(d)
        }
      }
    }
    #expect(indexable.contains { $0.externalBody?.form == .ndjsonRecord })
    #expect(indexable.contains { $0.externalBody?.form == .text })
    // The same documents with every body stored, as before external bodies.
    let inline = folder.root + "/inline"
    let external = folder.root + "/external"
    for (dir, keepReferences) in [(inline, false), (external, true)] {
      let writer = try IndexWriter(directory: dir, options: IndexWriter.Options(sync: false))
      for var d in indexable {
        if !keepReferences { d.externalBody = nil }
        try writer.add(d)
      }
      try writer.commit()
      writer.close()
    }
    let sizes = [inline, external].map { IndexChecker.check(directory: $0).bytesByKind["sto"] ?? 0 }
    #expect(sizes[1] < sizes[0])
    for query in ["kiwi", "\"kiwi body\"", "résumé", "bird OR emoji", "query word"] {
      let request = SearchRequest(query: query, limit: 50, facetLimit: 0)
      let a = try Searcher(directory: inline).search(request).hits
      let b = try Searcher(directory: external).search(request).hits
      #expect(a.map(\.id) == b.map(\.id), "\(query)")
      for (x, y) in zip(a, b) {
        #expect(x.snippet == y.snippet, "\(query) \(x.id)")
        #expect(x.position == y.position, "\(query) \(x.id)")
      }
      for encoding in [PositionEncoding.utf16] {
        var r = request
        r.positionEncoding = encoding
        let c = try Searcher(directory: inline).search(r).hits.map(\.snippet)
        let d = try Searcher(directory: external).search(r).hits.map(\.snippet)
        #expect(c == d)
      }
    }
  }

  @Test func changedOrVanishedSourceLosesOnlyTheBody() throws {
    let folder = makeFolder()
    defer { folder.cleanUp() }
    try folder.update()
    // Same length, different text: only the hash can tell.
    folder.write("records.jsonl", Self.ndjson.replacingOccurrences(of: "kiwi", with: "lime"))
    try FileManager.default.removeItem(atPath: folder.documents + "/notes.txt")
    let reader = try IndexReader.open(directory: folder.index)
    for id in ["records.jsonl#a", "records.jsonl#d", "notes.txt"] {
      let address = try #require(reader.find(id: folder.documents + "/" + id))
      let doc = try reader.storedDocument(address)
      #expect(doc.body.isEmpty, "\(id)")
      // An NDJSON record's title is read back with its body; a text file's title is stored.
      #expect(doc.title == (id.contains("#") ? "" : "Kiwi notes"), "\(id)")
      #expect(doc.diagnostics.contains { $0.severity == .warning && $0.message.contains("seek index") })
    }
    // `seek check` names the changed and vanished sources without calling them damage.
    let check = IndexChecker.check(directory: folder.index)
    #expect(check.isHealthy)
    #expect(check.staleSources == [folder.documents + "/records.jsonl", folder.documents + "/notes.txt"])
    #expect(check.summary.contains("2 source files changed since indexing"))
    let hits = try Searcher(reader: reader).search(SearchRequest(query: "kiwi", limit: 20)).hits
    #expect(hits.contains { $0.id.hasSuffix("records.jsonl#a") })
    // The HTML page's body is stored, so its snippet is unaffected.
    let page = try #require(hits.first { $0.id.hasSuffix("page.html") })
    #expect(page.snippet?.text.contains("kiwi") == true)
    // Re-indexing brings the bodies back.
    folder.write("records.jsonl", Self.ndjson.replacingOccurrences(of: "kiwi", with: "limes"))
    try folder.update()
    let fresh = try IndexReader.open(directory: folder.index)
    let a = try #require(fresh.find(id: folder.documents + "/records.jsonl#a"))
    #expect(try fresh.storedDocument(a).body.contains("limes"))
    #expect(IndexChecker.check(directory: folder.index).staleSources.isEmpty)
  }

  @Test func mergesKeepReferences() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var paths: [String] = []
    for i in 0..<4 {
      paths.append(folder.write("part\(i).jsonl", Self.ndjson.replacingOccurrences(of: "\"a\"", with: "\"a\(i)\"")))
      paths.append(folder.write("note\(i).txt", Self.text + "number \(i)\n"))
      try folder.update([paths[paths.count - 2], paths[paths.count - 1]])
    }
    try folder.mergeIntoOneSegment()
    let reader = try IndexReader.open(directory: folder.index)
    #expect(reader.segments.count == 1)
    var checked = 0
    for path in paths {
      for original in Extractor().extract(path: path).documents where !original.body.isEmpty {
        let address = try #require(reader.find(id: original.id))
        #expect(try reader.storedDocument(address, resolveBody: false).body.isEmpty)
        let doc = try reader.storedDocument(address)
        #expect(doc.body == original.body && doc.sourceMap == original.sourceMap)
        checked += 1
      }
    }
    #expect(checked == 4 * 4)
    #expect(IndexChecker.check(directory: folder.index).isHealthy)
  }

  @Test func olderFormatAsksToReindex() throws {
    let folder = makeFolder()
    defer { folder.cleanUp() }
    try folder.update()
    let path = folder.index + "/" + IndexFormat.manifestName
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes[4] = UInt8(IndexFormat.minimumVersion - 1)
    try bytes.write(to: URL(fileURLWithPath: path))
    for open in [
      { _ = try IndexReader.open(directory: folder.index) },
      {
        _ = try IndexWriter(directory: folder.index, options: IndexWriter.Options(sync: false))
      },
    ] {
      do {
        try open()
        Issue.record("opened an index of an older format")
      } catch let e as SeekError {
        #expect(e.kind == .unsupportedVersion)
        #expect(e.message.contains("older seek") && e.message.contains("seek index"), "\(e.message)")
      }
    }
  }
}
