import Indexer
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct SGMLCollectionTests {
  @Test func syntheticCollectionIsSplitPerRecord() throws {
    let path = Fixtures.path("xml/newswire-sample.sgm")
    let result = Extractor().extract(path: path)
    #expect(result.documents.count == 4)
    #expect(result.documents.allSatisfy { $0.kind == .sgml })
    let a = try #require(result.documents.first)
    #expect(a.id == path + "#101")
    #expect(a.title == "U.S. WIDENS CHIP EXPORT CURBS <SMIC>")
    #expect(a.date == "2025-03-03T09:15:42Z")
    #expect(a.metadata["places"] == "usa,china")
    #expect(a.metadata["topics"] == "semiconductors,trade")
    #expect(a.metadata["people"] == "raimondo")
    #expect(a.metadata["orgs"] == "bis")
    #expect(a.metadata["exchanges"] == "nasdaq")
    #expect(a.metadata["dateline"] == "WASHINGTON, March 3")
    #expect(a.body.hasPrefix("The Commerce Department widened\nexport curbs on advanced chips & tools"))
    #expect(a.body.contains("<SMIC>."))
    #expect(!a.body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    // The raw 0xFC byte becomes ü with a diagnostic naming its line.
    let b = result.documents[1]
    #expect(b.body.contains("München"))
    #expect(b.author == "By Test Writer, Synthetic")
    #expect(!b.body.contains("\u{7F}"))
    let raw = try #require(FileManagerFree.read(path))
    var badLines: [Int] = []
    var line = 1
    for byte in raw {
      if byte == 0x0A { line += 1 }
      if byte == 0xFC { badLines.append(line) }
    }
    #expect(badLines.count == 2)
    #expect(b.diagnostics.map(\.line) == badLines)
    #expect(b.diagnostics.allSatisfy { $0.message.contains("0xFC") && $0.column > 1 })
    #expect(result.documents[2].title == "TIKTOK SALE TALKS RESUME - SOURCES")
    #expect(result.documents[2].body.isEmpty)
    #expect(result.documents[3].boilerplate.contains("five repositories"))
  }

  @Test func bodyOffsetsMapToTheSourceLine() throws {
    let path = Fixtures.path("xml/newswire-sample.sgm")
    let doc = try #require(Extractor().extract(path: path).documents.first)
    let source = String(decoding: try #require(FileManagerFree.read(path)), as: UTF8.self)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for word in ["The rules name Huawei", "officials said", "SYNTH"] {
      let range = try #require(doc.body.range(of: word))
      let offset = doc.body.utf8.distance(from: doc.body.startIndex, to: range.lowerBound)
      let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
      let line = lines[pos.line - 1]
      let col = try #require(line.range(of: word), "\(word) not on line \(pos.line)")
      #expect(pos.column == line.utf8.distance(from: line.startIndex, to: col.lowerBound) + 1)
    }
  }

  @Test func reutersIngestsCompletely() throws {
    guard let data = Fixtures.sharedData else {
      print("SGMLCollectionTests: ../shared/data is absent; skipping the Reuters-21578 check")
      return
    }
    let extractor = Extractor()
    var documents = 0
    var withBody = 0
    var ids = Set<String>()
    var diagnostics: [Diagnostic] = []
    for i in 0..<22 {
      let name = i < 10 ? "reut2-00\(i).sgm" : "reut2-0\(i).sgm"
      let result = extractor.extract(path: data + "/reuters21578/" + name)
      #expect(result.skipped == nil)
      for doc in result.documents {
        documents += 1
        if !doc.body.isEmpty { withBody += 1 }
        ids.insert(doc.id)
        diagnostics += doc.diagnostics
      }
    }
    #expect(documents == 21_578)
    #expect(withBody == 19_043)
    #expect(ids.count == 21_578)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.path.hasSuffix("reut2-017.sgm") == true)
  }
}

/// Reads a whole file without Foundation.
enum FileManagerFree {
  static func read(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n <= 0 { break }
      out += buffer[0..<n]
    }
    return out
  }
}
