import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The search's snippet tokenizer spells out only the terms a query looks for: its snippets must be those of the
/// analyzer's full token list.
@Suite struct SnippetTokenizerTests {
  @Test func snippetsEqualThoseOfTheFullTokenListOnEveryFixtureDocument() throws {
    let analyzer = Analyzer(language: "en")
    let full: SnippetBuilder.Tokenizer = { text in analyzer.analyze(text).map { ($0.term, $0.start, $0.end) } }
    let root = Fixtures.directory
    var compared = 0
    for file in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue
      else { continue }
      for doc in Extractor().extract(path: root + "/" + file).documents where !doc.body.isEmpty {
        let terms = analyzer.analyze(doc.body).map(\.term)
        guard terms.count > 3 else { continue }
        // Words of the document (early, middle, late), a phrase of two neighbours, one phrase word alone, and
        // a word it does not have.
        let picked = [terms[1], terms[terms.count / 2], terms[terms.count - 1], "zzyzx"]
        let phrase = [terms[terms.count / 3], terms[terms.count / 3 + 1]]
        let queries = [
          SnippetQuery(terms: Set(picked)),
          SnippetQuery(terms: [terms[0]], phrases: [phrase]),
          SnippetQuery(terms: [], phrases: [phrase], weights: [phrase[0]: 2]),
        ]
        for query in queries {
          let expected = SnippetBuilder(tokenize: full).snippet(body: doc.body, sourceMap: doc.sourceMap, query: query)
          let got = SnippetBuilder(tokenize: SnippetTokenizer(query: query).tokenize(with: analyzer)).snippet(
            body: doc.body, sourceMap: doc.sourceMap, query: query)
          #expect(got == expected, "\(file): \(query)")
          compared += 1
        }
      }
    }
    #expect(compared > 60)
  }

  @Test func onlyWantedTermsAreSpelledOut() {
    let analyzer = Analyzer(language: "en")
    let tokens = SnippetTokenizer(query: SnippetQuery(terms: ["chip"], phrases: [["export"]])).tokenize(with: analyzer)(
      "Export controls on chips")
    #expect(tokens.map(\.term) == ["export", "", "", "chip"])
    #expect(tokens.map(\.start) == [0, 7, 16, 19])
  }
}
