import Foundation
import TestSupport
import Testing

@testable import Indexer

/// A plain-text query's word list (``Query/plainWords(_:)``) must stand for the boolean query of its words
/// everywhere: description, leaves, compiled matches and scores, highlights, plain-word analysis.
@Suite struct PlainWordListTests {
  /// Printing, leaves and flags are those of the boolean query ``Searcher/plainQuery(_:)`` makes.
  @Test func describesAsTheBooleanQuery() {
    let analyzer = Analyzer(language: "en")
    var lists = 0
    var outgrown = false
    for text in PlainQueryAnalysisTests.texts {
      let analysis = PlainQueryAnalysis(text, analyzer: analyzer)
      let boolean = Searcher.plainQuery(text)
      #expect(analysis.query.description == boolean.description, "\(text)")
      #expect(analysis.description == boolean.description, "\(text)")
      #expect(analysis.query.positiveTextLeaves() == boolean.positiveTextLeaves(), "\(text)")
      #expect(analysis.query.isFilter == boolean.isFilter, "\(text)")
      #expect(analysis.query.clauseDescription == boolean.clauseDescription, "\(text)")
      if analysis.description.utf8.count > 2 * text.utf8.count + 16 { outgrown = true }
      guard case .plainWords(let list) = analysis.query else { continue }
      lists += 1
      #expect(list.count == analysis.entries.count && list.count > 1, "\(text)")
      #expect(Query.boolean(list.booleanQuery) == boolean, "\(text)")
      #expect(list.words == analysis.entries.map(\.exact), "\(text)")
    }
    #expect(lists > 5)
    // The folded words of one text are longer than the description's first buffer.
    #expect(outgrown)
  }

  /// Compiled without the searcher's seed (the general path), the list matches and scores the documents the
  /// boolean query does, gives the same plain words and highlights.
  @Test func compilesAsTheBooleanQuery() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    var rng = SeededRandom(seed: 11)
    let vocabulary = ["model", "models", "protein", "the", "of", "cell", "cells", "growth", "R&D", "3.5", "naïve"]
    for i in 0..<300 {
      let body = (0..<Int(2 + rng.next() % 40)).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
      folder.write("d\(i).txt", body.joined(separator: " ") + "\n")
    }
    try folder.update()
    let searcher = try folder.searcher()
    let reader = searcher.reader
    let segment = try #require(reader.segments.first)
    let analyzer = Analyzer(language: "en")
    for text in ["protein models growth", "the cells of the model", "R&D 3.5 naïve cell", "Cells MODELS the the"] {
      let analysis = PlainQueryAnalysis(text, analyzer: analyzer)
      guard case .plainWords(let list) = analysis.query else {
        Issue.record("not a word list: \(text)")
        continue
      }
      let boolean = Query.boolean(list.booleanQuery)
      let a = QueryCompiler(reader: reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let b = QueryCompiler(reader: reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let wordsA = a.plainWords(analysis.query)
      let wordsB = b.plainWords(boolean)
      #expect(wordsA?.map(\.term) == wordsB?.map(\.term), "\(text)")
      #expect(wordsA?.map(\.weight) == wordsB?.map(\.weight), "\(text)")
      #expect(a.plainWordCount(analysis.query) == b.plainWordCount(boolean), "\(text)")
      a.collectHighlights(analysis.query)
      b.collectHighlights(boolean)
      #expect(a.highlightTerms == b.highlightTerms && a.highlightPhrases == b.highlightPhrases, "\(text)")
      let itA = a.compile(analysis.query, segment: segment)
      let itB = b.compile(boolean, segment: segment)
      #expect((itA == nil) == (itB == nil), "\(text)")
      guard let itA, let itB else { continue }
      var matches = 0
      while true {
        let (da, db) = (itA.nextDoc(), itB.nextDoc())
        #expect(da == db, "\(text)")
        if da != db || da == DocIterators.end { break }
        #expect(itA.score() == itB.score(), "\(text)")
        matches += 1
      }
      #expect(matches > 0, "\(text)")
    }
  }
}
