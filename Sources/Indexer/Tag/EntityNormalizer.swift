/// Document-level clean-up of tagged spans: canonical names ("U.S." -> "United States", "Huawei Technologies Co."
/// -> "Huawei"), consistency within a document (a later "Trump" or "Zhengfei" takes the type and name of an
/// earlier "Donald Trump" / "Ren Zhengfei"; one type per name by majority), and subtypes (GPE, NORP).
package enum EntityNormalizer {
  /// A span over tokens.
  struct TokenSpan {
    var start: Int
    var end: Int
    var type: EntityType
    /// Id of the canonical name in the `EntityNameCache` (-1: not yet normalized).
    var name: Int32 = -1
  }

  /// Country and organization aliases, keyed by lower-cased surface form.
  static let aliases: [String: String] = {
    var d: [String: String] = [:]
    let groups: [(String, [String])] = [
      (
        "United States",
        [
          "u.s.", "u.s", "us", "usa", "u.s.a.", "u.s.a", "united states", "united states of america", "america",
          "the united states", "the u.s.", "the us",
        ]
      ),
      ("United Kingdom", ["u.k.", "uk", "britain", "great britain", "united kingdom", "the united kingdom"]),
      ("China", ["prc", "p.r.c.", "people's republic of china", "mainland china", "the people's republic of china"]),
      ("European Union", ["eu", "e.u.", "european union", "the european union"]),
      ("United Nations", ["un", "u.n.", "united nations", "the united nations"]),
      ("Russia", ["russian federation"]),
      ("South Korea", ["s. korea", "republic of korea", "s.korea"]),
      ("North Korea", ["dprk", "n. korea"]),
      ("United Arab Emirates", ["uae", "u.a.e."]),
      ("Netherlands", ["holland", "the netherlands"]),
      ("Soviet Union", ["ussr", "u.s.s.r."]),
      ("New York", ["nyc", "new york city", "n.y."]),
      ("Washington", ["washington d.c.", "washington, d.c.", "d.c."]),
      ("Federal Reserve", ["fed", "the fed", "u.s. federal reserve"]),
      ("Nasdaq", ["nasdaq"]),
      ("Hong Kong", ["hong kong sar"]),
    ]
    for (canonical, variants) in groups { for v in variants { d[v] = canonical } }
    return d
  }()

  /// Trailing company-form words dropped from ORG names.
  static let companySuffixes: Set<String> = [
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "limited", "llc", "plc", "ag", "sa",
    "s.a.", "nv", "n.v.", "gmbh", "holdings", "holding", "group", "technologies", "technology", "&", ",", "cos",
    "cos.", "company",
  ]

  /// Products among the MISC names.
  static let products: Set<String> = [
    "chatgpt", "wechat", "iphone", "ipad", "android", "windows", "linux", "beidou", "weibo", "gemini", "copilot",
    "llama", "playstation", "xbox", "tiktok app", "claude",
  ]

  /// Turns token spans into entity spans with normalized names and subtypes, applying document consistency.
  /// - Parameter names: canonical names of surfaces already seen (kept across documents by the caller; it must
  ///   come from the same gazetteer).
  static func finish(
    _ spans0: [TokenSpan], _ t: NERTokenizedText, _ info: NERTokenInfo, _ gazetteer: Gazetteer,
    names: EntityNameCache
  ) -> [EntitySpan] {
    names.startDocument()
    let commonNouns = commonNounAcronyms(t)
    let signOff = signOffToken(t) ?? -1
    var spans = joinTouchingPieces(
      droppingTemplateNames(spans0, t).filter { s in
        !(s.type.isName
          && (isNotName(s, t) || isPluralAcronym(s, t) || (!commonNouns.isEmpty && isAcronym(s, t, in: commonNouns))
            || s.start == signOff))
      }, t, gazetteer)
    spans = droppingFragments(spans, t)
    // Before the product rule, which splits a person span into a company and a product that must stay apart.
    spans = joiningSplitNames(spans, t, info, gazetteer)
    spans = productsNotPeople(spans, t, info)
    spans = extendDesignators(spans, t, info)
    spans = joiningFirstWorldWar(spans, t)
    for k in spans.indices where spans[k].type.isName {
      spans[k].name = names.id(spans[k], t, info, gazetteer)
      let mask = names[spans[k].name].mask
      spans[k].type = curatedType(spans[k], mask)
      if spans[k].type == .misc && isPlaceModifier(spans[k], t, info, mask) {
        spans[k].type = .loc
      } else if spans[k].type != .misc && mask & listedNameBits == 0 && isModelCode(spans[k], t) {
        spans[k].type = .misc
      }
    }
    // Parts of multi-token person names, and single-word organization names.
    var parts = EntityPartMap(capacity: spans.count * 2)
    for s in spans where s.type == .person && s.end - s.start > 1 {
      for k in s.start..<s.end
      where t.ends[k] - t.starts[k] > 1 && info.flags[k] & NERTokenInfo.hasLetter != 0 && !isInitial(k, t) {
        parts.note(info.lower[k], .person, s.name, names)
      }
    }
    for s in spans where s.type.isName && s.end - s.start == 1 && t.ends[s.start] - t.starts[s.start] > 1 {
      parts.addIfAbsent(info.lower[s.start], s.type, s.name)
    }
    parts.dropAmbiguous()
    // Retag single-token name spans that are parts of person names; tag uncovered capitalized repeats.
    var covered = [Bool](repeating: false, count: t.count)
    for s in spans { for k in s.start..<s.end { covered[k] = true } }
    var retyped = false
    for k in spans.indices where spans[k].type.isName && spans[k].end - spans[k].start == 1 {
      if let (type, name) = parts[info.lower[spans[k].start]], type == .person {
        retyped = retyped || spans[k].type != .person
        spans[k].type = .person
        spans[k].name = name
      }
    }
    var added = capsGazetteerSpans(t, info, &covered)
    for k in 0..<t.count where !covered[k] && info.flags[k] & NERTokenInfo.initialUpper != 0 {
      guard t.ends[k] - t.starts[k] > 1, let (type, name) = parts[info.lower[k]] else { continue }
      added.append(TokenSpan(start: k, end: k + 1, type: type, name: name))
    }
    if !added.isEmpty || retyped {
      for k in added.indices where added[k].name < 0 { added[k].name = names.id(added[k], t, info, gazetteer) }
      spans.append(contentsOf: droppingTemplateNames(added, t))
      spans.sort { $0.start < $1.start }
      // Touching pieces of one name ("XI" from the model, "JINPING" from the lists) become one span.
      spans = joinTouchingPieces(spans, t, gazetteer) { $0.name = names.id($0, t, info, gazetteer) }
    }
    spans = trimFunctionWords(spans, t) { $0.name = names.id($0, t, info, gazetteer) }
    spans = droppingCommonWordNames(spans, t, info, names)
    // One type per name: majority, ties to the first.
    var local = NERHashMap(capacity: spans.count)
    var votes: [(Int32, Int32, Int32, Int32)] = []
    var firstType: [EntityType] = []
    for s in spans where s.type.isName {
      let group = UInt64(names[s.name].group)
      let v: Int
      if let found = local[group] {
        v = Int(found)
      } else {
        v = votes.count
        local[group] = UInt32(v)
        votes.append((0, 0, 0, 0))
        firstType.append(s.type)
      }
      switch s.type.nameIndex {
      case 0: votes[v].0 += 1
      case 1: votes[v].1 += 1
      case 2: votes[v].2 += 1
      default: votes[v].3 += 1
      }
    }
    for k in spans.indices where spans[k].type.isName {
      let v = Int(local[UInt64(names[spans[k].name].group)]!)
      var best = firstType[v]
      for c in 0..<4 where count(votes[v], c) > count(votes[v], best.nameIndex) { best = NERTagSet.classes[c] }
      spans[k].type = best
    }
    return spans.map { s in
      let a = Int(t.starts[s.start])
      let b = Int(t.ends[s.end - 1])
      let text = String(decoding: t.bytes[a..<b], as: UTF8.self)
      guard s.type.isName else {
        return EntitySpan(start: a, end: b, type: s.type, text: text, normalized: collapseSpaces(text), subtype: "")
      }
      let name = names[s.name]
      return EntitySpan(
        start: a, end: b, type: s.type, text: text, normalized: name.text,
        subtype: s.type == .loc ? name.locSubtype : s.type == .misc ? name.miscSubtype : "")
    }
  }

  /// Element `c` of a tally of the four name classes.
  @inline(__always) static func count(_ v: (Int32, Int32, Int32, Int32), _ c: Int) -> Int32 {
    switch c {
    case 0: v.0
    case 1: v.1
    case 2: v.2
    default: v.3
    }
  }

  /// Common abbreviations and words the model may take for names; never entities on their own.
  static let notNames: Set<String> = [
    "ai", "r&d", "evs", "ev", "ceo", "cfo", "gdp", "it", "tv", "ai-driven", "ai-powered", "ipo", "esg", "covid",
    "internet", "web", "the", "reuter", "a", "mr.", "mrs.", "dr.", "inc.", "corp.", "co.",
    // Acronyms of common nouns: media formats and molecules ("released on DVD", "mitochondrial DNA").
    "dvd", "dvds", "cd", "cds", "cd-rom", "vhs", "pdf", "mp3", "dna", "rna",
  ]

  /// In all-caps sentences, where the model lacks case cues, names from the hand-written lists that the model
  /// missed: people, companies, organizations, countries, places and nationalities.
  static func capsGazetteerSpans(_ t: NERTokenizedText, _ info: NERTokenInfo, _ covered: inout [Bool]) -> [TokenSpan] {
    let order: [(Gazetteer.Category, EntityType)] = [
      (.person, .person), (.company, .org), (.organization, .org), (.country, .loc), (.place, .loc),
      (.nationality, .misc),
    ]
    var out: [TokenSpan] = []
    var k = 0
    while k < t.count {
      guard info.capsSentence[k] != 0, !covered[k], info.gaz[k] != 0 else {
        k += 1
        continue
      }
      var found: TokenSpan? = nil
      for (c, type) in order {
        let base = UInt64(4 * c.rawValue)
        let g = info.gaz[k]
        if g & (1 << (base + 3)) != 0 {
          found = TokenSpan(start: k, end: k + 1, type: type)
        } else if g & (1 << base) != 0 {
          var j = k + 1
          while j < t.count, info.gaz[j] & (1 << (base + 1)) != 0, !covered[j] { j += 1 }
          if j < t.count, info.gaz[j] & (1 << (base + 2)) != 0, !covered[j] {
            found = TokenSpan(start: k, end: j + 1, type: type)
          }
        }
        if found != nil { break }
      }
      if let f = found {
        out.append(f)
        for q in f.start..<f.end { covered[q] = true }
        k = f.end
      } else {
        k += 1
      }
    }
    return out
  }

  /// The span's text with single spaces.
  static func surface(_ s: TokenSpan, _ t: NERTokenizedText) -> String {
    (s.start..<s.end).map { t.text($0) }.joined(separator: " ")
  }

  /// Corrects the model's type with the hand-written lists: companies and organizations are ORG, countries are
  /// LOC (unless the model says ORG, as for national teams), well-known people are PERSON.
  static func curatedType(_ s: TokenSpan, _ m: UInt16) -> EntityType {
    func has(_ c: Gazetteer.Category) -> Bool { m & UInt16(1 << c.rawValue) != 0 }
    if has(.company) || has(.organization) { return has(.country) || has(.place) ? s.type : .org }
    if has(.country) && (s.type == .misc || s.type == .person) { return .loc }
    if has(.person) && s.type == .misc && !has(.nationality) { return .person }
    return s.type
  }

  /// Whether a one-word span is a listed place (not a nationality) modifying the common noun after it: "the
  /// Hangzhou start-up", "a Delhi stockbroker", "the Baltic oil port". Such a place is LOC even where the model
  /// says MISC; before a capitalized word ("Pacific Western", "Gulf Cooperation Council") it is left alone, since
  /// the list mixes cities with regions whose names also start organization and event names.
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  ///   - info: the tokens' flags.
  ///   - m: the span's gazetteer mask.
  /// - Returns: true when the span should be LOC.
  static func isPlaceModifier(_ s: TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo, _ m: UInt16) -> Bool {
    let place = UInt16(1 << Gazetteer.Category.place.rawValue)
    let nationality = UInt16(1 << Gazetteer.Category.nationality.rawValue)
    guard s.end - s.start == 1, s.end < t.count, m & place != 0, m & nationality == 0 else { return false }
    return info.flags[s.end] & NERTokenInfo.initialLower != 0
  }

  /// The canonical form of a name span.
  static func canonical(_ s: TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo) -> String {
    var words: [String] = (s.start..<s.end).map { t.text($0) }
    if words.count > 1, words[0].lowercased() == "the" { words.removeFirst() }
    let joined = words.joined(separator: " ")
    if let a = aliases[joined.lowercased()] { return a }
    if s.type == .org {
      while words.count > 1, companySuffixes.contains(words[words.count - 1].lowercased()) { words.removeLast() }
    }
    if info.capsSentence[s.start] != 0 {
      words = words.map { w in
        guard w.count > 1, !w.contains(".") else { return w }
        return w.prefix(1) + w.dropFirst().lowercased()
      }
    }
    let result = words.joined(separator: " ")
    return aliases[result.lowercased()] ?? result
  }

  package static func collapseSpaces(_ s: String) -> String {
    if isCollapsed(s) { return s }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var pending = false
    for b in s.utf8 {
      // Beyond ASCII (combining marks) and with CR (CR LF is one Character) the Character split decides.
      if b >= 0x80 || b == 0x0D { return collapseSpacesByCharacter(s) }
      if b == 0x20 || b == 0x0A || b == 0x09 {
        pending = !bytes.isEmpty
        continue
      }
      if pending {
        bytes.append(0x20)
        pending = false
      }
      bytes.append(b)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether `collapseSpaces` would return `s` unchanged: ASCII without tabs, line breaks, leading or trailing
  /// spaces or two spaces in a row (a span's text between two tokens usually is).
  static func isCollapsed(_ s: String) -> Bool {
    var previous: UInt8 = 0x20
    for b in s.utf8 {
      if b >= 0x80 || (b >= 0x09 && b <= 0x0D) || (b == 0x20 && previous == 0x20) { return false }
      previous = b
    }
    return previous != 0x20 || s.isEmpty
  }

  /// `collapseSpaces` by Characters (the reference).
  package static func collapseSpacesByCharacter(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
  }

  /// An ASCII surface of at most 16 bytes, lower-cased and packed: length and bytes.
  struct PackedSurface: Equatable {
    var length = 0
    var low: UInt64 = 0
    var high: UInt64 = 0

    /// Appends a lower-cased ASCII byte (the caller keeps to 16 bytes).
    @inline(__always) mutating func append(_ b: UInt8) {
      let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
      if length < 8 {
        low |= UInt64(lower) << UInt64(8 * length)
      } else {
        high |= UInt64(lower) << UInt64(8 * (length - 8))
      }
      length += 1
    }
  }

  /// `notNames`, packed (all are ASCII and short).
  static let packedNotNames: [PackedSurface] = notNames.map { w in
    var p = PackedSurface()
    for b in w.utf8 { p.append(b) }
    return p
  }

  /// `packedNotNames` by `packedKey`: the index of the entry with that key.
  static let packedNotNameIndex: NERHashMap = {
    var map = NERHashMap(capacity: packedNotNames.count)
    for (k, p) in packedNotNames.enumerated() {
      precondition(map[packedKey(p)] == nil, "packedNotNames: two entries with one key")
      map[packedKey(p)] = UInt32(k)
    }
    return map
  }()

  /// A hash of a packed surface.
  @inline(__always) static func packedKey(_ p: PackedSurface) -> UInt64 {
    FeatureHash.mix(p.low ^ (p.high &* 0x9FB2_1C65_1E98_DF25) ^ UInt64(p.length) << 59)
  }

  /// Whether the span's surface, tokens joined by single spaces and lower-cased, is in `notNames`; byte-level for
  /// ASCII surfaces (no strings built): an ASCII surface longer than every entry is none.
  static func isNotName(_ s: TokenSpan, _ t: NERTokenizedText) -> Bool {
    let limit = notNameMaxLength
    var p = PackedSurface()
    var tooLong = false
    let nonASCII = t.bytes.withUnsafeBufferPointer { bytes -> Bool in
      for k in s.start..<s.end {
        if k > s.start {
          if p.length < limit { p.append(0x20) } else { tooLong = true }
        }
        for i in Int(t.starts[k])..<Int(t.ends[k]) {
          let c = bytes[i]
          if c >= 0x80 { return true }
          if p.length < limit { p.append(c) } else { tooLong = true }
        }
      }
      return false
    }
    if nonASCII { return notNames.contains(surface(s, t).lowercased()) }
    if tooLong { return false }
    guard let k = packedNotNameIndex[packedKey(p)] else { return false }
    return packedNotNames[Int(k)] == p
  }

  /// Longest entry of `notNames` in bytes (at most 16, what a `PackedSurface` holds).
  static let notNameMaxLength = notNames.map { $0.utf8.count }.max() ?? 0

  /// GPE for countries, cities and states; NORP for nationalities and groups; PRODUCT for known products.
  static func subtype(_ type: EntityType, _ name: EntityNameCache.Name) -> String {
    switch type {
    case .loc:
      let bits = UInt16(1 << Gazetteer.Category.country.rawValue | 1 << Gazetteer.Category.place.rawValue)
      return name.mask & bits != 0 || aliases[name.lower] != nil ? "GPE" : ""
    case .misc:
      if products.contains(name.lower) { return "PRODUCT" }
      if name.mask & UInt16(1 << Gazetteer.Category.nationality.rawValue) != 0 && !name.text.contains(" ") {
        return "NORP"
      }
      return ""
    default:
      return ""
    }
  }
}

extension EntityType {
  /// Whether the statistical model produces this type (PERSON, ORG, LOC, MISC).
  var isName: Bool { self == .person || self == .org || self == .loc || self == .misc }
  /// Index into `NERTagSet.classes`.
  var nameIndex: Int {
    switch self {
    case .person: 0
    case .org: 1
    case .loc: 2
    default: 3
    }
  }
}
