/// Rules on the shape of one-token names: model designations ("H800") are MISC; plural acronyms ("GPUs") and
/// acronyms a document spells out in lower-case words ("gross national product (GNP)") are no names.
extension EntityNormalizer {
  /// Gazetteer categories of names that are not MISC: companies, organizations, countries, places, people, and the
  /// training data's PER, ORG and LOC strings ("MyPa-47", a football club, stays ORG).
  static let listedNameBits: UInt16 = [
    Gazetteer.Category.company, .organization, .country, .place, .person, .trainedPerson, .trainedOrg, .trainedLoc,
  ].reduce(0) { $0 | UInt16(1 << $1.rawValue) }

  /// Whether a one-token span is a model designation: a capital letter first, then letters, digits and hyphens
  /// with at least one digit ("H800", "A100", "F-14", "MiG-19", "GT2"). CoNLL-2003 tags 34 of the 39 such names
  /// MISC (products, weapons, indexes); the model often says ORG, PERSON or LOC ("Nvidia's H800").
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  /// - Returns: true when the span should be MISC.
  static func isModelCode(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    singleToken(s, t) { word in
      guard word.count >= 2, NERTokenizer.isUpper(word[0]) else { return false }
      var digits = false
      for b in word.dropFirst() {
        if NERTokenizer.isDigit(b) {
          digits = true
        } else if !(NERTokenizer.isUpper(b) || NERTokenizer.isLower(b) || b == 0x2D) {
          return false
        }
      }
      return digits
    } ?? false
  }

  /// Whether a one-token span is the plural of an acronym ("GPUs", "CEOs", "IPOs"): two or more capitals and a
  /// final "s". These are common nouns in running text; CoNLL-2003 leaves 9 of its 14 untagged (the other five
  /// are "ADRs").
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  /// - Returns: true when the span is not a name.
  static func isPluralAcronym(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    singleToken(s, t) { acronym($0)?.plural ?? false } ?? false
  }

  /// Acronyms the document defines as common nouns: a token of capitals (a final "s" aside) in parentheses right
  /// after lower-case words whose initials spell it, function words skipped ("gross national product (GNP)",
  /// "certificates of deposit (CDs)"), whether or not the model tagged it there. "General Agreement on Tariffs and
  /// Trade (GATT)" is no such definition: its words are capitalized.
  /// - Parameter t: the document's tokens.
  /// - Returns: the acronyms' capitals, without a final "s".
  static func commonNounAcronyms(_ t: NERTokenizedText) -> [[UInt8]] {
    var found: [[UInt8]] = []
    guard t.count >= 3 else { return found }
    t.bytes.withUnsafeBufferPointer { b in
      func token(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: b[Int(t.starts[k])..<Int(t.ends[k])])
      }
      for k in 2..<(t.count - 1) {
        guard token(k - 1).elementsEqual(CollectionOfOne(0x28)), token(k + 1).elementsEqual(CollectionOfOne(0x29)),
          let letters = acronym(token(k))?.letters, letters.count <= 8
        else { continue }
        // Match the letters backwards against the words before "(".
        var i = letters.count - 1
        var w = k - 2
        while i >= 0 && w >= 0 && w >= k - 2 - 2 * letters.count - 2 {
          let word = token(w)
          guard let first = word.first else { break }
          if first == letters[i] | 0x20 {
            i -= 1
          } else if !acronymSkippedWords.contains(where: { $0.elementsEqual(word) }) {
            break
          }
          w -= 1
        }
        if i < 0 { found.append(Array(letters)) }
      }
    }
    return found
  }

  /// Lower-case words an acronym's letters skip ("certificates of deposit (CDs)").
  static let acronymSkippedWords: [[UInt8]] = ["of", "and", "the", "for", "in", "on", "to", "&"].map { Array($0.utf8) }

  /// Whether a one-token span is one of `acronyms` (or its plural).
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  ///   - acronyms: capitals, without a final "s".
  /// - Returns: true when the span's token is one of them, with or without a final "s".
  static func isAcronym(_ s: TokenSpan, _ t: NERTokenizedText, in acronyms: [[UInt8]]) -> Bool {
    singleToken(s, t) { word in
      guard let letters = acronym(word)?.letters else { return false }
      return acronyms.contains { $0.elementsEqual(letters) }
    } ?? false
  }

  /// An acronym's capitals: a word of two or more capitals, with or without a final "s".
  /// - Parameter word: the word's bytes.
  /// - Returns: the capitals and whether a final "s" followed them, or nil for another word.
  static func acronym(_ word: UnsafeBufferPointer<UInt8>) -> (letters: Slice<UnsafeBufferPointer<UInt8>>, plural: Bool)?
  {
    let plural = word.count > 2 && word.last == 0x73
    let letters = plural ? word.dropLast() : word[...]
    guard letters.count >= 2, letters.allSatisfy(NERTokenizer.isUpper) else { return nil }
    return (letters, plural)
  }

  /// Runs `body` on the bytes of a one-token span's token.
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  ///   - body: reads the token's bytes.
  /// - Returns: what `body` returned, or nil for a span of several tokens.
  static func singleToken<R>(_ s: TokenSpan, _ t: NERTokenizedText, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
    guard s.end - s.start == 1 else { return nil }
    return t.bytes.withUnsafeBufferPointer { b in
      body(UnsafeBufferPointer(rebasing: b[Int(t.starts[s.start])..<Int(t.ends[s.start])]))
    }
  }
}
