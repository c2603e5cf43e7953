/// One-word organization and person names that are common words of the document: encyclopedia pages capitalize
/// the words of titles and of names the model splits into pieces ("the Golden" "Film", "Journal of" "Near
/// Eastern" "Studies", "1st UK" "Edition"), and the model takes the capitalized word alone for an organization or a
/// person. The same page writes "golden", "studies" and "edition" in lower case, which a name is not; on long
/// pages one slip repeats, so such words filled the facets. The Sun, the Earth and the planets, tagged ORG or
/// PERSON, are places.
extension EntityNormalizer {
  /// Celestial bodies (lower case): places, never organizations or people, where the text says they are the
  /// bodies ("the Sun", "the Earth", or a document about planets or orbits).
  static let celestialBodies = StopwordTable([
    "sun", "moon", "earth", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto",
  ])

  /// Words (lower case) that make a document one about the bodies of the sky: there "Jupiter" is the planet.
  static let skyWords = StopwordTable(["planet", "planets", "orbit", "orbits", "orbital", "spacecraft"])

  /// Retypes and drops one-word ORG and PERSON spans that name no organization or person:
  /// - a celestial body is LOC after a lower-case "the" ("the Sun", "the Earth") or in a document that writes one
  ///   of ``skyWords``;
  /// - a word the document also writes in lower case away from sentence starts ("the Golden Film" beside "a
  ///   golden age") is dropped, unless the hand-written lists know the name (a company, organization, person,
  ///   country or place), it has taken a longer name, it is a word of a person's name of two or more words in
  ///   the document ("Teller" of "Edward Teller" on a page that also writes "the teller"), or it is all capitals
  ///   (an acronym).
  ///
  /// Runs after names are given, before the vote of one type per name.
  /// - Parameters:
  ///   - spans: the document's spans, named.
  ///   - t: the document's tokens.
  ///   - info: the tokens' flags and document casing.
  ///   - names: the names of the spans.
  /// - Returns: the spans, celestial bodies retyped and common words dropped; `spans` itself when none is.
  static func droppingCommonWordNames(
    _ spans: [TokenSpan], _ t: NERTokenizedText, _ info: NERTokenInfo, _ names: EntityNameCache
  ) -> [TokenSpan] {
    var out: [TokenSpan]? = nil
    var sky: Bool? = nil
    for i in spans.indices {
      let s = spans[i]
      // nil: the span stays; .some(nil): it is dropped; .some(span): it is replaced (retyped).
      var verdict: TokenSpan?? = nil
      if isOneWordCandidate(s, t, info) {
        let k = s.start
        var retyped = s
        if isWordIn(celestialBodies, k, t) {
          if k > 0 && isWord(k - 1, "the", t) {
            retyped.type = .loc
          } else {
            if sky == nil { sky = writesSkyWords(t, info) }
            if sky == true { retyped.type = .loc }
          }
        }
        if retyped.type != .loc && info.docCase[k] & 2 != 0 {
          let name = names[s.name]
          if name.mask & curatedNameBits == 0 && !name.text.utf8.contains(0x20) && !isPersonPart(k, spans, info) {
            verdict = .some(nil)
          }
        }
        if verdict == nil && retyped.type != s.type { verdict = .some(retyped) }
      }
      if let changed = verdict {
        if out == nil { out = Array(spans[0..<i]) }
        if let changed { out!.append(changed) }
      } else if out != nil {
        out!.append(s)
      }
    }
    return out ?? spans
  }
}

extension EntityNormalizer {
  /// Categories of the hand-written lists that make a word a name: companies, organizations, people, countries
  /// and places (not the training data's strings, which hold words such as "Union" and "House").
  static let curatedNameBits: UInt16 = [Gazetteer.Category.company, .organization, .person, .country, .place]
    .reduce(0) { $0 | UInt16(1 << $1.rawValue) }

  /// Whether a span is one capitalized word, not all capitals, typed ORG or PERSON.
  static func isOneWordCandidate(_ s: TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo) -> Bool {
    guard s.end - s.start == 1, s.type == .org || s.type == .person else { return false }
    let f = info.flags[s.start]
    return f & NERTokenInfo.initialUpper != 0 && f & NERTokenInfo.allUpper == 0
      && t.ends[s.start] - t.starts[s.start] > 1
  }

  /// Whether the document writes one of ``skyWords`` in lower case.
  static func writesSkyWords(_ t: NERTokenizedText, _ info: NERTokenInfo) -> Bool {
    (0..<t.count).contains { info.flags[$0] & NERTokenInfo.initialLower != 0 && isWordIn(skyWords, $0, t) }
  }

  /// Whether token `k`, lower-cased, is a word of `table` (ASCII words only).
  static func isWordIn(_ table: StopwordTable, _ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    let n = Int(t.ends[k]) - a
    guard n >= 2, n <= StopwordTable.maxLength else { return false }
    return t.bytes.withUnsafeBufferPointer { bytes in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: StopwordTable.maxLength) { lower in
        for i in 0..<n {
          let c = bytes[a + i]
          lower[i] = NERTokenizer.isUpper(c) ? c | 0x20 : c
        }
        return table.contains(UnsafeBufferPointer(rebasing: lower[0..<n]))
      }
    }
  }
}

extension EntityNormalizer {
  /// Joins the pieces of one name that the model typed apart, one space apart in one sentence: a one-word ORG
  /// piece and the LOC or MISC span before or after it ("Columbia" ORG "Records" MISC, "Soviet" ORG "Union" LOC,
  /// "Calder" ORG "Trophy" MISC, "Canadian" MISC "Tire" ORG). The joined name takes the type of its last piece, the
  /// head of an English name. A piece that is a common word of the document (see
  /// ``droppingCommonWordNames(_:_:_:_:)``) joins nothing: it is dropped later.
  /// Runs before names are given (the spans' `name` is unset).
  /// - Parameters:
  ///   - spans: the document's spans in order, not overlapping.
  ///   - t: the document's tokens.
  ///   - info: the tokens' flags and document casing.
  ///   - gazetteer: the lists.
  /// - Returns: the spans, split pieces joined; `spans` itself when none is.
  static func joiningSplitNames(
    _ spans: [TokenSpan], _ t: NERTokenizedText, _ info: NERTokenInfo, _ gazetteer: Gazetteer
  ) -> [TokenSpan] {
    /// Whether `a` and `b` are touching name spans of two types, each starting with a capital ("Toshiba" "<TSBA.T>"
    /// does not join), one space apart in a normally cased sentence.
    func splitPair(_ a: TokenSpan, _ b: TokenSpan) -> Bool {
      guard a.type.isName, b.type.isName, a.type != b.type, a.end == b.start,
        t.starts[b.start] == t.ends[a.end - 1] + 1, t.bytes[Int(t.ends[a.end - 1])] == 0x20,
        info.capsSentence[b.start] == 0, info.flags[a.start] & NERTokenInfo.initialUpper != 0,
        info.flags[b.start] & NERTokenInfo.initialUpper != 0
      else { return false }
      guard isJoinablePiece(a, t, info, gazetteer) || isJoinablePiece(b, t, info, gazetteer) else { return false }
      // No person piece joins: before a surname stands a title ("Exchequer Nigel" "Lawson"), and a company named
      // after people ("Drexel" "Burnham") would make its name a person's.
      if a.type == .person || b.type == .person { return false }
      // A nationality after a name qualifies what follows ("Senate" "Republican leader").
      if b.type == .misc && isModifier(b, t, gazetteer) { return false }
      // "Toronto-based" "Noranda": the place qualifies the name.
      return !endsWithLowerHyphenated(a, t)
    }
    guard spans.count >= 2, (1..<spans.count).contains(where: { splitPair(spans[$0 - 1], spans[$0]) }) else {
      return spans
    }
    var out: [TokenSpan] = []
    out.reserveCapacity(spans.count)
    for s in spans {
      if let last = out.last, splitPair(last, s), !crossesSentence(last.end - 1, s.start, t) {
        out[out.count - 1].end = s.end
        out[out.count - 1].type = s.type
      } else {
        out.append(s)
      }
    }
    return out
  }

  /// Whether a span is a one-word ORG or PERSON piece that may join a neighbour: capitalized, not all capitals, and
  /// no common word of the document (written in lower case too, and not in the hand-written lists).
  static func isJoinablePiece(_ s: TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo, _ gazetteer: Gazetteer)
    -> Bool
  {
    guard isOneWordCandidate(s, t, info), !isFunctionWord(s.start, t) else { return false }
    return info.docCase[s.start] & 2 == 0 || gazetteer.mask(of: t.text(s.start)) & curatedNameBits != 0
  }

  /// Whether the last word of a span is hyphenated with a lower-case part ("Toronto-based", "British-built").
  static func endsWithLowerHyphenated(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    let k = s.end - 1
    var i = Int(t.starts[k])
    let end = Int(t.ends[k])
    while i + 1 < end {
      if t.bytes[i] == 0x2D && NERTokenizer.isLower(t.bytes[i + 1]) { return true }
      i += 1
    }
    return false
  }

  /// Whether a sentence boundary falls between tokens `a` and `b` (`a < b`).
  static func crossesSentence(_ a: Int, _ b: Int, _ t: NERTokenizedText) -> Bool {
    var lo = 0
    var hi = t.sentences.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if t.sentences[mid].upperBound <= a { lo = mid + 1 } else { hi = mid }
    }
    return lo < t.sentences.count && t.sentences[lo].upperBound <= b
  }
}
