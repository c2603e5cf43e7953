/// How offsets in results are counted: UTF-8 bytes (Vim, grep) or UTF-16 code units (LSP, VS Code).
public enum PositionEncoding: String, Sendable, Codable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
}

/// A search: the query text and what to return.
public struct SearchRequest: Sendable {
  /// The query in seek's query language (`docs/query-language.md`).
  public var query: String
  /// Hits to return.
  public var limit: Int
  /// Hits to skip (paging).
  public var offset: Int
  /// Report malformed queries as errors instead of reading them leniently.
  public var strict: Bool
  /// Build snippets and highlights.
  public var snippets: Bool
  /// Entity facets over every matching document: how many top names per type (0: none). Facets make the search
  /// count all its matches, so `total` is then exact.
  public var facetLimit: Int
  /// Units of `column` and highlight offsets.
  public var positionEncoding: PositionEncoding
  /// Read each hit's stored document (title, format, date, entities; needed for snippets). When false and
  /// snippets are off, hits carry only id, path and score: the fast path for programs that want ranked ids.
  public var storedFields: Bool = true
  /// Read the query as plain words (no operators, fields or quotes): every word is an optional ranked term.
  /// For literal searches and for benchmark harnesses that send raw text.
  public var plain: Bool = false
  /// Score every matching document (no dynamic pruning): exact totals, slower. For tests and `--exact-count`.
  public var exhaustive: Bool = false

  /// Creates a request.
  public init(
    query: String, limit: Int = 10, offset: Int = 0, strict: Bool = false, snippets: Bool = true,
    facetLimit: Int = 5, positionEncoding: PositionEncoding = .utf8
  ) {
    self.query = query
    self.limit = max(0, limit)
    self.offset = max(0, offset)
    self.strict = strict
    self.snippets = snippets
    self.facetLimit = max(0, facetLimit)
    self.positionEncoding = positionEncoding
  }
}
