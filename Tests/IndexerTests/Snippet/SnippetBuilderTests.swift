import Foundation
import Indexer
import TestSupport
import Testing

/// A stand-in for the analyzer: lowercased runs of letters and digits; each Han character is its own token.
let testTokenizer: SnippetBuilder.Tokenizer = { text in
  var tokens: [(term: String, start: Int, end: Int)] = []
  var current = String.UnicodeScalarView()
  var start = 0
  var offset = 0
  func flush(_ end: Int) {
    if !current.isEmpty { tokens.append((String(current).lowercased(), start, end)) }
    current = String.UnicodeScalarView()
  }
  for scalar in text.unicodeScalars {
    let size = UTF8.width(scalar)
    if (0x4E00...0x9FFF).contains(scalar.value) {
      flush(offset)
      tokens.append((String(scalar), offset, offset + size))
    } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
      if current.isEmpty { start = offset }
      current.append(scalar)
    } else {
      flush(offset)
    }
    offset += size
  }
  flush(offset)
  return tokens
}

/// Checks every offset of a snippet against Swift's own views of the body.
func verifyOffsets(_ snippet: Snippet, body: String, sourceMap: SourceMap? = nil) {
  let bodyBytes = Array(body.utf8)
  let textBytes = Array(snippet.text.utf8)
  func utf16Offset(_ string: String, _ utf8Offset: Int) -> Int? {
    let index = string.utf8.index(string.utf8.startIndex, offsetBy: utf8Offset)
    guard index.samePosition(in: string.unicodeScalars) != nil else { return nil }  // splits a character
    return string.utf16.distance(from: string.utf16.startIndex, to: index)
  }
  func display(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    for b in bytes {
      if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0B || b == 0x0C {
        if out.last != 0x20 { out.append(0x20) }
      } else {
        out.append(b)
      }
    }
    return out
  }
  for h in snippet.highlights {
    if let sourceMap {
      #expect(h.start == sourceMap.position(ofBodyOffset: h.body.utf8Start, in: body))
      #expect(h.end == sourceMap.position(ofBodyOffset: h.body.utf8End, in: body))
    }
    #expect(h.body.utf8Start < h.body.utf8End && h.body.utf8End <= bodyBytes.count)
    #expect(utf16Offset(body, h.body.utf8Start) == h.body.utf16Start, "utf16 start of \(h.term)")
    #expect(utf16Offset(body, h.body.utf8End) == h.body.utf16End, "utf16 end of \(h.term)")
    #expect(utf16Offset(snippet.text, h.snippet.utf8Start) == h.snippet.utf16Start)
    #expect(utf16Offset(snippet.text, h.snippet.utf8End) == h.snippet.utf16End)
    // The snippet shows the same characters as the body at the highlight.
    #expect(
      Array(textBytes[h.snippet.utf8Start..<h.snippet.utf8End])
        == display(bodyBytes[h.body.utf8Start..<h.body.utf8End]))
    // Line and columns, computed independently for a verbatim body.
    if sourceMap == nil {
      let before = bodyBytes[..<h.body.utf8Start]
      let line = before.filter { $0 == 0x0A }.count + 1
      let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
      let linePrefix = String(decoding: bodyBytes[lineStart..<h.body.utf8Start], as: UTF8.self)
      #expect(
        h.start
          == SourcePosition(
            line: line, column: h.body.utf8Start - lineStart + 1,
            utf16Column: linePrefix.utf16.count + 1))
    }
  }
  for p in snippet.passages {
    #expect(utf16Offset(body, p.body.utf8Start) == p.body.utf16Start)
    #expect(utf16Offset(body, p.body.utf8End) == p.body.utf16End)
    #expect(
      Array(textBytes[p.snippet.utf8Start..<p.snippet.utf8End]) == display(bodyBytes[p.body.utf8Start..<p.body.utf8End])
    )
  }
}

@Suite struct SnippetBuilderTests {
  let builder = SnippetBuilder(tokenize: testTokenizer)

  static let filler =
    "The committee met again on Tuesday to review procedures, budgets and the schedule for next year. "

  private func surface(_ body: String, _ h: SnippetHighlight) -> String {
    String(decoding: Array(body.utf8)[h.body.utf8Start..<h.body.utf8End], as: UTF8.self)
  }

  @Test func bestPassageInALongMultiLineBody() throws {
    let body =
      String(repeating: Self.filler + "\n", count: 12)
      + "Washington tightened export controls on advanced chips sold to China.\nHuawei answered with its own chips.\n"
      + String(repeating: Self.filler + "\n", count: 12)
    let query = SnippetQuery(terms: ["export", "controls", "chips", "huawei"])
    let snippet = builder.snippet(body: body, sourceMap: .verbatim(body), query: query)
    verifyOffsets(snippet, body: body)
    #expect((160...250).contains(snippet.text.utf8.count), "\(snippet.text.utf8.count): \(snippet.text)")
    #expect(snippet.text.hasPrefix("…") && snippet.text.hasSuffix("…"))
    #expect(snippet.text.contains("export controls on advanced chips"))
    #expect(Set(snippet.highlights.map(\.term)) == ["export", "controls", "chips", "huawei"])
    let best = try #require(snippet.bestMatch)
    #expect(surface(body, best) == "export")
    #expect(best.start.line == 13)
    #expect(best.start.column == "Washington tightened ".utf8.count + 1)
    // Cut at word boundaries: the passage starts at a word start and ends at a word end or punctuation.
    let passage = try #require(snippet.passages.first)
    let bytes = Array(body.utf8)
    let startOK = passage.body.utf8Start == 0 || !isLetter(bytes[passage.body.utf8Start - 1])
    let endOK = passage.body.utf8End == bytes.count || !isLetter(bytes[passage.body.utf8End])
    #expect(startOK && endOK)
  }

  private func isLetter(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
  }

  @Test func chineseTextAndPhrases() throws {
    let body = "第一行文字。\n美国收紧了对先进芯片的出口管制，华为推出了自己的芯片。\n第三行。"
    let query = SnippetQuery(terms: ["华", "为"], phrases: [["芯", "片"]])
    let snippet = builder.snippet(body: body, sourceMap: .verbatim(body), query: query)
    verifyOffsets(snippet, body: body)
    let surfaces = snippet.highlights.map { surface(body, $0) }
    #expect(surfaces == ["芯片", "华", "为", "芯片"])
    let first = try #require(snippet.highlights.first)
    #expect(first.start.line == 2)
    #expect(first.start.column == "美国收紧了对先进".utf8.count + 1)
    #expect(first.start.utf16Column == "美国收紧了对先进".utf16.count + 1)
    #expect(first.body.utf16Start == "第一行文字。\n美国收紧了对先进".utf16.count)
    #expect(snippet.text == body.replacingOccurrences(of: "\n", with: " "))  // short body: shown whole
    let spaced = "one\n\n   two  chips\t\tthree"
    let collapsed = builder.snippet(body: spaced, sourceMap: .verbatim(spaced), query: SnippetQuery(terms: ["chips"]))
    verifyOffsets(collapsed, body: spaced)
    #expect(collapsed.text == "one two chips three")
    #expect(collapsed.highlights.first?.snippet.utf8Start == 8)
  }

  @Test func accentsAndEmojiCountUTF16Correctly() throws {
    let body = "🙂🙂 Zürich café: naïve crème brûlée 👩‍👩‍👧 in Zürich.\nSecond 🚀 line mentions café again."
    let query = SnippetQuery(terms: ["zürich", "café", "brûlée"])
    let snippet = builder.snippet(body: body, sourceMap: .verbatim(body), query: query)
    verifyOffsets(snippet, body: body)
    #expect(snippet.highlights.map { surface(body, $0) } == ["Zürich", "café", "brûlée", "Zürich", "café"])
    let first = try #require(snippet.highlights.first)
    #expect(first.body.utf8Start == 9 && first.body.utf16Start == 5)
    let last = try #require(snippet.highlights.last)
    #expect(last.start.line == 2)
    #expect(last.start.utf16Column == "Second 🚀 line mentions ".utf16.count + 1)
    #expect(last.start.column == "Second 🚀 line mentions ".utf8.count + 1)
  }

  @Test func twoPassagesWhenTermsAreFarApart() throws {
    let body =
      "Quantum computing basics. " + String(repeating: Self.filler, count: 20)
      + "Finally, the lattice cryptography section closes the report."
    let query = SnippetQuery(terms: ["quantum", "lattice"])
    let snippet = builder.snippet(body: body, sourceMap: .verbatim(body), query: query)
    verifyOffsets(snippet, body: body)
    #expect(snippet.passages.count == 2)
    #expect(snippet.text.contains(" … "))
    #expect(snippet.highlights.map(\.term) == ["quantum", "lattice"])
    #expect(snippet.text.utf8.count <= 250)
    #expect(snippet.passages[0].body.utf8End <= snippet.passages[1].body.utf8Start)
    // Only one passage when asked for one.
    let one = SnippetBuilder(maxPassages: 1, tokenize: testTokenizer)
      .snippet(body: body, sourceMap: .verbatim(body), query: query)
    #expect(one.passages.count == 1)
  }

  @Test func weightsAndProximityChooseThePassage() throws {
    let body =
      "alpha beta appear here together. " + String(repeating: Self.filler, count: 6)
      + "zeta shows up alone in this later sentence. " + String(repeating: Self.filler, count: 6)
    // With equal weights the early passage with two terms wins; a heavy weight on zeta moves the best match.
    let equal = SnippetBuilder(maxPassages: 1, tokenize: testTokenizer)
      .snippet(body: body, sourceMap: .verbatim(body), query: SnippetQuery(terms: ["alpha", "beta", "zeta"]))
    #expect(equal.bestMatch?.term == "alpha")
    let weighted = SnippetBuilder(maxPassages: 1, tokenize: testTokenizer)
      .snippet(
        body: body, sourceMap: .verbatim(body),
        query: SnippetQuery(terms: ["alpha", "beta", "zeta"], weights: ["zeta": 5, "alpha": 1, "beta": 1]))
    #expect(weighted.bestMatch?.term == "zeta")
    // Proximity: the passage where the two words are adjacent beats one where they are apart.
    let spread =
      "gamma " + String(repeating: "word ", count: 30) + "delta. " + String(repeating: Self.filler, count: 4)
      + "Here gamma delta stand side by side." + String(repeating: Self.filler, count: 4)
    let close = SnippetBuilder(maxPassages: 1, tokenize: testTokenizer)
      .snippet(body: spread, sourceMap: .verbatim(spread), query: SnippetQuery(terms: ["gamma", "delta"]))
    #expect(close.text.contains("gamma delta stand"))
  }

  @Test func noMatchShowsTheBeginning() {
    let body = String(repeating: Self.filler, count: 5)
    let snippet = builder.snippet(body: body, sourceMap: .verbatim(body), query: SnippetQuery(terms: ["absent"]))
    #expect(snippet.highlights.isEmpty && snippet.bestMatch == nil)
    #expect(snippet.text.hasPrefix("The committee met"))
    #expect(snippet.text.hasSuffix("…"))
    #expect((160...250).contains(snippet.text.utf8.count))
    let empty = builder.snippet(body: "", sourceMap: SourceMap(), query: SnippetQuery(terms: ["x"]))
    #expect(empty.text.isEmpty && empty.highlights.isEmpty)
  }

  @Test func textWithoutWordsStillShows() throws {
    let emoji = String(repeating: "🙂🚀 ", count: 100)
    let snippet = builder.snippet(body: emoji, sourceMap: .verbatim(emoji), query: SnippetQuery(terms: ["x"]))
    #expect((160...250).contains(snippet.text.utf8.count), "\(snippet.text)")
    #expect(snippet.text.hasPrefix("🙂🚀 🙂") && snippet.text.hasSuffix("…"))
    // One giant token around the match: cut at character boundaries.
    let blob = String(repeating: "é", count: 400) + " chips " + String(repeating: "中", count: 400)
    let cut = builder.snippet(body: blob, sourceMap: .verbatim(blob), query: SnippetQuery(terms: ["chips"]))
    verifyOffsets(cut, body: blob)
    #expect(cut.highlights.count == 1)
    #expect((150...250).contains(cut.text.utf8.count), "\(cut.text.utf8.count)")
    #expect(cut.text.hasPrefix("…é") && cut.text.hasSuffix("中…"))
  }

  @Test func sourceMapAnchorsAreUsed() throws {
    // As if the body were extracted from HTML: body offset 0 is line 7, column 12 of the source.
    let body = "Intro text.\nThe chips are here."
    let map = SourceMap(anchors: [
      .init(bodyOffset: 0, line: 7, column: 12, utf16Column: 12),
      .init(bodyOffset: 12, line: 9, column: 5, utf16Column: 5),
    ])
    let snippet = builder.snippet(body: body, sourceMap: map, query: SnippetQuery(terms: ["chips"]))
    verifyOffsets(snippet, body: body, sourceMap: map)
    let best = try #require(snippet.bestMatch)
    #expect(best.start == SourcePosition(line: 9, column: 9, utf16Column: 9))
    #expect(best.end == SourcePosition(line: 9, column: 14, utf16Column: 14))
  }

  @Test func randomBodiesKeepEveryInvariant() {
    var rng = SeededRandom(seed: 99)
    let words = [
      "chips", "export", "Zürich", "café", "naïve", "数据", "芯片", "🙂", "👩‍👩‍👧", "e-mail", "\n", "\n\n", "  ", "\t",
      "control", "Ünïcödé", "中", "a", "x1", ".", ",", "(", ")", "—",
    ]
    for _ in 0..<300 {
      var body = ""
      for _ in 0..<Int.random(in: 0...120, using: &rng) {
        body += words.randomElement(using: &rng)!
        if Bool.random(using: &rng) { body += " " }
      }
      let tokens = testTokenizer(body)
      var terms = Set<String>()
      for _ in 0..<3 { if let t = tokens.randomElement(using: &rng) { terms.insert(t.term) } }
      var phrases: [[String]] = []
      if tokens.count > 2 {
        let i = Int.random(in: 0..<(tokens.count - 1), using: &rng)
        phrases.append([tokens[i].term, tokens[i + 1].term])
      }
      let snippet = builder.snippet(
        body: body, sourceMap: .verbatim(body), query: SnippetQuery(terms: terms, phrases: phrases))
      verifyOffsets(snippet, body: body)
      #expect(snippet.text.utf8.count <= 300)
      // The same body under a source map with random anchors (as HTML extraction makes).
      var anchors: [SourceMap.Anchor] = []
      var offset = Int.random(in: 0...20, using: &rng)
      while offset < body.utf8.count {
        let line = Int.random(in: 1...500, using: &rng)
        anchors.append(.init(bodyOffset: offset, line: line, column: 3, utf16Column: 2))
        offset += Int.random(in: 1...60, using: &rng)
      }
      let map = SourceMap(anchors: anchors)
      let mapped = builder.snippet(body: body, sourceMap: map, query: SnippetQuery(terms: terms, phrases: phrases))
      verifyOffsets(mapped, body: body, sourceMap: map)
      if !tokens.isEmpty && !terms.isEmpty { #expect(!snippet.highlights.isEmpty) }
    }
  }

  @Test func garbageTokenizerOutputNeverCrashes() {
    var rng = SeededRandom(seed: 3)
    let body = "Zürich 🙂 数据 chips\nexport 👩‍👩‍👧 control " + String(repeating: "word ", count: 80)
    for _ in 0..<200 {
      var tokens: [(term: String, start: Int, end: Int)] = []
      for _ in 0..<Int.random(in: 0...40, using: &rng) {
        let a = Int.random(in: -10...(body.utf8.count + 10), using: &rng)
        let b = Int.random(in: -10...(body.utf8.count + 10), using: &rng)
        tokens.append((["chips", "x", "word", ""].randomElement(using: &rng)!, a, b))
      }
      let snippet = builder.snippet(
        body: body, sourceMap: .verbatim(body),
        query: SnippetQuery(terms: ["chips", "word"], phrases: [["x", "word"]]),
        tokens: tokens)
      for h in snippet.highlights {
        #expect(h.body.utf8Start >= 0 && h.body.utf8End <= body.utf8.count && h.body.utf8Start < h.body.utf8End)
      }
      verifyOffsets(snippet, body: body)
    }
  }
}
