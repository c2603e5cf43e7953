import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The joining of touching name pieces (`EntityNormalizer.joinTouchingPieces`), on hand-made spans and through the
/// tagger on the bundled Fixtures.
@Suite("Touching name pieces join")
struct EntityPieceTests {
  typealias Span = EntityNormalizer.TokenSpan
  static let tagger: EntityTagger? = try? EntityTagger.load()

  /// Token index of the first token with text `word`.
  static func index(_ t: NERTokenizedText, _ word: String) -> Int {
    (0..<t.count).first { t.text($0) == word } ?? -1
  }

  /// Spans over the tokens of `words` (each a run of tokens starting at the named token), joined.
  static func join(_ text: String, _ pieces: [(String, Int, EntityType)]) throws -> [String] {
    let tagger = try #require(EntityPieceTests.tagger)
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let spans = pieces.map { (word, length, type) -> Span in
      let k = index(t, word)
      return Span(start: k, end: k + length, type: type)
    }
    return EntityNormalizer.joinTouchingPieces(spans, t, tagger.model.gazetteer).map {
      EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue
    }
  }

  @Test("pieces of one type join across a space or a line break, not across a table gap or after a country")
  func sameType() throws {
    #expect(
      try EntityPieceTests.join(
        "Chancellor of the Exchequer Nigel\nLawson said.", [("Nigel", 1, .person), ("Lawson", 1, .person)])
        == ["Nigel Lawson/PERSON"])
    #expect(
      try EntityPieceTests.join(
        "Merrill Lynch and Co Inc said.", [("Merrill", 2, .org), ("and", 3, .org)]) == [
          "Merrill Lynch and Co Inc/ORG"
        ])
    #expect(
      try EntityPieceTests.join("UNC  CINCINNATI 4.50", [("UNC", 1, .org), ("CINCINNATI", 1, .org)]) == [
        "UNC/ORG", "CINCINNATI/ORG",
      ])
    #expect(
      try EntityPieceTests.join("The U.S. Will Seek talks.", [("U.S.", 1, .loc), ("Will", 1, .loc)]) == [
        "U.S./LOC", "Will/LOC",
      ])
  }

  @Test("a person piece before an organization piece of two words or a company form is one organization")
  func personThenOrganization() throws {
    #expect(
      try EntityPieceTests.join("Dean Witter Reynolds Inc said.", [("Dean", 1, .person), ("Witter", 3, .org)]) == [
        "Dean Witter Reynolds Inc/ORG"
      ])
    #expect(
      try EntityPieceTests.join("They met Geoffrey Howe today.", [("Geoffrey", 1, .person), ("Howe", 1, .org)]) == [
        "Geoffrey/PERSON", "Howe/ORG",
      ])
  }

  @Test("a piece between two organization or MISC pieces joins them, not between places")
  func sandwich() throws {
    #expect(
      try EntityPieceTests.join(
        "The NASDAQ Golden Dragon Index fell.", [("NASDAQ", 2, .misc), ("Dragon", 1, .org), ("Index", 1, .misc)])
        == ["NASDAQ Golden Dragon Index/MISC"])
    #expect(
      try EntityPieceTests.join(
        "Talks between the U.S. And Japan ended.", [("U.S.", 1, .loc), ("And", 1, .org), ("Japan", 1, .loc)]) == [
          "U.S./LOC", "And/ORG", "Japan/LOC",
        ])
    #expect(
      try EntityPieceTests.join(
        "The Houston-based Panhandle Eastern said.",
        [("Houston-based", 1, .misc), ("Panhandle", 1, .org), ("Eastern", 1, .misc)]) == [
          "Houston-based/MISC", "Panhandle/ORG", "Eastern/MISC",
        ])
    #expect(
      try EntityPieceTests.join(
        "The Venezuelan Workers Confederation said.",
        [("Venezuelan", 1, .misc), ("Workers", 1, .org), ("Confederation", 1, .misc)]) == [
          "Venezuelan/MISC", "Workers/ORG", "Confederation/MISC",
        ])
  }

  @Test("on the Fixtures: whole names where the model left pieces")
  func fixtures() throws {
    let tagger = try #require(EntityPieceTests.tagger)
    let seed = tagger.tag(try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8))
    #expect(seed.contains { $0.text == "NASDAQ Golden Dragon Index" && $0.type == .misc })
    #expect(!seed.contains { $0.text.contains("Tiangong") && $0.type == .person })
    let rss = tagger.tag(
      "The Bureau of Industry and Security warned that using Huawei Ascend processors anywhere may breach US "
        + "export controls.")
    #expect(rss.contains { $0.text == "Bureau of Industry and Security" && $0.type == .org })
  }
}
