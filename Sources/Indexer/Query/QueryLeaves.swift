/// Building leaf queries (terms, phrases, filters) from words and quoted text.
extension QueryParseState {
  /// A bare word, under a field or not.
  /// - Parameters:
  ///   - raw: the word without modifiers or `field:`.
  ///   - field: the field it is the value of (or the field of the enclosing group), `nil` for all text.
  ///   - offset: scalar offset for error columns.
  /// - Returns: the leaf, or ``Query/matchNone`` when nothing searchable remains.
  func wordLeaf(_ raw: String, field: QueryFieldName?, at offset: Int) throws -> Query {
    guard let field, field.textField == nil else { return try textWord(raw, field: field?.textField, at: offset) }
    switch field {
    case .path:
      return .filter(.path(glob: raw))
    case .lang:
      return .filter(.lang(raw.lowercased()))
    case .type:
      return .filter(.type(raw.lowercased()))
    case .date:
      if let range = DateRange.parse(raw) { return .filter(.date(range)) }
      try problem("date: takes YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO, not '\(raw)'", at: offset)
      return .term(TermQuery("date:" + raw))
    default:
      if raw.count > 1 && raw.hasSuffix("*") {
        return .filter(.entity(type: field.entityType, value: String(raw.dropLast()), prefix: true))
      }
      return .filter(.entity(type: field.entityType, value: raw, prefix: false))
    }
  }

  /// Quoted text, under a field or not.
  /// - Parameters:
  ///   - raw: the text between the quotes.
  ///   - slop: the `~N` after the closing quote.
  ///   - star: whether a `*` followed the closing quote.
  ///   - field: the field, `nil` for all text.
  ///   - offset: scalar offset for error columns.
  /// - Returns: the leaf, or ``Query/matchNone`` for empty quotes.
  func quotedLeaf(_ raw: String, slop: Int?, star: Bool, field: QueryFieldName?, at offset: Int) throws -> Query {
    let text = Self.collapsingWhitespace(raw)
    if text.isEmpty {
      try problem("empty quotes", at: offset)
      return .matchNone
    }
    if let field, field.textField == nil {
      switch field {
      case .path: return .filter(.path(glob: star ? raw + "*" : raw))
      case .lang: return .filter(.lang(text.lowercased()))
      case .type: return .filter(.type(text.lowercased()))
      case .date:
        if let range = DateRange.parse(text) { return .filter(.date(range)) }
        try problem("date: takes YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO, not '\(text)'", at: offset)
        return .matchNone
      default: return .filter(.entity(type: field.entityType, value: text, prefix: star))
      }
    }
    if star { try problem("'*' after a phrase is not supported", at: offset) }
    return .phrase(PhraseQuery(text, field: field?.textField, slop: slop ?? 0))
  }

  /// A word in text fields: `word`, `prefix*`, `fuzzy~`, `fuzzy~N`.
  private func textWord(_ raw: String, field: TextField?, at offset: Int) throws -> Query {
    let scalars = Array(raw.unicodeScalars)
    if scalars.last == "*" {
      if scalars.count == 1 {
        try problem("a lone '*' matches nothing; put it after a few letters", at: offset)
        return .matchNone
      }
      return .term(TermQuery(String(raw.unicodeScalars.dropLast()), field: field, mode: .prefix))
    }
    // Trailing `~` / `~N` groups (`word~2~` is read as `word~`: the last group counts).
    var end = scalars.count
    var digits: ArraySlice<Unicode.Scalar>? = nil
    while true {
      var tilde = end - 1
      while tilde >= 0 && QueryLexer.digit(scalars[tilde]) != nil { tilde -= 1 }
      guard tilde > 0, scalars[tilde] == "~" else { break }
      if digits == nil { digits = scalars[(tilde + 1)..<end] }
      end = tilde
    }
    guard let digits else { return .term(TermQuery(Self.notKeyword(raw), field: field)) }
    let stem = QueryLexer.string(scalars[..<end])
    var edits: Int
    if digits.isEmpty {
      let length = stem.count
      edits = length >= 9 ? 2 : (length >= 5 ? 1 : 0)
    } else {
      edits = 0
      for s in digits { edits = min(edits * 10 + QueryLexer.digit(s)!, 100) }
      if edits > LevenshteinAutomaton.maxSupportedEdits {
        try problem("fuzzy words allow at most 2 edits, not \(edits)", at: offset + end)
        edits = LevenshteinAutomaton.maxSupportedEdits
      }
    }
    if edits == 0 { return .term(TermQuery(Self.notKeyword(stem), field: field)) }
    return .term(TermQuery(stem, field: field, mode: .fuzzy(maxEdits: edits)))
  }

  /// A word spelled like an operator (from `+AND` or `NOT~`) is lowercased so the canonical form does not read as
  /// the operator; analysis lowercases words anyway.
  private static func notKeyword(_ word: String) -> String {
    word == "AND" || word == "OR" || word == "NOT" ? word.lowercased() : word
  }

  /// Trims and collapses runs of whitespace to one space.
  static func collapsingWhitespace(_ text: String) -> String {
    var out: [Unicode.Scalar] = []
    var pendingSpace = false
    for s in text.unicodeScalars {
      if QueryLexer.isSpace(s) {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(s)
      }
    }
    return QueryLexer.string(out[...])
  }
}
