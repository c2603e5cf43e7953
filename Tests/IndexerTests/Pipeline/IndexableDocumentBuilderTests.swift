import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The builder's term path (cached term strings straight from the byte scanner) against the public token path.
@Suite struct IndexableDocumentBuilderTests {
  /// What `IndexableDocumentBuilder` produced before its fast path: terms and positions from `Analyzer.analyze`.
  private func expectedField(_ texts: [String], _ analyzer: Analyzer) -> (terms: [String], positions: [UInt32]) {
    var terms: [String] = []
    var positions: [UInt32] = []
    var base: UInt32 = 0
    for text in texts where !text.isEmpty {
      var last = base
      for token in analyzer.analyze(text) {
        terms.append(token.term)
        positions.append(base + UInt32(token.position))
        last = base + UInt32(token.position)
      }
      base = last + IndexableDocumentBuilder.positionGap
    }
    return (terms, positions)
  }

  private func check(_ doc: Document) {
    let built = IndexableDocumentBuilder().build(doc)
    let analyzer = IndexableDocumentBuilder.analyzer(forLanguage: doc.lang)
    var headings = doc.headings
    if !doc.description.isEmpty { headings.append(doc.description) }
    let fields: [(IndexField, [String])] = [
      (.title, [doc.title]), (.headings, headings), (.body, [doc.body]), (.boilerplate, [doc.boilerplate]),
    ]
    for (field, texts) in fields {
      let expected = expectedField(texts, analyzer)
      let got = built.fields.first { $0.field == field }
      #expect(got?.terms ?? [] == expected.terms, "\(doc.id) \(field)")
      #expect(got?.positions ?? [] == expected.positions, "\(doc.id) \(field)")
      if let got { #expect(got.length == UInt32(expected.terms.count)) }
    }
  }

  @Test func fixtureDocumentsGetTheSameTermsAsTheTokenPath() throws {
    let extractor = Extractor()
    var documents = 0
    for folder in ["html", "xml", "feeds"] {
      let dir = Fixtures.path(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
        for doc in extractor.extract(path: dir + "/" + name).documents {
          check(doc)
          documents += 1
        }
      }
    }
    #expect(documents >= 6)
  }

  /// More distinct words than the term cache holds, so it empties itself mid-text; long, CJK, accented and
  /// apostrophe tokens; several languages.
  @Test func cacheOverflowAndUnusualTokensGiveTheSameTerms() {
    var rng = SeededRandom(seed: 7)
    var words: [String] = []
    let letters = Array("abcdefghijklmnopqrstuvwxyzéüß")
    for _ in 0..<90_000 {
      let length = 2 + Int(rng.next() % 10)
      words.append(String((0..<length).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }))
    }
    words += [
      String(repeating: "x", count: 200), "running", "Runners'", "China's", "U.S.", "R&D", "出口管制", "l'usine",
      "Café", "ﬁnance",
    ]
    let body = words.joined(separator: " ")
    for lang in ["en", "fr", "de", "zh", ""] {
      var doc = Document(id: "d-\(lang)", path: "/d", kind: .text, title: "Running tests", body: body)
      doc.lang = lang
      doc.headings = ["One heading", "", "Another, longer heading"]
      doc.description = "A description"
      check(doc)
    }
  }
}
