import Indexer
import TestSupport
import Testing

/// Counts cursor calls to prove the intersection skips.
struct CountingCursor: SortedTermCursor {
  var inner: SortedArrayTermCursor
  var seeks = 0
  var nexts = 0
  mutating func seek(ceil: [UInt8]) -> [UInt8]? {
    seeks += 1
    return inner.seek(ceil: ceil)
  }
  mutating func next() -> [UInt8]? {
    nexts += 1
    return inner.next()
  }
}

@Suite struct LevenshteinAutomatonTests {
  /// Optimal string alignment (restricted Damerau-Levenshtein) or plain Levenshtein distance, full table.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], transpositions: Bool) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }

  /// The automaton's definition with an exact prefix: the prefix must match, the rest is within the distance.
  static func expected(_ term: String, _ candidate: String, edits: Int, prefix: Int, transpositions: Bool) -> Int? {
    let t = Array(term.unicodeScalars)
    let c = Array(candidate.unicodeScalars)
    let p = min(prefix, t.count)
    guard c.count >= p, Array(c[..<p]) == Array(t[..<p]) else { return nil }
    let d = distance(Array(c[p...]), Array(t[p...]), transpositions: transpositions)
    return d <= edits ? d : nil
  }

  static let letters: [Unicode.Scalar] = ["a", "b", "c", "d", "e", "é", "中", "🙂"]

  static func randomWord(_ rng: inout SeededRandom, alphabet: [Unicode.Scalar], length: ClosedRange<Int>) -> String {
    let count = Int.random(in: length, using: &rng)
    var scalars = String.UnicodeScalarView()
    for _ in 0..<count { scalars.append(alphabet.randomElement(using: &rng)!) }
    return String(scalars)
  }

  @Test func knownDistances() {
    let automaton = LevenshteinAutomaton("huawei", maxEdits: 2)
    #expect(automaton.matches("huawei") == 0)
    #expect(automaton.matches("hauwei") == 1)  // transposition
    #expect(automaton.matches("huawe") == 1)
    #expect(automaton.matches("huaweii") == 1)
    #expect(automaton.matches("hwei") == 2)
    #expect(automaton.matches("hxxwei") == 2)
    #expect(automaton.matches("hxxxei") == nil)
    #expect(LevenshteinAutomaton("huawei", maxEdits: 2, transpositions: false).matches("hauwei") == 2)
    #expect(LevenshteinAutomaton("zürich", maxEdits: 1).matches("zurich") == 1)
    #expect(LevenshteinAutomaton("北京", maxEdits: 1).matches("北") == 1)
    #expect(LevenshteinAutomaton("chips", maxEdits: 1, prefixLength: 2).matches("chops") == 1)
    #expect(LevenshteinAutomaton("chips", maxEdits: 1, prefixLength: 2).matches("cnips") == nil)
    #expect(LevenshteinAutomaton("", maxEdits: 1).matches("a") == 1)
    #expect(LevenshteinAutomaton("", maxEdits: 1).matches("ab") == nil)
  }

  @Test func stateAPI() {
    let automaton = LevenshteinAutomaton("cat", maxEdits: 1)
    var state = automaton.start
    #expect(!automaton.isMatch(state) && automaton.canMatch(state))
    for scalar in "ca".unicodeScalars { state = automaton.step(state, scalar)! }
    #expect(automaton.isMatch(state))  // "ca" is one deletion away
    #expect(automaton.distance(state) == 1)
    state = automaton.step(state, "t")!
    #expect(automaton.distance(state) == 0)
    #expect(automaton.step(automaton.step(state, "x")!, "y") == nil)
  }

  @Test func matchesAgreeWithBruteForce() {
    var rng = SeededRandom(seed: 7)
    for round in 0..<300 {
      let term = Self.randomWord(&rng, alphabet: Self.letters, length: 0...7)
      let edits = round % 3
      let prefix = round % 4 == 0 ? Int.random(in: 0...3, using: &rng) : 0
      let transpositions = round % 5 != 0
      let automaton = LevenshteinAutomaton(term, maxEdits: edits, prefixLength: prefix, transpositions: transpositions)
      for _ in 0..<60 {
        let candidate = Self.randomWord(&rng, alphabet: Self.letters, length: 0...9)
        let want = Self.expected(term, candidate, edits: edits, prefix: prefix, transpositions: transpositions)
        #expect(automaton.matches(candidate) == want, "\(term) ~\(edits) p\(prefix) vs \(candidate)")
        #expect(automaton.matches(utf8: Array(candidate.utf8)) == want)
      }
    }
  }

  @Test func nextAcceptedIsTheSmallestAcceptedStringAbove() {
    var rng = SeededRandom(seed: 11)
    let alphabet: [Unicode.Scalar] = ["a", "b", "c"]
    // All strings over {NUL,a,b,c,d} up to length 5, sorted: a brute-force "language". NUL and d stand for the
    // characters outside the term (the smallest answer only ever uses NUL, a term letter, or an input letter + 1).
    var all: [String] = [""]
    var frontier: [String] = [""]
    for _ in 0..<5 {
      frontier = frontier.flatMap { w in (["\u{0}", "d"] + alphabet).map { w + String($0) } }
      all += frontier
    }
    all.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    for _ in 0..<40 {
      let term = Self.randomWord(&rng, alphabet: alphabet, length: 1...3)
      let automaton = LevenshteinAutomaton(term, maxEdits: 1)
      let accepted = all.filter { automaton.matches($0) != nil }
      for _ in 0..<20 {
        let input = Self.randomWord(&rng, alphabet: alphabet, length: 0...5)
        let want = accepted.first { !Array($0.utf8).lexicographicallyPrecedes(Array(input.utf8)) && $0 != input }
        let got = automaton.nextAccepted(atLeast: Array(input.unicodeScalars), inclusive: false)
          .map { String(String.UnicodeScalarView($0)) }
        // Strings over {a,b,c} longer than 5 cannot be within 1 edit of a 3-letter term, so `all` is complete.
        #expect(got == want, "term \(term) after \(input)")
      }
    }
  }

  @Test func dictionaryIntersectionSkipsAndFindsExactlyTheMatches() {
    var rng = SeededRandom(seed: 2024)
    let latin: [Unicode.Scalar] = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars) + ["é", "ü", "中", "🙂"]
    var set = Set<String>()
    while set.count < 100_000 { set.insert(Self.randomWord(&rng, alphabet: latin, length: 3...10)) }
    let queries = ["hello", "search", "zürich", "abcdefghij", "中文", "xyz"]
    for word in queries { set.insert(word) }
    let terms = set.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    for (index, word) in queries.enumerated() {
      let edits = index % 2 == 0 ? 2 : 1
      let automaton = LevenshteinAutomaton(word, maxEdits: edits)
      var cursor = CountingCursor(inner: SortedArrayTermCursor(terms: terms))
      let found = automaton.matchingTerms(in: &cursor)
      let brute = terms.compactMap { term -> ([UInt8], Int)? in
        automaton.matches(utf8: term).map { (term, $0) }
      }
      #expect(found.map(\.term) == brute.map(\.0), "\(word)~\(edits)")
      #expect(found.map(\.distance) == brute.map(\.1))
      #expect(found.contains { $0.term == Array(word.utf8) && $0.distance == 0 })
      let calls = cursor.seeks + cursor.nexts
      #expect(calls < terms.count / 10, "\(word)~\(edits) visited \(calls) of \(terms.count) terms")
      print("fuzzy \(word)~\(edits): \(found.count) matches, \(cursor.seeks) seeks + \(cursor.nexts) nexts")
    }
  }

  @Test func invalidUTF8InTheDictionaryIsSteppedOver() {
    var rng = SeededRandom(seed: 5)
    var set = Set<[UInt8]>()
    let pieces: [[UInt8]] = [[0x61], [0x62], [0x63], [0xFF], [0x80], [0xC4, 0x80], [0xE4, 0xB8, 0xAD], [0x00]]
    while set.count < 3000 {
      var term: [UInt8] = []
      for _ in 0..<Int.random(in: 1...5, using: &rng) { term += pieces.randomElement(using: &rng)! }
      set.insert(term)
    }
    let terms = set.sorted { $0.lexicographicallyPrecedes($1) }
    for word in ["abc", "aĀ", "中a", "ab"] {
      let automaton = LevenshteinAutomaton(word, maxEdits: 1)
      var cursor = SortedArrayTermCursor(terms: terms)
      let found = automaton.matchingTerms(in: &cursor).map(\.term)
      let brute = terms.filter { automaton.matches(utf8: $0) != nil }
      #expect(found == brute, "\(word)")
    }
  }

  @Test func limitStopsEarly() {
    let terms = ["aa", "ab", "ac", "ad", "b"].map { Array($0.utf8) }
    var cursor = SortedArrayTermCursor(terms: terms)
    let found = LevenshteinAutomaton("a", maxEdits: 1).matchingTerms(in: &cursor, limit: 2)
    #expect(found.map { String(decoding: $0.term, as: UTF8.self) } == ["aa", "ab"])
  }
}
