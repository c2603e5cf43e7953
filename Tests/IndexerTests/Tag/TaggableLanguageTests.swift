import Foundation
import Indexer
import TestSupport
import Testing

/// The English tagger runs on English and undeclared documents only.
@Suite struct TaggableLanguageTests {
  @Test(arguments: [("", true), ("en", true), ("EN", true), ("en-US", true), ("en_GB", true)])
  func acceptsEnglishAndUnknown(lang: String, expected: Bool) {
    #expect(TaggableLanguage.accepts(lang) == expected)
  }

  @Test(arguments: ["fr", "zh-CN", "ja", "e", "eng", "end", "de-en"])
  func refusesOtherLanguages(lang: String) {
    #expect(!TaggableLanguage.accepts(lang))
  }

  /// Indexing with the tagger: the French page gets no entities (the English model would tag "Mardi" as a person),
  /// the English news page does.
  @Test func frenchPageIsNotTaggedEnglishPageIs() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    for name in ["cafe-meeting-windows-1252.html", "export-controls-news.html"] {
      let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("html/\(name)")))
      try data.write(to: URL(fileURLWithPath: folder.documents + "/" + name))
    }
    let tagger = try #require(try EntityTaggerLoader.load())
    try folder.update(tagger: tagger)
    let searcher = try folder.searcher()
    let reader = searcher.reader
    var seen = 0
    for (s, segment) in reader.segments.enumerated() {
      for d in 0..<UInt32(segment.maxDoc) where !segment.isDeleted(d) {
        let doc = try reader.storedDocument(DocAddress(segment: s, doc: d))
        seen += 1
        if doc.path.hasSuffix("cafe-meeting-windows-1252.html") {
          #expect(doc.entities.isEmpty, "French page tagged: \(doc.entities.map(\.text))")
        } else {
          #expect(!doc.entities.isEmpty)
        }
      }
    }
    #expect(seen == 2)
  }
}
