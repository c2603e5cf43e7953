import Testing

@testable import Indexer

/// Words that head an encyclopedia folder's facets without naming anything: template names left in the text
/// ("Persondata", "Infobox Album", "FA"), sentence adverbs ("Unfortunately"), name parts cut from their names
/// ("Jr.", "III", "St.", "Hall", "National", "Southern"), identifier labels ("Vol."), and a sentence's last word
/// that keeps its period before a citation mark ("United States.[5]").
@Suite("Junk names of encyclopedia pages")
struct EntityJunkNameTests {
  typealias Span = EntityNormalizer.TokenSpan
  static let tagger: EntityTagger? = try? EntityTagger.load()

  /// Spans (first word, token count, type) over the tokens of `text`.
  static func spans(_ t: NERTokenizedText, _ pieces: [(String, Int, EntityType)]) throws -> [Span] {
    var used = Set<Int>()
    return try pieces.map { (word, length, type) -> Span in
      let k = try #require((0..<t.count).first { t.text($0) == word && !used.contains($0) })
      used.insert(k)
      return Span(start: k, end: k + length, type: type)
    }
  }

  /// The spans of `text` after the designator rule, as "surface/TYPE".
  static func extend(_ text: String, _ pieces: [(String, Int, EntityType)]) throws -> [String] {
    let tagger = try #require(tagger)
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let info = NERTokenInfo(t, gazetteer: tagger.model.gazetteer)
    return EntityNormalizer.extendDesignators(try spans(t, pieces), t, info).map {
      EntityNormalizer.surface($0, t) + "/" + $0.type.rawValue
    }
  }

  @Test("names inside a template call are dropped; names around it stay")
  func templateCalls() throws {
    let text = """
      {{Infobox Album }} Blue Lines is the debut album by Massive Attack.
      {{Persondata}} {{Link FA}} {{unclosed Bristol
      """
    let t = NERTokenizer.tokenize(Array(text.utf8))
    #expect(EntityNormalizer.templateCalls(t.bytes).count == 3)
    let kept = EntityNormalizer.droppingTemplateNames(
      try Self.spans(
        t,
        [
          ("Infobox", 2, .person), ("Blue", 2, .misc), ("Massive", 2, .org), ("Persondata", 1, .person),
          ("FA", 1, .misc), ("Bristol", 1, .loc),
        ]), t)
    #expect(kept.map { EntityNormalizer.surface($0, t) } == ["Blue Lines", "Massive Attack", "Bristol"])
    #expect(EntityNormalizer.templateCalls(Array("No braces { here }".utf8)).isEmpty)
  }

  @Test("through the tagger, template names are no names")
  func templatesThroughTagger() throws {
    let tagger = try #require(Self.tagger)
    let text = """
      {{Infobox Album }} The record is the debut solo album by the American singer Gwen Stefani, released in \
      November 2004 in New York.
      {{featured article}}
      {{Persondata}}
      {{Link FA}}
      """
    let names = tagger.tag(text).filter { $0.type.isName }.map(\.normalized)
    for junk in ["Infobox Album", "Persondata", "FA"] { #expect(!names.contains(junk), "\(junk) in \(names)") }
    #expect(names.contains("Gwen Stefani"))
  }

  @Test("a sentence adverb alone is no name")
  func sentenceAdverbs() throws {
    let text = "Unfortunately, the bridge fell. Interestingly the Thames rose."
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let kept = EntityNormalizer.trimFunctionWords(
      try Self.spans(t, [("Unfortunately", 1, .person), ("Interestingly", 1, .person), ("Thames", 1, .loc)]), t
    ) { _ in }
    #expect(kept.map { EntityNormalizer.surface($0, t) } == ["Thames"])
  }

  @Test("acronyms of common nouns alone are no names")
  func commonNounAcronyms() throws {
    let text = "The second season was released on DVD in 2006, with a CD of the score and notes on mitochondrial DNA."
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let spans = try Self.spans(t, [("DVD", 1, .org), ("CD", 1, .org), ("DNA", 1, .org)])
    #expect(spans.allSatisfy { EntityNormalizer.isNotName($0, t) })
  }

  @Test("a generational or regnal suffix ends the name before it, or is dropped")
  func suffixes() throws {
    #expect(
      try Self.extend(
        "The band was thanked by Hank Williams Jr. at the awards.", [("Hank", 2, .person), ("Jr.", 1, .org)])
        == ["Hank Williams Jr./PERSON"])
    #expect(
      try Self.extend("The king Sigismund III sailed to Sweden.", [("Sigismund", 1, .person), ("III", 1, .org)])
        == ["Sigismund III/PERSON"])
    #expect(
      try Self.extend("His son, Wesley Clark, Jr., was born in 1970.", [("Wesley", 2, .person), ("Jr.", 1, .person)])
        == ["Wesley Clark/PERSON"])
    #expect(try Self.extend("Verbs of class III have no past suffix.", [("III", 1, .org)]) == [])
  }

  @Test("saint, hall, national and the like join the words of their names, or are dropped")
  func nameParts() throws {
    #expect(try Self.extend("The statue stands in St. Peter's Basilica.", [("St.", 1, .org)]) == ["St. Peter/ORG"])
    #expect(
      try Self.extend("The court sits across from City Hall downtown.", [("Hall", 1, .loc)]) == ["City Hall/LOC"])
    #expect(
      try Self.extend("He left the paintings to the National Gallery in London.", [("National", 1, .org)])
        == ["National Gallery/ORG"])
    #expect(try Self.extend("Little is known about his youth.", [("Little", 1, .person)]) == [])
    // Before a possessive the word is a short name.
    #expect(try Self.extend("In the poll, National's support rose.", [("National", 1, .org)]) == ["National/ORG"])
    #expect(try Self.extend("The racial makeup was 70.8% White, 2.9% Asian.", [("White", 1, .person)]) == [])
    #expect(
      try Self.extend("He won a bronze at the World Junior Championships.", [("World", 1, .org)])
        == ["World Junior Championships/ORG"])
    #expect(try Self.extend("Economic Record, Vol. 80, 2004.", [("Vol.", 1, .org)]) == [])
  }

  @Test("a regional adjective alone stays only as MISC")
  func regionalAdjectives() throws {
    #expect(try Self.extend("Many Western diplomats left.", [("Western", 1, .misc)]) == ["Western/MISC"])
    #expect(try Self.extend("Trade with the Southern states grew.", [("Southern", 1, .org)]) == [])
    #expect(
      try Self.extend("She was one of the Southern Water Tribe.", [("Southern", 1, .org)])
        == ["Southern Water Tribe/ORG"])
  }

  @Test("a period before a citation mark stands alone, as before a space; an abbreviation keeps it")
  func periodBeforeMark() {
    let t = NERTokenizer.tokenize(Array("the largest mill in the United States.[36] It grew. Smith Inc.[2] said".utf8))
    let tokens = (0..<t.count).map { t.text($0) }
    #expect(tokens.contains("States") && !tokens.contains("States."))
    #expect(tokens.contains("Inc."))
    // The period ends the sentence there.
    #expect(t.sentences.count >= 2)
  }
}

@Suite("Fragments that name nothing alone")
struct EntityFragmentTests {
  /// Whether the one-token span over the `index`-th occurrence of `word` in `text` is a fragment.
  static func fragment(_ text: String, _ word: String, _ index: Int = 0) throws -> Bool {
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let k = try #require((0..<t.count).filter { t.text($0) == word }.dropFirst(index).first)
    return EntityNormalizer.isFragment(EntityNormalizer.TokenSpan(start: k, end: k + 1, type: .person), t)
  }

  @Test("a lone initial and an era label by a year are fragments; a two-letter name is not")
  func fragments() throws {
    #expect(try Self.fragment("Wolf, A.: A History of Science, 1935.", "A."))
    #expect(try Self.fragment("The temple was destroyed in 70 AD by the Romans.", "AD"))
    #expect(try Self.fragment("The Mamluk period (AD 1258-1517) followed.", "AD"))
    #expect(try Self.fragment("It was founded around 500 BCE near the coast.", "BCE"))
    #expect(try !Self.fragment("He moved to Victoria, BC in the spring.", "BC"))
    #expect(try !Self.fragment("The Stade de France hosted the cup.", "de"))
    #expect(try !Self.fragment("Shares of GE rose.", "GE"))
  }

  @Test("\"World War\" takes in the numeral of the first war")
  func firstWorldWar() throws {
    let text = "At the outbreak of World War I in 1914 the country stayed neutral."
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let k = try #require((0..<t.count).first { t.text($0) == "World" })
    let out = EntityNormalizer.joiningFirstWorldWar([.init(start: k, end: k + 2, type: .misc)], t)
    #expect(out.map { EntityNormalizer.surface($0, t) } == ["World War I"])
  }
}
