/// A parsed search query: the tree ``QueryParser`` builds from the query language (see docs/query-language.md).
///
/// Words are kept raw (as typed, minus operators): the ranking layer analyzes each word and phrase with the
/// document's `Analyzer`, which may turn one word into several terms (`e-mail`, Chinese text).
///
/// `description` prints a canonical form that parses back to the same canonical form; use it in tests and for
/// `seek search --explain`.
public indirect enum Query: Sendable, Equatable, CustomStringConvertible {
  /// Matches no document (the empty query, or a query whose every part was dropped).
  case matchNone
  /// One word, possibly a prefix or a fuzzy word, possibly restricted to one text field.
  case term(TermQuery)
  /// Words that must appear next to each other (within `slop` moves), possibly restricted to one text field.
  case phrase(PhraseQuery)
  /// A filter on document metadata (path, language, type, date, entities); never ranked.
  case filter(QueryFilter)
  /// Required, optional (ranked, "should") and excluded clauses.
  case boolean(BooleanQuery)
  /// Plain words side by side, as a plain-text search (`SearchRequest/plain`) makes them: it matches and ranks as
  /// `.boolean` of one optional `.term` (over all text fields, exact) per word, in order, would, with one box for
  /// the whole list instead of one per word.
  case plainWords(PlainWordList)

  public var description: String {
    switch self {
    case .matchNone: return ""
    case .term(let term): return term.description
    case .phrase(let phrase): return phrase.description
    case .filter(let filter): return filter.description
    case .boolean(let boolean): return boolean.description
    case .plainWords(let list): return list.description
    }
  }

  /// The description of this query as a clause inside a larger boolean: booleans (and lists of words, which stand
  /// for one) get parentheses.
  var clauseDescription: String {
    switch self {
    case .boolean: return "(\(description))"
    case .plainWords(let list) where list.count > 1: return "(\(description))"
    default: return description
    }
  }

  /// Whether this query only filters on metadata: a filter, or a boolean made only of filters.
  public var isFilter: Bool {
    switch self {
    case .filter: return true
    case .boolean(let b):
      let all = b.must + b.filter + b.should + b.mustNot
      return !all.isEmpty && all.allSatisfy(\.isFilter)
    case .term, .phrase, .matchNone, .plainWords: return false
    }
  }
}

/// A text field a word or phrase can be restricted to (`title:`, `body:`, `headings:`); `nil` means every text
/// field of the document, ranked with BM25F weights.
public enum TextField: String, Sendable, Equatable, CaseIterable {
  case title
  case body
  case headings
}

/// One word of the query.
public struct TermQuery: Sendable, Equatable, CustomStringConvertible {
  /// How a term matches dictionary terms.
  public enum Mode: Sendable, Equatable {
    /// The analyzed word itself.
    case exact
    /// Every term starting with the analyzed word (`word*`).
    case prefix
    /// Every term within `maxEdits` (1 or 2) edits (insert, delete, substitute, transpose) of the word (`word~`).
    case fuzzy(maxEdits: Int)
  }

  /// The word as typed, without operators (`+`, `-`, `*`, `~N`, `field:`); not yet analyzed.
  public var text: String
  /// The field the word is restricted to, or `nil` for all text fields.
  public var field: TextField?
  /// Exact, prefix or fuzzy.
  public var mode: Mode

  /// Creates a term.
  /// - Parameters:
  ///   - text: the raw word.
  ///   - field: the text field, or `nil` for all.
  ///   - mode: exact, prefix or fuzzy.
  public init(_ text: String, field: TextField? = nil, mode: Mode = .exact) {
    self.text = text
    self.field = field
    self.mode = mode
  }

  public var description: String {
    let prefix = field.map { "\($0.rawValue):" } ?? ""
    switch mode {
    case .exact: return prefix + text
    case .prefix: return prefix + text + "*"
    case .fuzzy(let edits): return prefix + text + "~\(edits)"
    }
  }
}

/// Words that must appear in order, next to each other or within `slop` moves (`"a b"~3`).
public struct PhraseQuery: Sendable, Equatable, CustomStringConvertible {
  /// The quoted text, raw, with runs of whitespace collapsed to one space; not yet analyzed.
  public var text: String
  /// The field the phrase is restricted to, or `nil` for all text fields.
  public var field: TextField?
  /// How many positions the words may move (0 = exact phrase).
  public var slop: Int

  /// Creates a phrase.
  /// - Parameters:
  ///   - text: the raw quoted text.
  ///   - field: the text field, or `nil` for all.
  ///   - slop: allowed moves, 0 for an exact phrase.
  public init(_ text: String, field: TextField? = nil, slop: Int = 0) {
    self.text = text
    self.field = field
    self.slop = slop
  }

  public var description: String {
    let prefix = field.map { "\($0.rawValue):" } ?? ""
    return prefix + "\"\(text)\"" + (slop > 0 ? "~\(slop)" : "")
  }
}

/// Clauses of a boolean query.
///
/// A document matches when it matches every `must` and every `filter` clause, no `mustNot` clause, and, if there
/// are no `must` clauses, at least one `should` clause (filters do not count here: `deepseek lang:en` needs
/// `deepseek`). Matching `should` clauses add to the score, so documents matching more of the words rank first;
/// `filter` clauses never score. A query with only `mustNot` clauses matches every document except those.
public struct BooleanQuery: Sendable, Equatable, CustomStringConvertible {
  /// Required, scored clauses (`+word`, operands of `AND`).
  public var must: [Query]
  /// Required metadata filters (`lang:en`, `path:*.md`, a group of filters), not scored.
  public var filter: [Query]
  /// Optional, ranked clauses (plain words side by side, operands of `OR`, filters joined by `OR`).
  public var should: [Query]
  /// Excluded clauses (`-word`, `NOT word`).
  public var mustNot: [Query]

  /// Creates a boolean query.
  /// - Parameters:
  ///   - must: required scored clauses.
  ///   - filter: required unscored filters.
  ///   - should: optional clauses.
  ///   - mustNot: excluded clauses.
  public init(must: [Query] = [], filter: [Query] = [], should: [Query] = [], mustNot: [Query] = []) {
    self.must = must
    self.filter = filter
    self.should = should
    self.mustNot = mustNot
  }

  public var description: String {
    if must.isEmpty && filter.isEmpty && mustNot.isEmpty, let words = plainWordsDescription { return words }
    var parts: [String] = []
    for clause in must { parts.append("+" + clause.clauseDescription) }
    for clause in filter { parts.append(clause.clauseDescription) }
    // A lone filter among should clauses is required unless joined by OR, so print OR to keep the meaning.
    let shouldSeparator = should.contains(where: \.isFilter) ? " OR " : " "
    let shouldText = should.map(\.clauseDescription).joined(separator: shouldSeparator)
    if !shouldText.isEmpty { parts.append(shouldText) }
    for clause in mustNot { parts.append("-" + clause.clauseDescription) }
    return parts.joined(separator: " ")
  }

  /// The description of `should` clauses that are all plain words (no field, no operator), the shape of every
  /// plain-text search, written as bytes into one string (as the general path would print them); nil for other
  /// clauses.
  private var plainWordsDescription: String? {
    var length = 0
    for clause in should {
      guard case .term(let t) = clause, t.field == nil, case .exact = t.mode else { return nil }
      length += t.text.utf8.count + 1
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(length)
    for (i, clause) in should.enumerated() {
      guard case .term(let t) = clause else { continue }
      if i > 0 { bytes.append(0x20) }
      bytes.append(contentsOf: t.text.utf8)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

extension Query {
  /// The words and phrases a matching document contains: every term and phrase leaf not under an exclusion.
  /// Use them to build a ``SnippetQuery`` (after analysis and prefix/fuzzy expansion) and for `--explain`.
  /// - Returns: `.term` and `.phrase` leaves in query order.
  public func positiveTextLeaves() -> [Query] {
    var out: [Query] = []
    var stack: [Query] = [self]
    while let query = stack.popLast() {
      switch query {
      case .term, .phrase: out.append(query)
      case .boolean(let boolean): stack.append(contentsOf: (boolean.must + boolean.should).reversed())
      // Leaves only: they come out in order.
      case .plainWords(let list): out.append(contentsOf: list.termClauses)
      case .filter, .matchNone: break
      }
    }
    return out
  }
}
