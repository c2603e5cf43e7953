/// Generic designator words tagged as names on their own: "the Kabompo River" tagged "River", "Soviet" "Union",
/// "the Battle of Fort Stevens" tagged "Battle", "[North] Carolina", "ISBN 0-520-22130-3". On long pages the same
/// word recurs, so one such slip fills a facet with a word that names nothing. A one-word span made only of such a
/// word takes in the adjacent capitalized words and the adjacent name of the same name, or is dropped.
extension EntityNormalizer {
  /// What a designator word is.
  enum DesignatorKind {
    /// The last word of a name ("Kabompo River", "Bulgarian Army", "Boxing Day"), also before "of" and a name
    /// ("Battle of Baltimore"); with a type, the name takes it, else the type the model gave the designator
    /// ("Soviet Union" LOC, "Union forces" ORG).
    case head(EntityType?)
    /// Like `head`, and also the first word before a name ("Lake Michigan", "Mount Washington", "Fort Stevens",
    /// "World Championship"); with no type, the name keeps the type the model gave the word.
    case leading(EntityType?)
    /// A word that qualifies the name after it ("North Carolina", "New York", "First World War"); it takes the
    /// adjacent name's type, or `type` (or its own) over bare words; never a person's name ("the Great
    /// Hippocrates").
    case modifier(EntityType?)
    /// A `modifier` that is also an adjective in its own right ("Western diplomats", "Southern food"): alone it
    /// stays as a MISC span, the type of such adjectives, and is dropped as any other.
    case adjective
    /// A generational or regnal suffix ("Hank Williams Jr.", "Sigismund III"): it ends the name right before it,
    /// and alone names nothing.
    case suffix
    /// The label of an identifier ("ISBN 0-520-22130-3", "Vol. 2"): never a name alone.
    case label
  }

  /// Designator words (lower case) and their kinds.
  static let designators: [String: DesignatorKind] = {
    var d: [String: DesignatorKind] = [:]
    for w in [
      "river", "creek", "county", "valley", "island", "islands", "sea", "bay", "province", "district", "road",
      "street", "avenue", "mountains", "hills", "canyon", "peninsula", "desert", "ocean", "strait", "harbor",
      "harbour", "region", "hill",
    ] {
      d[w] = .head(.loc)
    }
    for w in [
      "university", "college", "school", "army", "navy", "party", "company", "church", "council", "hospital",
      "academy", "institute", "museum", "society", "association", "corps", "regiment", "brigade", "committee",
      "ministry", "department",
    ] {
      d[w] = .head(.org)
    }
    for w in ["battle", "war", "day"] { d[w] = .head(.misc) }
    for w in ["city", "park", "hall"] { d[w] = .head(nil) }
    for w in ["lake", "mount", "fort", "cape", "mt.", "ft."] { d[w] = .leading(.loc) }
    d["world"] = .leading(nil)
    for w in ["north", "south", "east", "west", "central", "upper", "lower"] { d[w] = .modifier(.loc) }
    for w in [
      "new", "first", "great", "st.", "national", "international", "little", "best", "white", "green", "red", "blue",
    ] {
      d[w] = .modifier(nil)
    }
    for w in ["northern", "southern", "eastern", "western"] { d[w] = .adjective }
    for w in ["jr.", "sr.", "ii", "iii", "iv", "vi", "vii", "viii"] { d[w] = .suffix }
    for w in ["isbn", "issn", "doi", "oclc", "lccn", "pmid", "asin", "vol."] { d[w] = .label }
    return d
  }()

  /// `designators`' words, for a quick test before the dictionary.
  static let designatorWords = StopwordTable(Set(designators.keys))

  /// The kind of a one-token span's word, or nil when it is no designator (or the span is longer).
  /// A span of the word and a lower-case "of" counts too: the model tags "Battle of" before "Baltimore", and the
  /// trailing "of" is trimmed later.
  static func designatorKind(_ s: TokenSpan, _ t: NERTokenizedText) -> DesignatorKind? {
    guard s.end - s.start == 1 || (s.end - s.start == 2 && isLowerOf(s.start + 1, t)) else { return nil }
    let found = singleToken(TokenSpan(start: s.start, end: s.start + 1, type: s.type), t) { word -> Bool in
      guard word.count >= 2, word.count <= StopwordTable.maxLength, NERTokenizer.isUpper(word[0]) else { return false }
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: StopwordTable.maxLength) { lower in
        for (i, c) in word.enumerated() { lower[i] = NERTokenizer.isUpper(c) ? c | 0x20 : c }
        return designatorWords.contains(UnsafeBufferPointer(rebasing: lower[0..<word.count]))
      }
    }
    guard found == true else { return nil }
    return designators[t.text(s.start).lowercased()]
  }

  /// Extends each one-word designator span over the adjacent words of its name, or drops it:
  /// - to the left (heads), over capitalized words that are no function words, or over one adjacent name span
  ///   ("Pigeon" "River", "Soviet" "Union");
  /// - to the right, over "of" and the capitalized words or name after it (heads: "Army of Northern Virginia"), or
  ///   over the capitalized words or name right after it (leading words and modifiers: "Lake Michigan",
  ///   "[North] Carolina");
  /// never across a sentence boundary or anything but one space or line break; in all-capital sentences only over
  /// adjacent name spans (every word is capitalized there); a sentence's first word only when the document never
  /// writes it in lower case. A designator with no such neighbour is dropped, and so is an identifier label.
  /// Runs before names are given (the spans' `name` is unset).
  /// - Parameters:
  ///   - spans: the document's spans in order, not overlapping.
  ///   - t: the document's tokens.
  ///   - info: the tokens' flags.
  /// - Returns: the spans, designators extended or dropped.
  static func extendDesignators(_ spans: [TokenSpan], _ t: NERTokenizedText, _ info: NERTokenInfo) -> [TokenSpan] {
    var first = -1
    for (i, s) in spans.enumerated() where s.type.isName && (designatorKind(s, t) != nil || startsWithInitial(s, t)) {
      first = i
      break
    }
    guard first >= 0 else { return spans }
    var out = Array(spans[0..<first])
    var sentence = 0
    var i = first
    while i < spans.count {
      var s = spans[i]
      i += 1
      guard s.type.isName, let kind = designatorKind(s, t) else {
        if let last = out.last, startsWithInitial(s, t), isFirstName(last, before: s, t, info) {
          out[out.count - 1].end = s.end
          out[out.count - 1].type = .person
        } else {
          out.append(s)
        }
        continue
      }
      if case .label = kind { continue }
      if case .suffix = kind {
        // "Hank Williams" "Jr.": the suffix ends the name right before it, over one space; after a comma
        // ("Dory Funk, Jr.") or alone it is dropped.
        if s.end - s.start == 1, let last = out.last, last.type.isName, last.end == s.start,
          t.starts[s.start] == t.ends[s.start - 1] + 1, t.bytes[Int(t.ends[s.start - 1])] == 0x20,
          info.capsSentence[s.start] == 0
        {
          out[out.count - 1].end = s.end
          if t.ends[s.start] - t.starts[s.start] == 3 && t.bytes[Int(t.ends[s.start]) - 1] == 0x2E {
            out[out.count - 1].type = .person
          }
        }
        continue
      }
      s.end = s.start + 1
      while sentence < t.sentences.count && t.sentences[sentence].upperBound <= s.start { sentence += 1 }
      let bounds = sentence < t.sentences.count ? t.sentences[sentence] : s.start..<s.end
      let caps = info.capsSentence[s.start] != 0
      /// Whether token `k` may join a name as a bare word.
      func bare(_ k: Int) -> Bool {
        guard !caps, bounds.contains(k), info.flags[k] & NERTokenInfo.initialUpper != 0,
          info.flags[k] & NERTokenInfo.hasLetter != 0, !isFunctionWord(k, t)
        else { return false }
        return k != bounds.lowerBound || info.docCase[k] & 2 == 0
      }
      /// Whether tokens `a` and `a + 1` are one space or line break apart in one sentence.
      func touches(_ a: Int) -> Bool {
        bounds.contains(a) && bounds.contains(a + 1) && piecesTouch(t, a, a + 1, acrossSentence: false)
      }
      /// Whether tokens `a` and `a + 1` are one space apart in one sentence (bare words do not join over a line
      /// break: lists put one name on each line).
      func spaced(_ a: Int) -> Bool {
        bounds.contains(a) && bounds.contains(a + 1) && t.starts[a + 1] == t.ends[a] + 1
          && t.bytes[Int(t.ends[a])] == 0x20
      }
      var start = s.start
      var end = s.end
      var absorbed: EntityType? = nil
      let isHead: Bool
      let leading: Bool
      switch kind {
      case .head: (isHead, leading) = (true, false)
      case .leading: (isHead, leading) = (true, true)
      case .modifier, .adjective: (isHead, leading) = (false, true)
      case .suffix, .label: (isHead, leading) = (false, false)
      }
      // Left: an adjacent name, or bare capitalized words (heads); a modifier takes only a name ("James Street
      // North").
      if let last = out.last, last.type.isName, last.end == start, touches(start - 1) {
        absorbed = last.type
        start = last.start
        out.removeLast()
      } else if isHead {
        while start > bounds.lowerBound, spaced(start - 1), bare(start - 1) { start -= 1 }
      }
      // Right: "of" and a name (heads), or the name right after (leading words and modifiers, when nothing
      // joined on the left).
      var next = -1
      if isHead && end + 1 < t.count && touches(end - 1) && touches(end) && isLowerOf(end, t) {
        next = end + 1
      } else if leading && start == s.start && end < t.count && touches(end - 1) {
        next = end
      }
      if next >= 0 {
        if i < spans.count, spans[i].start == next, spans[i].type.isName, isHead || spans[i].type != .person {
          absorbed = absorbed ?? spans[i].type
          end = spans[i].end
          i += 1
        } else {
          var k = next
          while k < bounds.upperBound, spaced(k - 1), bare(k) { k += 1 }
          if k > next { end = k }
        }
      }
      guard start < s.start || end > s.end else {
        // "the North", "the West": a compass word after an article names a region.
        if case .modifier(.some(.loc)) = kind, s.start > 0, isArticle(s.start - 1, t) {
          out.append(s)
        } else if !isHead, end < t.count, isPossessive(end, t) {
          // "National's support rose", "International's sales": a short name, used as a noun.
          out.append(s)
        } else if case .adjective = kind, s.type == .misc {
          // "Western diplomats": the adjective alone, as a MISC span.
          out.append(s)
        } else if isPersonPart(s.start, spans, info) {
          // "Oliver North", later just "North": the surname stays, and the parts map names it.
          out.append(s)
        }
        continue
      }
      var joined = s
      joined.start = start
      joined.end = end
      switch kind {
      case .head(let type): joined.type = type ?? s.type
      case .leading(let type): joined.type = type ?? s.type
      case .modifier(let type): joined.type = absorbed ?? type ?? s.type
      case .adjective: joined.type = absorbed ?? s.type
      case .suffix, .label: break
      }
      out.append(joined)
    }
    return out
  }

  /// Whether the word of token `k` is a word of a person span of two or more tokens in the document ("North" of
  /// "Oliver North", "Hall" of "Arsenio Hall").
  static func isPersonPart(_ k: Int, _ spans: [TokenSpan], _ info: NERTokenInfo) -> Bool {
    let word = info.lower[k]
    return spans.contains { s in
      s.type == .person && s.end - s.start >= 2 && (s.start..<s.end).contains { info.lower[$0] == word }
    }
  }

  /// Whether a person span of two or more tokens starts with a middle initial ("E. Lee").
  static func startsWithInitial(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    guard s.type == .person, s.end - s.start >= 2, t.ends[s.start] - t.starts[s.start] == 2 else { return false }
    let a = Int(t.starts[s.start])
    return NERTokenizer.isUpper(t.bytes[a]) && t.bytes[a + 1] == 0x2E
  }

  /// Whether `last`, right before a person span that starts with a middle initial, is the first name the model
  /// typed apart ("Robert" ORG, "E. Lee" PERSON): one capitalized word, not all capitals, no function word or
  /// designator, one space before the initial.
  static func isFirstName(_ last: TokenSpan, before s: TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo) -> Bool {
    let k = last.start
    guard last.type.isName, last.end == s.start, last.end - k == 1, t.ends[k] - t.starts[k] >= 2,
      info.flags[k] & NERTokenInfo.initialUpper != 0, info.flags[k] & NERTokenInfo.allUpper == 0,
      t.starts[s.start] == t.ends[k] + 1, t.bytes[Int(t.ends[k])] == 0x20
    else { return false }
    return !isFunctionWord(k, t) && designatorKind(last, t) == nil
  }

  /// Whether token `k` is "the" or "The".
  static func isArticle(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    guard t.ends[k] - t.starts[k] == 3 else { return false }
    return t.bytes[a] | 0x20 == 0x74 && t.bytes[a + 1] == 0x68 && t.bytes[a + 2] == 0x65
  }

  /// Whether token `k` is a possessive "'s" or "’s".
  static func isPossessive(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    let n = Int(t.ends[k]) - a
    return (n == 2 && t.bytes[a] == 0x27 && t.bytes[a + 1] | 0x20 == 0x73)
      || (n == 4 && t.bytes[a] == 0xE2 && t.bytes[a + 1] == 0x80 && t.bytes[a + 2] == 0x99
        && t.bytes[a + 3] | 0x20 == 0x73)
  }

  /// Whether token `k` is "of" in lower case.
  static func isLowerOf(_ k: Int, _ t: NERTokenizedText) -> Bool {
    let a = Int(t.starts[k])
    return t.ends[k] - t.starts[k] == 2 && t.bytes[a] == 0x6F && t.bytes[a + 1] == 0x66
  }
}
