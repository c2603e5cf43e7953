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

  /// Entity fields: each name's words (unstemmed), a position gap after each name, names in their type's field
  /// and in `entity`; DATE/MONEY/PERCENT are not indexed as names.
  @Test func entityFieldsHoldTheWordsOfEachName() {
    let entities = [
      EntitySpan(start: 0, end: 12, type: .person, text: "Ren Zhengfei", normalized: ""),
      EntitySpan(start: 20, end: 26, type: .org, text: "Huawei", normalized: "Huawei Technologies"),
      EntitySpan(start: 30, end: 38, type: .date, text: "Monday", normalized: ""),
      EntitySpan(start: 40, end: 48, type: .person, text: "Zhengfei", normalized: "Ren Zhengfei"),
      EntitySpan(start: 50, end: 55, type: .loc, text: "U.S.", normalized: "United States"),
      EntitySpan(start: 60, end: 66, type: .misc, text: "...", normalized: "..."),
      EntitySpan(start: 70, end: 79, type: .org, text: "Huawei's", normalized: "Huawei Technologies"),
    ]
    let expected = expectedEntityFields(entities)
    #expect(expected[.person]?.0 == ["ren", "zhengfei", "ren", "zhengfei"])
    checkEntityFields(entities)
  }

  /// Entity fields of tagged Reuters articles (many names, repeated names, every type) against the reference.
  @Test func taggedArticlesGetTheReferenceEntityFields() throws {
    let bodies = ReutersSample.bodies(file: "reut2-002.sgm", limit: 120)
    guard !bodies.isEmpty else { return }
    let tagger = try EntityTagger.load()
    var names = 0
    for body in bodies {
      let entities = tagger.tag(body)
      names += entities.filter(\.type.isName).count
      checkEntityFields(entities)
    }
    #expect(names > 300)
  }

  /// The entity fields the builder makes for `entities` against `expectedEntityFields`.
  private func checkEntityFields(_ entities: [EntitySpan]) {
    let doc = Document(id: "d", path: "d", kind: .text, body: "x", entities: entities)
    let built = IndexableDocumentBuilder().build(doc)
    let expected = expectedEntityFields(entities)
    for f in [IndexField.person, .org, .loc, .misc, .entity] {
      let got = built.fields.first { $0.field == f }
      #expect(got?.terms ?? [] == expected[f]?.0 ?? [], "\(f)")
      #expect(got?.positions ?? [] == expected[f]?.1 ?? [], "\(f)")
      #expect(got?.length ?? 0 == UInt32(expected[f]?.0.count ?? 0), "\(f)")
    }
    let order = built.fields.map(\.field).filter { $0.rawValue >= 4 && $0.rawValue <= 8 }
    #expect(order == order.sorted { $0.rawValue < $1.rawValue })
  }

  /// The entity fields by the token path, one name at a time: terms and positions per field.
  private func expectedEntityFields(_ entities: [EntitySpan]) -> [IndexField: ([String], [UInt32])] {
    let analyzer = Analyzer(language: "en", stemming: false)
    var expected: [IndexField: ([String], [UInt32])] = [:]
    var next: [IndexField: UInt32] = [:]
    for e in entities {
      let field: IndexField
      switch e.type {
      case .person: field = .person
      case .org: field = .org
      case .loc: field = .loc
      case .misc: field = .misc
      default: continue
      }
      let tokens = analyzer.analyze(e.normalized.isEmpty ? e.text : e.normalized)
      guard let last = tokens.last else { continue }
      for f in [field, IndexField.entity] {
        var (terms, positions) = expected[f] ?? ([], [])
        for t in tokens {
          terms.append(t.term)
          positions.append(next[f, default: 0] + UInt32(t.position))
        }
        expected[f] = (terms, positions)
        next[f, default: 0] += UInt32(last.position) + IndexableDocumentBuilder.positionGap
      }
    }
    return expected
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
