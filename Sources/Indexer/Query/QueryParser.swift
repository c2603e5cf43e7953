/// Parses the query language (docs/query-language.md) into a ``Query``.
///
/// Grammar, loosest binding first: a query is a list of clauses side by side or joined by `OR` (ranked "should"
/// clauses); a clause is operands joined by `AND` (all required); an operand is `NOT`, `+` or `-` applied to a
/// primary; a primary is a word, a "quoted phrase", a `field:value` or a parenthesized query. So `NOT` binds
/// tighter than `AND`, which binds tighter than `OR`.
///
/// Lenient mode (the default, for interactive input) never throws: an unclosed quote or parenthesis closes at the
/// end, stray operators are dropped, unknown `foo:bar` stays a plain word, and an empty query is ``Query/matchNone``.
/// Strict mode throws the first problem with its 1-based character column. Both run in linear time; parentheses
/// nested deeper than ``maxDepth`` are ignored (lenient) or rejected (strict), so no input can exhaust the stack.
public struct QueryParser: Sendable {
  /// Deepest parenthesis nesting honoured; deeper parentheses are treated as absent.
  public static let maxDepth = 100
  /// Whether problems throw instead of being repaired.
  public let strict: Bool

  /// Creates a parser.
  /// - Parameter strict: `true` to throw on malformed input (`seek search --strict`), `false` to repair it.
  public init(strict: Bool = false) {
    self.strict = strict
  }

  /// Parses a query string.
  /// - Parameter text: the query as typed.
  /// - Returns: the query tree; ``Query/matchNone`` when nothing searchable remains.
  /// - Throws: `SeekError(.invalidQuery)` naming the 1-based character column, in strict mode only.
  public func parse(_ text: String) throws -> Query {
    var state = QueryParseState(text: text, tokens: QueryLexer.tokenize(text), strict: strict)
    let clauses = try state.parseList(field: nil, depth: 0)
    return QueryParseState.combine(clauses, promoteFilters: true)
  }
}

/// One clause of a list, with how it must occur and whether it was joined with an explicit `OR`.
struct QueryClause {
  enum Occur { case must, should, mustNot }
  var occur: Occur
  var query: Query
  var joinedByOr = false
}

/// The cursor and error policy of one parse.
struct QueryParseState {
  let text: String
  let tokens: [QueryToken]
  let strict: Bool
  var position = 0
  /// `(` beyond the depth limit whose `)` must be skipped too.
  var ignoredParens = 0

  init(text: String, tokens: [QueryToken], strict: Bool) {
    self.text = text
    self.tokens = tokens
    self.strict = strict
  }

  var peek: QueryToken? { position < tokens.count ? tokens[position] : nil }

  /// Throws in strict mode; does nothing in lenient mode (the caller repairs).
  func problem(_ message: String, at scalarOffset: Int) throws {
    guard strict else { return }
    let prefix = String(String.UnicodeScalarView(text.unicodeScalars.prefix(scalarOffset)))
    let column = prefix.count + 1
    throw SeekError(
      .invalidQuery, "invalid query at column \(column): \(message) (fix it, or search without --strict)")
  }

  /// clauses := and-clause ( [OR] and-clause )*
  mutating func parseList(field: QueryFieldName?, depth: Int) throws -> [QueryClause] {
    var clauses: [QueryClause] = []
    var pendingOr: QueryToken? = nil
    while let token = peek {
      switch token.kind {
      case .closeParen:
        if ignoredParens > 0 {
          ignoredParens -= 1
          position += 1
          continue
        }
        if depth > 0 { return try finishList(clauses, pendingOr: pendingOr) }
        try problem("')' without a matching '('", at: token.scalarOffset)
        position += 1
      case .or:
        if clauses.isEmpty || pendingOr != nil {
          try problem("OR needs a term on its left", at: token.scalarOffset)
        } else {
          pendingOr = token
        }
        position += 1
      case .and:
        try problem("AND needs a term on its left", at: token.scalarOffset)
        position += 1
      default:
        let before = position
        if var clause = try parseAnd(field: field, depth: depth) {
          if pendingOr != nil {
            clause.joinedByOr = true
            clauses[clauses.count - 1].joinedByOr = true
          }
          clauses.append(clause)
          pendingOr = nil
        } else if position == before {
          // Nothing could start here; drop the token so parsing always advances.
          try problem("unexpected '\(describe(token))'", at: token.scalarOffset)
          position += 1
        }
      }
    }
    return try finishList(clauses, pendingOr: pendingOr)
  }

  private func finishList(_ clauses: [QueryClause], pendingOr: QueryToken?) throws -> [QueryClause] {
    if let pendingOr { try problem("OR needs a term on its right", at: pendingOr.scalarOffset) }
    return clauses
  }

  /// and-clause := operand ( AND operand )*
  mutating func parseAnd(field: QueryFieldName?, depth: Int) throws -> QueryClause? {
    var operands: [QueryClause] = []
    if let first = try parseUnary(field: field, depth: depth) { operands.append(first) }
    while let token = peek, token.kind == .and {
      position += 1
      if operands.isEmpty { try problem("AND needs a term on its left", at: token.scalarOffset) }
      if let next = try parseUnary(field: field, depth: depth) {
        operands.append(next)
      } else {
        try problem("AND needs a term on its right", at: token.scalarOffset)
      }
    }
    if operands.count <= 1 { return operands.first }
    let required = operands.map { operand -> QueryClause in
      var operand = operand
      if operand.occur == .should { operand.occur = .must }
      return operand
    }
    return QueryClause(occur: .should, query: Self.combine(required, promoteFilters: false))
  }

  /// operand := ( NOT | + | - )* primary
  mutating func parseUnary(field: QueryFieldName?, depth: Int) throws -> QueryClause? {
    var negated = false
    var required = false
    var firstOperator: QueryToken? = nil
    loop: while let token = peek {
      switch token.kind {
      case .not:
        negated.toggle()
      case .plus, .minus:
        let next = position + 1 < tokens.count ? tokens[position + 1] : nil
        if next == nil || !next!.adjacent {
          try problem("'\(describe(token))' must stand right before a word", at: token.scalarOffset)
          position += 1
          continue loop
        }
        if token.kind == .plus { required = true } else { negated.toggle() }
      default:
        break loop
      }
      if firstOperator == nil { firstOperator = token }
      position += 1
    }
    guard let query = try parsePrimary(field: field, depth: depth) else {
      if let firstOperator {
        try problem("'\(describe(firstOperator))' needs a term after it", at: firstOperator.scalarOffset)
      }
      return nil
    }
    let occur: QueryClause.Occur = negated ? .mustNot : (required ? .must : .should)
    return QueryClause(occur: occur, query: query)
  }

  /// primary := word | "phrase" | field:value | ( clauses )
  mutating func parsePrimary(field: QueryFieldName?, depth: Int) throws -> Query? {
    guard let token = peek else { return nil }
    switch token.kind {
    case .openParen:
      position += 1
      if depth >= QueryParser.maxDepth {
        // Too deep: ignore this parenthesis and its partner; what is inside joins the enclosing list.
        try problem("parentheses nested deeper than \(QueryParser.maxDepth)", at: token.scalarOffset)
        ignoredParens += 1
        return nil
      }
      let clauses = try parseList(field: field, depth: depth + 1)
      if let close = peek, close.kind == .closeParen {
        position += 1
      } else {
        try problem("'(' is never closed", at: token.scalarOffset)
      }
      return Self.combine(clauses, promoteFilters: field == nil)
    case .field(let name):
      position += 1
      guard let value = peek, value.adjacent else {
        try problem("\(name.rawValue): needs a value right after the colon", at: token.scalarOffset)
        return .matchNone
      }
      switch value.kind {
      case .word, .quoted, .openParen:
        return try parsePrimary(field: name, depth: depth)
      default:
        try problem("\(name.rawValue): needs a value right after the colon", at: token.scalarOffset)
        return .matchNone
      }
    case .word(let raw):
      position += 1
      return try wordLeaf(raw, field: field, at: token.scalarOffset)
    case .quoted(let raw, let closed, let slop, let star):
      position += 1
      if !closed { try problem("the quote is never closed", at: token.scalarOffset) }
      return try quotedLeaf(raw, slop: slop, star: star, field: field, at: token.scalarOffset)
    default:
      return nil
    }
  }

  private func describe(_ token: QueryToken) -> String {
    switch token.kind {
    case .word(let w): return w
    case .quoted(let q, _, _, _): return "\"" + q
    case .openParen: return "("
    case .closeParen: return ")"
    case .plus: return "+"
    case .minus: return "-"
    case .and: return "AND"
    case .or: return "OR"
    case .not: return "NOT"
    case .field(let f): return f.rawValue + ":"
    }
  }

  /// Builds a query from clauses: drops empty parts, moves filters to `filter` (unless joined by `OR`), and
  /// unwraps a single plain clause.
  static func combine(_ clauses: [QueryClause], promoteFilters: Bool) -> Query {
    var result = BooleanQuery()
    for clause in clauses {
      if case .matchNone = clause.query { continue }
      switch clause.occur {
      case .must:
        if clause.query.isFilter {
          result.filter.append(clause.query)
        } else if let parts = requiredParts(clause.query) {
          result.must += parts.must
          result.filter += parts.filter
        } else {
          result.must.append(clause.query)
        }
      case .mustNot: result.mustNot.append(clause.query)
      case .should:
        if promoteFilters && clause.query.isFilter && !clause.joinedByOr {
          result.filter.append(clause.query)
        } else {
          result.should.append(clause.query)
        }
      }
    }
    // A should-filter beside must clauses neither scores nor restricts; a lone should-filter without must clauses
    // is required. Normalizing both keeps the canonical form exact.
    if !result.must.isEmpty { result.should.removeAll(where: \.isFilter) }
    if result.must.isEmpty && result.should.count == 1 && result.should[0].isFilter {
      result.filter += result.should
      result.should = []
    }
    // A lone `a AND b` beside filters or exclusions is required: splice its parts in.
    if result.must.isEmpty && result.should.count == 1, let parts = requiredParts(result.should[0]) {
      result.must = parts.must
      result.filter += parts.filter
      result.should = []
    }
    let required = result.must.count + result.filter.count
    let count = required + result.should.count + result.mustNot.count
    if count == 0 { return .matchNone }
    if result.mustNot.isEmpty && count == 1 {
      return result.must.first ?? result.filter.first ?? result.should[0]
    }
    return .boolean(result)
  }

  /// The clauses of a boolean made only of required clauses (`a AND b`), or `nil`.
  private static func requiredParts(_ query: Query) -> (must: [Query], filter: [Query])? {
    guard case .boolean(let b) = query, b.should.isEmpty, b.mustNot.isEmpty else { return nil }
    return (b.must, b.filter)
  }
}
