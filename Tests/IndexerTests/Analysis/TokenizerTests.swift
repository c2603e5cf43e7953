import Indexer
import TestSupport
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
  let tokenizer = Tokenizer()

  func folded(_ text: String) -> [String] { tokenizer.tokens(text).map(\.folded) }

  @Test func lettersAndDigitsRuns() {
    #expect(folded("Hello, world! 42 times") == ["hello", "world", "42", "times"])
    #expect(folded("  \n\t") == [])
    #expect(folded("") == [])
  }

  @Test func caseAndDiacriticFolding() {
    #expect(folded("Café CAFÉ cafe") == ["cafe", "cafe", "cafe"])
    #expect(folded("Zürich Straße") == ["zurich", "strasse"])
    #expect(folded("Ａｂｃ ﬁle Ελληνικά ΣΟΦΟΣ") == ["abc", "file", "ελληνικα", "σοφοσ"])
    #expect(folded("Łódź Øresund Æsir Œuvre ÀÉÎÕÜÇÑÝ") == ["lodz", "oresund", "aesir", "oeuvre", "aeioucny"])
    // Cyrillic й stays a letter of its own; ё folds to е.
    #expect(folded("Красный Ёж ЙОД") == ["красный", "еж", "йод"])
    // Decomposed input (e + combining acute) folds like the composed form.
    #expect(folded("Cafe\u{301}") == ["cafe"])
  }

  @Test func apostrophesAndPossessives() {
    #expect(folded("China's China’s CHINA'S") == ["china", "china", "china"])
    #expect(folded("don't O'Brien rock'n'roll") == ["dont", "obrien", "rocknroll"])
    #expect(folded("the students' books") == ["the", "students", "books"])
    #expect(folded("'quoted'") == ["quoted"])
  }

  @Test func elisionsAreRemovedOnlyWhenAsked() {
    let elisions = Tokenizer(removesElisions: true)
    #expect(
      elisions.tokens("l'usine d’Airbus qu'il dell'Italia O'Brien").map(\.folded) == [
        "usine", "airbus", "il", "italia", "obrien",
      ])
    #expect(folded("l'usine") == ["lusine"])
    let tokens = elisions.tokens("l'usine")
    #expect(tokens.map(\.start) == [2])
    #expect(tokens.map(\.end) == [7])
  }

  @Test func unspacedSoutheastAsianScriptsAreBigrammed() {
    #expect(folded("ภาษาไทย") == ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"])
    // A combining vowel stays with its consonant.
    #expect(folded("กิน") == ["กิน"])
  }

  @Test func hyphenatedWordsSplitIntoParts() {
    #expect(folded("export-control rules") == ["export", "control", "rules"])
    #expect(folded("state‐of‐the‐art") == ["state", "of", "the", "art"])  // U+2010
    #expect(folded("-- dash -") == ["dash"])
  }

  @Test func acronymsNumbersAndAmpersands() {
    #expect(folded("the U.S. and U.S.A. e.g.") == ["the", "us", "and", "usa", "eg"])
    #expect(folded("H20 5G R&D AT&T") == ["h20", "5g", "r&d", "at&t"])
    #expect(folded("3.5 1,000 192.168.0.1") == ["3.5", "1000", "192.168.0.1"])
    #expect(
      folded("1,000,000 1,2,3 2019,2020 a,b 7,500.25") == [
        "1000000", "1", "2", "3", "2019", "2020", "a", "b", "7500.25",
      ])
    #expect(folded("end. Next") == ["end", "next"])
    #expect(folded("Johnson&Johnson R & D") == ["johnson", "johnson", "r", "d"])
  }

  @Test func emailsAndURLs() {
    #expect(folded("mail bob@example.com") == ["mail", "bob", "example", "com"])
    #expect(folded("https://www.example.org/a_b?q=1") == ["https", "www", "example", "org", "a", "b", "q", "1"])
  }

  @Test func cjkBigrams() {
    #expect(folded("华为") == ["华为"])
    #expect(folded("出口管制") == ["出口", "口管", "管制"])
    #expect(folded("中") == ["中"])
    #expect(folded("5G手机和iPhone") == ["5g", "手机", "机和", "iphone"])
    #expect(folded("カタカナ ひらがな 한국어 말") == ["カタ", "タカ", "カナ", "ひら", "らが", "がな", "한국", "국어", "말"])
  }

  @Test func byteRangesAreSurfaceForms() throws {
    let text = "Ünïcode 👍Café🎉 China’s U.S. 美国对华为 naïve-ish"
    let bytes = Array(text.utf8)
    var surfaces: [String] = []
    text.utf8CString.withUnsafeBufferPointer { _ in }
    bytes.withUnsafeBufferPointer { buffer in
      tokenizer.tokenize(buffer) { start, end, _ in
        surfaces.append(String(decoding: bytes[start..<end], as: UTF8.self))
      }
    }
    #expect(surfaces == ["Ünïcode", "Café", "China’s", "U.S", "美国", "国对", "对华", "华为", "naïve", "ish"])
  }

  @Test func invalidUTF8IsASeparator() {
    let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x28, 0x63, 0xE2, 0x82, 0xED, 0xA0, 0x80, 0x64, 0xF0, 0x9F, 0x98]
    var tokens: [String] = []
    bytes.withUnsafeBufferPointer { buffer in
      tokenizer.tokenize(buffer) { _, _, folded in tokens.append(String(decoding: folded, as: UTF8.self)) }
    }
    #expect(tokens == ["a", "b", "c", "d"])
  }

  @Test func randomBytesNeverBreakInvariants() {
    var generator = SeededRandom(seed: 42)
    let alphabet: [[UInt8]] = [
      Array("a".utf8), Array("Z".utf8), Array("é".utf8), Array("中".utf8), Array("ก".utf8), Array("\u{301}".utf8),
      Array("'".utf8), Array("’".utf8), Array(".".utf8), Array("&".utf8), Array("-".utf8), Array(" ".utf8),
      Array("7".utf8), Array("👍".utf8), [0xFF], [0xC3], [0xE4, 0xB8], [0x80],
    ]
    for _ in 0..<300 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(generator.next() % 60) { bytes += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      var previousStart = 0
      bytes.withUnsafeBufferPointer { buffer in
        Tokenizer(removesElisions: generator.next() % 2 == 0).tokenize(buffer) { start, end, folded in
          #expect(start >= previousStart && start < end && end <= bytes.count)
          #expect(folded.count > 0 && folded.count <= Tokenizer.maxTokenBytes + 64)
          #expect(String(validating: folded, as: UTF8.self) != nil)
          previousStart = start
        }
      }
    }
  }

  @Test func longRunsAreCut() {
    let long = String(repeating: "a", count: 300)
    let tokens = tokenizer.tokens(long)
    #expect(tokens.count == 3)
    #expect(tokens.allSatisfy { $0.folded.utf8.count <= Tokenizer.maxTokenBytes })
    #expect(tokens.map { $0.end - $0.start }.reduce(0, +) == 300)
  }
}
