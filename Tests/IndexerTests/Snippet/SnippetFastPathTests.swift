import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The snippet tokenizer's fast path (only tokens that begin like a wanted term are stemmed) against the full
/// analysis of every token: the same terms for the wanted tokens, the empty term for the others, and the same
/// snippets. On every fixture document with its own language's analyzer and, when `../shared/data` is present, on
/// a sample of the Wikipedia pages.
@Suite struct SnippetFastPathTests {
  /// Queries made of a document's own terms: spread over the body, common first letters, short and long words, a
  /// phrase, and a term it lacks.
  static func queries(_ terms: [String]) -> [SnippetQuery] {
    guard terms.count > 3 else { return [] }
    let spread = stride(from: 0, to: terms.count, by: max(1, terms.count / 7)).map { terms[$0] }
    let short = terms.filter { $0.utf8.count <= 2 }.prefix(2)
    let long = terms.filter { $0.utf8.count >= 9 }.prefix(2)
    let phrase = [terms[terms.count / 3], terms[terms.count / 3 + 1]]
    return [
      SnippetQuery(terms: Set(spread + ["zzyzx"])),
      SnippetQuery(terms: Set(short + long)),
      SnippetQuery(terms: [terms[0]], phrases: [phrase]),
      SnippetQuery(terms: [], phrases: [phrase], weights: [phrase[0]: 2]),
      SnippetQuery(terms: Set(["the", "of", "a", "s", "t"] + terms.prefix(3))),
      SnippetQuery(
        terms: [phrase[1], terms[terms.count / 2]],
        phrases: [
          Array(terms[(terms.count / 2)..<min(terms.count, terms.count / 2 + 3)]), phrase, [phrase[1], "zzyzx"],
        ]),
      SnippetQuery(terms: ["the"], phrases: [["of", "the"], ["the", "of"]]),
    ]
  }

  /// Compares both paths on one document; returns the number of queries compared.
  static func compare(_ doc: Document, label: String) -> Int {
    let analyzer = IndexableDocumentBuilder.analyzer(forLanguage: doc.lang)
    let full = analyzer.analyze(doc.body)
    let fullTokenizer: SnippetBuilder.Tokenizer = { text in analyzer.analyze(text).map { ($0.term, $0.start, $0.end) } }
    var compared = 0
    for query in queries(full.map(\.term)) {
      var wanted = query.terms
      for phrase in query.phrases { wanted.formUnion(phrase) }
      let tokenize = SnippetTokenizer(query: query).tokenize(with: analyzer)
      let got = tokenize(doc.body)
      let expected = full.map { (wanted.contains($0.term) ? $0.term : "", $0.start, $0.end) }
      let same =
        got.count == expected.count
        && zip(got, expected).allSatisfy { $0.term == $1.0 && $0.start == $1.1 && $0.end == $1.2 }
      #expect(same, "\(label) [\(doc.lang)]: tokens differ for \(query)")
      let fast = SnippetBuilder(tokenize: tokenize).snippet(body: doc.body, sourceMap: doc.sourceMap, query: query)
      let reference = SnippetBuilder(tokenize: fullTokenizer).snippet(
        body: doc.body, sourceMap: doc.sourceMap, query: query)
      #expect(fast == reference, "\(label) [\(doc.lang)]: snippet differs for \(query)")
      // The search's path: matches found from the wanted tokens alone, token ranges used unclamped.
      let list = try? #require(SnippetTokenizer(query: query).tokenList(doc.body, analyzer: analyzer))
      var body = doc.body
      let clamped = body.withUTF8 { SnippetMatchFinder.tokens(list?.ranges ?? [], bytes: $0) }
      #expect(clamped == list?.ranges, "\(label) [\(doc.lang)]: token ranges are not character boundaries")
      let listed = SnippetTokenizer(query: query).snippet(
        of: doc.body, sourceMap: doc.sourceMap, query: query, analyzer: analyzer)
      #expect(listed == reference, "\(label) [\(doc.lang)]: token-list snippet differs for \(query)")
      compared += 1
    }
    return compared
  }

  @Test func utf16OffsetsEqualTheStringsOwnCounts() {
    // Runs of ASCII longer and shorter than eight bytes between two-, three- and four-byte characters.
    let pieces = ["a", "bcdefghij", "é", "中文", "😀", " ", "klmnopqrstuvwxyz0123", "ß", "\n"]
    var rng = SeededRandom(seed: 11)
    for _ in 0..<200 {
      var text = ""
      for _ in 0..<(1 + Int(rng.next() % 40)) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
      let bytes = Array(text.utf8)
      var offsets: [Int] = []
      var index = text.startIndex
      while index < text.endIndex {
        if rng.next() % 3 == 0 { offsets.append(text.utf8.distance(from: text.startIndex, to: index)) }
        index = text.unicodeScalars.index(after: index)
      }
      offsets.append(bytes.count)
      let table = bytes.withUnsafeBufferPointer { UTF16OffsetTable(bytes: $0, offsets: offsets) }
      for offset in offsets {
        let expected = String(decoding: bytes[0..<offset], as: UTF8.self).utf16.count
        #expect(table[offset] == expected, "\(text.debugDescription) at \(offset)")
      }
    }
  }

  @Test func fastPathEqualsFullAnalysisOnEveryFixtureDocument() throws {
    let root = Fixtures.directory
    var compared = 0
    var languages = Set<String>()
    for file in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue
      else { continue }
      for doc in Extractor().extract(path: root + "/" + file).documents where !doc.body.isEmpty {
        let n = Self.compare(doc, label: file)
        if n > 0 { languages.insert(doc.lang) }
        compared += n
      }
    }
    #expect(compared > 100)
    // The fixtures hold pages in other languages than English, which keep the full path.
    #expect(languages.count > 1, "\(languages)")
  }

  @Test func fastPathEqualsFullAnalysisOnWikipediaPages() throws {
    guard let root = Fixtures.sharedData.map({ $0 + "/html/wikipedia-2007" }),
      let names = try? FileManager.default.contentsOfDirectory(atPath: root)
    else {
      print("skipping: ../shared/data/html/wikipedia-2007 is absent (set SEEK_SHARED_DATA to run)")
      return
    }
    var compared = 0
    // Every 40th page (about 80): long pages with markup residue, numbers and non-ASCII names.
    for name in stride(from: 0, to: names.count, by: 40).map({ names.sorted()[$0] }) {
      for doc in Extractor().extract(path: root + "/" + name).documents where !doc.body.isEmpty {
        compared += Self.compare(doc, label: name)
      }
    }
    #expect(compared > 200)
  }
}
