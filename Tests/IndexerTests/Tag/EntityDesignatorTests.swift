import Testing

@testable import Indexer

/// One-word spans of a generic designator ("River", "Army", "Battle", "North") take in the rest of their name or
/// are dropped (`EntityNormalizer.extendDesignators`).
@Suite("Designator words join their names")
struct EntityDesignatorTests {
  typealias Span = EntityNormalizer.TokenSpan
  static let tagger: EntityTagger? = try? EntityTagger.load()

  /// The spans (first word, token count, type) of `text` after the rule, as "surface/TYPE".
  static func extend(_ text: String, _ pieces: [(String, Int, EntityType)]) throws -> [String] {
    let tagger = try #require(tagger)
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let info = NERTokenInfo(t, gazetteer: tagger.model.gazetteer)
    var used = Set<Int>()
    let spans = try pieces.map { (word, length, type) -> Span in
      let k = try #require((0..<t.count).first { t.text($0) == word && !used.contains($0) })
      used.insert(k)
      return Span(start: k, end: k + length, type: type)
    }
    return EntityNormalizer.extendDesignators(spans, t, info).map {
      EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue
    }
  }

  @Test("a head takes in the capitalized words or the name before it, and takes its type")
  func headsExtendLeft() throws {
    #expect(
      try Self.extend("Canoes drift down the Kabompo River toward the falls.", [("River", 1, .loc)])
        == ["Kabompo River/LOC"])
    #expect(
      try Self.extend("Then the Bulgarian Army crossed the border.", [("Bulgarian", 1, .misc), ("Army", 1, .org)])
        == ["Bulgarian Army/ORG"])
    #expect(
      try Self.extend("She grew up in Oak Park near Chicago.", [("Oak", 1, .org), ("Park", 1, .loc)])
        == ["Oak Park/LOC"])
  }

  @Test("a head takes in \"of\" and the name after it; leading words and modifiers the name after them")
  func extendRight() throws {
    #expect(
      try Self.extend("He fought at the Battle of Fort Stevens in July.", [("Battle", 1, .org), ("Fort", 2, .loc)])
        == ["Battle of Fort Stevens/MISC"])
    #expect(
      try Self.extend("She taught at the University of Chicago for years.", [("University", 1, .org)])
        == ["University of Chicago/ORG"])
    #expect(
      try Self.extend("At the Battle of Baltimore he saw action.", [("Battle", 2, .org), ("Baltimore", 1, .loc)])
        == ["Battle of Baltimore/MISC"])
    #expect(
      try Self.extend("They climbed Mount Washington in winter.", [("Mount", 1, .person)]) == ["Mount Washington/LOC"])
    #expect(
      try Self.extend("The flag hangs in the North Carolina museum.", [("North", 1, .org), ("Carolina", 1, .loc)])
        == ["North Carolina/LOC"])
  }

  @Test("a designator with no neighbour of its name is dropped, and so is an identifier label")
  func lonelyDesignatorsDrop() throws {
    #expect(
      try Self.extend(
        "The lake lies 15 miles North of the town, and the Army left.", [("North", 1, .loc), ("Army", 1, .org)])
        == [])
    #expect(try Self.extend("Maple Street, North, was closed.", [("North", 1, .loc)]) == [])
    // A surname stays: "North" of "Oliver North".
    #expect(
      try Self.extend("North testified before Oliver North left.", [("North", 1, .org), ("Oliver", 2, .person)])
        == ["North/ORG", "Oliver North/PERSON"])
    // After an article a compass word names a region.
    #expect(try Self.extend("Poland trades with the West.", [("West", 1, .loc)]) == ["West/LOC"])
    #expect(try Self.extend("Oxford: Clarendon Press, 2001. ISBN 0-19-820171-0", [("ISBN", 1, .org)]) == [])
  }

  @Test("a sentence's first word joins only when the document never writes it in lower case")
  func sentenceStarts() throws {
    #expect(
      try Self.extend("Several Army units left, and several returned.", [("Army", 1, .org)]) == [])
    #expect(
      try Self.extend("Pinellas County lost power. Crews came.", [("County", 1, .org)]) == ["Pinellas County/LOC"])
  }

  @Test("in all-capital lines only adjacent names join")
  func capitalLines() throws {
    #expect(try Self.extend("TOTAL ZAMBEZI RIVER BASIN: 1,390,000 KM2", [("RIVER", 1, .loc)]) == [])
    #expect(
      try Self.extend("BRITISH ARMY TO CUT TROOPS", [("BRITISH", 1, .misc), ("ARMY", 1, .org)]) == ["BRITISH ARMY/ORG"])
  }

  @Test("a first name typed apart joins the person name after it that starts with a middle initial")
  func middleInitials() throws {
    #expect(
      try Self.extend("Troops of Robert E. Lee marched north.", [("Robert", 1, .org), ("E.", 2, .person)])
        == ["Robert E. Lee/PERSON"])
    #expect(
      try Self.extend("In Ohio, E. Lee marched north.", [("Ohio", 1, .loc), ("E.", 2, .person)])
        == ["Ohio/LOC", "E. Lee/PERSON"])
  }

  @Test("through the tagger, no name is a bare designator, label or cut-off person")
  func throughTagger() throws {
    let tagger = try #require(Self.tagger)
    let text = """
      The Shire River rises in Lake Malawi and flows south.

      Gordon, J. (2001). Rivers of Africa. Oxford: Clarendon Press. ISBN 0-19-820171-0

      After the surrender of Robert E. Lee, the Army was reduced.
      """
    let names = tagger.tag(text).filter { $0.type.isName }.map(\.normalized)
    for junk in ["River", "ISBN", "Army", "E. Lee"] { #expect(!names.contains(junk), "\(junk) in \(names)") }
    #expect(names.contains("Shire River"))
    #expect(names.contains("Robert E. Lee"))
  }
}
