import TestSupport
import Testing

@testable import Indexer

/// A plain query analyzed in one pass must be the query and the terms that analyzing it word by word gives.
@Suite struct PlainQueryAnalysisTests {
  static let texts = [
    "0-dimensional biomaterials lack inductive properties.", "1 in 5 million in UK have abnormal PrP positivity.",
    "What are the effects of 1,000 U.S. e.g. H1N1 R&D cases at 3.5 percent?", "Straße cafés naïve ÉCOLE façade",
    "出口管制 and export-control", "l'usine dell'Italia qu'il", "", "  ...  !!! ", "running runs ran runner",
    "supercalifragilisticexpialidociousnessofthewholethinginonewordthatgoesonandon x",
    "the the of and", "Dogs DOGS dogs dog's", "αβγ Ωmega 😀 smile", "e.g. i.e. a.b.c.d",
    // Characters whose folded form is several times longer (the description outgrows its first buffer).
    String(repeating: "ﷺ ㍿ ﬃ ", count: 12), "x ﷺ",
  ]

  /// The query is exactly the one ``Searcher/plainQuery(_:)`` makes, and the vouched terms are those of
  /// analyzing each word alone.
  @Test func matchesWordByWordAnalysis() {
    let analyzer = Analyzer(language: "en")
    for text in Self.texts {
      let analysis = PlainQueryAnalysis(text, analyzer: analyzer)
      let words = analysis.entries.map(\.exact)
      #expect(analysis.query.description == Searcher.plainQuery(text).description, "\(text)")
      // The results' parsed query, made from the words' bytes.
      #expect(analysis.description == analysis.query.description, "\(text)")
      // Flags the compiler takes instead of testing each word again.
      #expect(analysis.entries.map(\.lowerASCII) == words.map(PlainQueryAnalysis.isLowerASCIIWord), "\(text)")
      #expect(
        analysis.entries.map(\.stopword)
          == words.map {
            QueryWordWeights.english.contains(PlainQueryAnalysis.isLowerASCIIWord($0) ? $0 : $0.lowercased())
          },
        "\(text)")
      #expect(words == Tokenizer().tokens(text).map(\.folded), "\(text)")
      for (k, word) in words.enumerated() {
        guard let term = analysis.term(at: k, word: word) else {
          #expect(!PlainQueryAnalysis.isLowerASCIIWord(word), "\(word) in \(text)")
          continue
        }
        let alone = analyzer.analyze(word)
        #expect(alone.count == 1, "\(word) in \(text)")
        #expect(alone.first?.term == term, "\(word) in \(text)")
      }
    }
  }

  /// ``Analyzer/analyzeWords(_:_:)`` gives each token's exact and term strings as ``Analyzer/analyze(_:)`` does, with
  /// the exact form's bytes, for every analyzer (stemmed, unstemmed, with elisions) and tokens too long to cache.
  @Test func analyzeWordsMatchesAnalyze() {
    let long = String(repeating: "abcdefghij", count: 9) + "ing"
    for analyzer in [Analyzer(language: "en"), Analyzer(language: "en", stemming: false), Analyzer(language: "fr")] {
      for text in Self.texts + [long + " " + long.uppercased() + " runs"] {
        var got: [(String, String, [UInt8])] = []
        var bytes = text
        bytes.withUTF8 { b in analyzer.analyzeWords(b) { got.append(($0, $1, Array($2))) } }
        let expected = analyzer.analyze(text)
        #expect(got.map(\.0) == expected.map(\.exact), "\(text)")
        #expect(got.map(\.1) == expected.map(\.term), "\(text)")
        #expect(got.map(\.2) == expected.map { Array($0.exact.utf8) }, "\(text)")
      }
    }
  }

  /// The byte-level stop-word table holds exactly the stop list: every word, and none of its near misses (one
  /// byte more, less or changed), of longer words or of other text.
  @Test func stopwordTableMatchesTheStopList() {
    var checked = 0
    for word in QueryWordWeights.english {
      #expect(QueryWordWeights.isStopword(word), "\(word)")
      var misses = [word + "s", word + "x", String(word.dropLast()), "x" + word, word.uppercased(), word + word]
      misses.append(String(word.dropLast()) + (word.last == "z" ? "a" : "z"))
      for miss in misses {
        #expect(QueryWordWeights.isStopword(miss) == QueryWordWeights.english.contains(miss), "\(miss)")
        checked += 1
      }
    }
    for text in ["", "zzzzzzzzzzzzzzzzzz", "themselvesx", "yourselves", "ourselves", "é", "the\u{0}", "cafés"] {
      #expect(QueryWordWeights.isStopword(text) == QueryWordWeights.english.contains(text), "\(text)")
    }
    #expect(checked > 800)
  }

  /// Words it cannot vouch for, or that are not the query's word at that place, are left to the caller.
  @Test func vouchesOnlyForItsOwnASCIIWords() {
    let analysis = PlainQueryAnalysis("Running cafés x2 R&D", analyzer: Analyzer(language: "en"))
    #expect(analysis.entries.map(\.exact) == ["running", "cafes", "x2", "r&d"])
    #expect(analysis.term(at: 0, word: "running") == "run")
    #expect(analysis.term(at: 0, word: "runs") == nil)
    #expect(analysis.term(at: 1, word: "cafes") == "cafe")
    #expect(analysis.term(at: 2, word: "x2") == "x2")
    #expect(analysis.term(at: 3, word: "r&d") == nil)
    #expect(analysis.term(at: 4, word: "running") == nil)
    #expect(!PlainQueryAnalysis.isLowerASCIIWord(""))
    #expect(!PlainQueryAnalysis.isLowerASCIIWord("Running"))
    #expect(PlainQueryAnalysis.isLowerASCIIWord("h1n1"))
  }

  /// A one-document index and a searcher on it.
  static func smallIndex() throws -> (IndexedFolder, Searcher) {
    let folder = IndexedFolder()
    folder.write("a.txt", "running dogs and cafés\n")
    try folder.update()
    return (folder, try folder.searcher())
  }

  /// A compiler given the one-pass analysis finds the same plain words (terms, fields, weights) as one that
  /// analyzes every word itself.
  @Test func seededCompilerFindsTheSamePlainWords() throws {
    let (folder, searcher) = try Self.smallIndex()
    defer { folder.cleanUp() }
    let analyzer = Analyzer(language: "en")
    for text in Self.texts {
      let analysis = PlainQueryAnalysis(text, analyzer: analyzer)
      let fresh = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let seeded = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      seeded.seed(analysis)
      let expected = fresh.plainWords(analysis.query)
      let got = seeded.plainWords(analysis.query)
      #expect((expected == nil) == (got == nil), "\(text)")
      #expect(got?.map(\.term) == expected?.map(\.term), "\(text)")
      #expect(got?.map(\.weight) == expected?.map(\.weight), "\(text)")
      #expect(got?.map { $0.field == nil } == expected?.map { $0.field == nil }, "\(text)")
      let a = seeded.proximityTerms(analysis.query)
      let b = fresh.proximityTerms(analysis.query)
      #expect(a.terms.map(\.term) == b.terms.map(\.term), "\(text)")
    }
  }

  /// The boosts' total the feedback stage asks for is the sum of ``QueryCompiler/plainWordBoosts(_:)``'s boosts in
  /// order (the same float), with their count, and nil exactly when that list is nil (fielded words, other shapes).
  @Test func boostTotalSumsThePlainWordBoosts() throws {
    let (folder, searcher) = try Self.smallIndex()
    defer { folder.cleanUp() }
    let analyzer = Analyzer(language: "en")
    var queries = Self.texts.map { PlainQueryAnalysis($0, analyzer: analyzer).query }
    queries += try ["title:dogs running", "\"running dogs\" cats", "dogs -cats"].map {
      try QueryParser(strict: false).parse($0)
    }
    for (k, query) in queries.enumerated() {
      let a = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let b = QueryCompiler(
        reader: searcher.reader, model: searcher.model, analyzer: analyzer, norms: searcher.norms)
      let boosts = a.plainWordBoosts(query)
      let total = b.plainWordBoostTotal(query)
      #expect((boosts == nil) == (total == nil), "query \(k): \(query)")
      guard let boosts, let total else { continue }
      #expect(total.count == boosts.count, "query \(k): \(query)")
      #expect(total.total.bitPattern == boosts.reduce(Float(0)) { $0 + $1.boost }.bitPattern, "query \(k): \(query)")
    }
  }
}
