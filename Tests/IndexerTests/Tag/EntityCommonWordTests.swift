import Testing

@testable import Indexer

/// One-word organization and person names that are common words of their document ("the Golden" "Film" beside "a
/// golden statue"), celestial bodies typed as organizations or people, and the pieces of one name that the model
/// typed apart ("Calder" ORG "Trophy" MISC).
@Suite("Common words and split names")
struct EntityCommonWordTests {
  typealias Span = EntityNormalizer.TokenSpan
  static let tagger: EntityTagger? = try? EntityTagger.load()

  /// The spans of `text` after the common-word rule (spans named as `finish` names them), as "surface/TYPE".
  static func dropCommon(_ text: String, _ pieces: [(String, Int, EntityType)]) throws -> [String] {
    let tagger = try #require(tagger)
    let gazetteer = tagger.model.gazetteer
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let info = NERTokenInfo(t, gazetteer: gazetteer)
    let names = EntityNameCache()
    var spans = try EntityJunkNameTests.spans(t, pieces)
    for k in spans.indices { spans[k].name = names.id(spans[k], t, info, gazetteer) }
    return EntityNormalizer.droppingCommonWordNames(spans, t, info, names).map {
      EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue
    }
  }

  /// The spans of `text` after the split-name join, as "surface/TYPE".
  static func join(_ text: String, _ pieces: [(String, Int, EntityType)]) throws -> [String] {
    let tagger = try #require(tagger)
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let info = NERTokenInfo(t, gazetteer: tagger.model.gazetteer)
    return EntityNormalizer.joiningSplitNames(try EntityJunkNameTests.spans(t, pieces), t, info, tagger.model.gazetteer)
      .map { EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue }
  }

  @Test("a one-word ORG or PERSON that the document writes in lower case is dropped")
  func commonWordsDropped() throws {
    let text = """
      The Golden Film is an award for films that sold well. Winners receive a golden statue from Halcyon, \
      and the 1st UK Edition of the guide lists them; a second edition followed. NASA sponsored the nasa prize.
      """
    let kept = try Self.dropCommon(
      text,
      [
        ("Golden", 1, .org), ("Film", 1, .misc), ("Halcyon", 1, .org), ("UK", 1, .loc), ("Edition", 1, .org),
        ("NASA", 1, .org),
      ])
    // "Film" is MISC (left to the vote), "Halcyon" is never lower case, "NASA" is an acronym.
    #expect(kept == ["Film/MISC", "Halcyon/ORG", "UK/LOC", "NASA/ORG"])
  }

  @Test("a common word that the lists know as a name stays")
  func listedNamesKept() throws {
    // "Apple" is a listed company; the page also writes "an apple".
    let kept = try Self.dropCommon(
      "Apple sold more phones. He ate an apple while Apple shares rose.", [("Apple", 1, .org)])
    #expect(kept == ["Apple/ORG"])
  }

  @Test("a surname that is also a common word stays when the page names the person in full")
  func surnamesKept() throws {
    let kept = try Self.dropCommon(
      "Edward Teller was a physicist. Teller worked at Los Alamos, where a bank teller once met him.",
      [("Edward", 2, .person), ("Teller", 1, .person)])
    #expect(kept == ["Edward Teller/PERSON", "Teller/PERSON"])
  }

  @Test("the Sun, the Earth and the planets are places, not organizations or people")
  func celestialBodies() throws {
    let sky = try Self.dropCommon(
      "Light from the Sun reaches the Earth in minutes. Jupiter takes twelve years to orbit it.",
      [("Sun", 1, .org), ("Earth", 1, .org), ("Jupiter", 1, .person)])
    #expect(sky == ["Sun/LOC", "Earth/LOC", "Jupiter/LOC"])
    // A Roman god in a text with no word of the sky, and a company: both stay.
    let god = try Self.dropCommon(
      "The Romans prayed to Jupiter. Sun Microsystems sold servers.", [("Jupiter", 1, .person), ("Sun", 1, .org)])
    #expect(god == ["Jupiter/PERSON", "Sun/ORG"])
  }

  @Test("a one-word ORG piece joins the LOC or MISC piece beside it")
  func splitPiecesJoin() throws {
    #expect(
      try Self.join(
        "He won the Calder Trophy in 1990 and shopped at Canadian Tire.",
        [("Calder", 1, .org), ("Trophy", 1, .misc), ("Canadian", 1, .misc), ("Tire", 1, .org)])
        == ["Calder Trophy/MISC", "Canadian Tire/ORG"])
    #expect(
      try Self.join("The Soviet Union fell.", [("Soviet", 1, .org), ("Union", 1, .loc)]) == ["Soviet Union/LOC"])
  }

  @Test("pieces that are no parts of one name stay apart")
  func piecesStayApart() throws {
    // A person piece (a title before a surname), a lower-case hyphenated modifier, a common word of the page
    // ("edition"), a line break between the pieces, and a piece that does not start with a capital.
    let text = """
      Chancellor Nigel Lawson spoke. Toronto-based Noranda rose. The 1st UK Edition sold out; the next edition \
      did not. The club met in Boston
      Celtic fans cheered Toshiba <TSBA.T> shares.
      """
    let pieces: [(String, Int, EntityType)] = [
      ("Chancellor", 1, .org), ("Nigel", 2, .person), ("Toronto-based", 1, .misc), ("Noranda", 1, .org),
      ("UK", 1, .loc), ("Edition", 1, .org), ("Boston", 1, .loc), ("Celtic", 1, .org), ("Toshiba", 1, .org),
      ("<TSBA.T>", 1, .loc),
    ]
    #expect(try Self.join(text, pieces).count == pieces.count)
  }

  @Test("through the tagger, an encyclopedia paragraph's facet words are no organizations")
  func throughTagger() throws {
    let tagger = try #require(Self.tagger)
    let text = """
      The Golden Film is a film award recognising domestic box office achievements in the Netherlands. The \
      Golden Film is awarded to films from the Netherlands once they have sold 100,000 tickets. After a film is \
      awarded the Golden Film, it can receive a Platinum Film. The golden age of Dutch cinema began in 1970.
      The planet orbits the Sun once a year, and the Earth turns once a day.
      """
    let spans = tagger.tag(text).filter { $0.type == .org || $0.type == .person }
    for junk in ["Golden", "Sun", "Earth"] {
      #expect(!spans.contains { $0.normalized == junk }, "\(junk) in \(spans.map(\.normalized))")
    }
  }
}
