/// Entities across the index, or across the documents matching a query, with document counts: what
/// `seek entities` and the daemon's `entities` method show.
public enum EntityCatalog {
  /// The entity type for a name used on the command line or in params (`person`, `ORG`, `loc`...).
  /// - Parameter name: a type name in any case, or a query field name.
  /// - Returns: the type, or nil.
  public static func type(named name: String) -> EntityType? {
    let lower = name.lowercased()
    return EntityType.allCases.first { $0.rawValue.lowercased() == lower || $0.queryField == lower }
  }

  /// Counts entities by the number of documents that mention them.
  /// - Parameters:
  ///   - searcher: the snapshot.
  ///   - query: count over the documents matching this query, or over every document when nil or empty.
  ///   - types: which types to report.
  ///   - limit: names per type.
  ///   - isCancelled: polled while matching.
  /// - Returns: per type, the top names with document counts.
  /// - Throws: query and stored-field errors.
  public static func count(
    searcher: Searcher, query: String?, types: [EntityType], limit: Int, isCancelled: () -> Bool = { false }
  ) throws -> [EntityType: [EntityCount]] {
    let all: [EntityType: [EntityCount]]
    if let query, !query.isEmpty {
      let request = SearchRequest(query: query, limit: 0, snippets: false, facetLimit: limit)
      all = try searcher.search(request, isCancelled: isCancelled).facets
    } else {
      all = try Searcher.facetsOfAllDocuments(reader: searcher.reader, limit: limit)
    }
    return all.filter { types.contains($0.key) }
  }

  /// Writes `"entities": {"PERSON": [{"name","count"}...], ...}` into an open object.
  public static func writeMembers(_ counts: [EntityType: [EntityCount]], to w: inout JSONWriter) {
    SearchJSON.writeEntityCounts(key: "entities", counts, to: &w)
  }
}
