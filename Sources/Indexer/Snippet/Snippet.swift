/// A range of text in two units: UTF-8 bytes and UTF-16 code units, both half-open (`start..<end`) and 0-based.
///
/// Whether the offsets are absolute in the document body or relative to ``Snippet/text`` is stated where the span
/// is used. Offsets never split a character.
public struct TextSpan: Sendable, Equatable, Codable {
  /// First UTF-8 byte.
  public var utf8Start: Int
  /// One past the last UTF-8 byte.
  public var utf8End: Int
  /// First UTF-16 code unit (what LSP, VS Code and JavaScript strings count).
  public var utf16Start: Int
  /// One past the last UTF-16 code unit.
  public var utf16End: Int

  /// Creates a span.
  /// - Parameters:
  ///   - utf8Start: first byte.
  ///   - utf8End: one past the last byte.
  ///   - utf16Start: first UTF-16 code unit.
  ///   - utf16End: one past the last UTF-16 code unit.
  public init(utf8Start: Int, utf8End: Int, utf16Start: Int, utf16End: Int) {
    self.utf8Start = utf8Start
    self.utf8End = utf8End
    self.utf16Start = utf16Start
    self.utf16End = utf16End
  }
}

/// One highlighted match: a query term, or a whole phrase, as it occurs in the body.
public struct SnippetHighlight: Sendable, Equatable, Codable {
  /// The analyzed query term matched, or the phrase's terms joined by spaces in double quotes.
  public var term: String
  /// ABSOLUTE offsets in the document body: `body.utf8[utf8Start..<utf8End]` is the matched surface text.
  public var body: TextSpan
  /// RELATIVE offsets in ``Snippet/text`` (what a client renders): the same characters inside the snippet (with
  /// whitespace runs shown as one space).
  public var snippet: TextSpan
  /// Where the match starts in the source file: 1-based line, byte column and UTF-16 column.
  public var start: SourcePosition
  /// Where the match ends (the position just after its last character) in the source file.
  public var end: SourcePosition

  /// Creates a highlight.
  /// - Parameters:
  ///   - term: the query term or phrase.
  ///   - body: absolute body offsets.
  ///   - snippet: offsets relative to the snippet text.
  ///   - start: source position of the first character.
  ///   - end: source position just after the last character.
  public init(term: String, body: TextSpan, snippet: TextSpan, start: SourcePosition, end: SourcePosition) {
    self.term = term
    self.body = body
    self.snippet = snippet
    self.start = start
    self.end = end
  }
}

/// One excerpt of the body shown in a snippet.
public struct SnippetPassage: Sendable, Equatable, Codable {
  /// ABSOLUTE offsets of the excerpted body text (without the ellipses).
  public var body: TextSpan
  /// RELATIVE offsets of the same text inside ``Snippet/text`` (without the ellipses).
  public var snippet: TextSpan
  /// The passage score (distinct query terms weighted, repeats, proximity, earliness); 0 when nothing matched.
  public var score: Double

  /// Creates a passage.
  /// - Parameters:
  ///   - body: absolute body offsets.
  ///   - snippet: offsets relative to the snippet text.
  ///   - score: the passage score.
  public init(body: TextSpan, snippet: TextSpan, score: Double) {
    self.body = body
    self.snippet = snippet
    self.score = score
  }
}

/// What a search hit shows: the best passage (or two) with highlights, and where the best match is.
public struct Snippet: Sendable, Equatable, Codable {
  /// The text to display: each passage cut at word boundaries, with `…` where text was cut, passages joined by
  /// ` … `. Each run of whitespace (spaces, newlines, tabs) of the body appears as one space.
  public var text: String
  /// The passages in body order.
  public var passages: [SnippetPassage]
  /// The highlighted matches in ``text`` order; each carries both absolute body offsets and offsets relative to
  /// ``text``.
  public var highlights: [SnippetHighlight]
  /// The best match: the first match of the best-scoring passage; `nil` when no query term occurs in the body
  /// (the snippet then shows the beginning of the body).
  public var bestMatch: SnippetHighlight?

  /// Creates a snippet.
  /// - Parameters:
  ///   - text: the display text.
  ///   - passages: the excerpts, in body order.
  ///   - highlights: the matches inside the excerpts.
  ///   - bestMatch: the best match, if any.
  public init(text: String, passages: [SnippetPassage], highlights: [SnippetHighlight], bestMatch: SnippetHighlight?) {
    self.text = text
    self.passages = passages
    self.highlights = highlights
    self.bestMatch = bestMatch
  }
}

/// The query terms a snippet highlights, already analyzed like the body's tokens.
public struct SnippetQuery: Sendable, Equatable {
  /// Analyzed terms to highlight wherever they occur.
  public var terms: Set<String>
  /// Phrases as analyzed term sequences; highlighted only where the terms occur consecutively.
  public var phrases: [[String]]
  /// Term weights (for example idf); a term missing here weighs 1.
  public var weights: [String: Double]

  /// Creates the query side of a snippet.
  /// - Parameters:
  ///   - terms: analyzed terms.
  ///   - phrases: analyzed phrases.
  ///   - weights: weight per term, default 1.
  public init(terms: Set<String>, phrases: [[String]] = [], weights: [String: Double] = [:]) {
    self.terms = terms
    self.phrases = phrases
    self.weights = weights
  }

  /// The weight of a term.
  /// - Parameter term: an analyzed term.
  /// - Returns: its weight, 1 when not given (never negative).
  public func weight(_ term: String) -> Double {
    max(0, weights[term] ?? 1)
  }
}
