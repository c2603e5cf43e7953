/// One entity shown with a hit or in a facet: its type, canonical name and how often it occurs.
public struct EntityCount: Sendable, Equatable {
  /// The entity type.
  public var type: EntityType
  /// The normalized name.
  public var name: String
  /// Mentions in the hit, or matching documents in a facet.
  public var count: Int

  /// Creates an entity count.
  public init(type: EntityType, name: String, count: Int) {
    self.type = type
    self.name = name
    self.count = count
  }
}

/// One ranked result.
public struct SearchHit: Sendable {
  /// 1-based rank over the whole result list (offset included).
  public var rank: Int
  /// The document id (`path`, or `path#key` for a record in a container).
  public var id: String
  /// The source file.
  public var path: String
  /// The title.
  public var title: String
  /// The format.
  public var kind: DocumentKind
  /// The date, ISO 8601, or "".
  public var date: String
  /// The relevance score (higher is better; comparable within one result list).
  public var score: Double
  /// Where the best match is in the source file (line 1, column 1 when the match is not in the body).
  public var position: SourcePosition
  /// The snippet with highlights, or nil when snippets were not requested.
  public var snippet: Snippet?
  /// The document's most mentioned entities.
  public var entities: [EntityCount]
}

/// The answer to a ``SearchRequest``.
public struct SearchResults: Sendable {
  /// The hits of the requested page, best first.
  public var hits: [SearchHit]
  /// How many documents matched in all (a lower bound when ``totalIsExact`` is false: dynamic pruning skipped
  /// documents that could not reach the requested page).
  public var total: Int
  /// Whether ``total`` is exact.
  public var totalIsExact: Bool
  /// Time taken, in microseconds.
  public var tookMicros: Int
  /// Per entity type, the most frequent entities among the top-ranked matching documents.
  public var facets: [EntityType: [EntityCount]]
  /// The parsed query in canonical form.
  public var parsedQuery: String
}
