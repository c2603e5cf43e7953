extension Searcher {
  /// How a query is read, in canonical form (`seek search --explain`): the text a search reports as its parsed
  /// query, without opening an index.
  /// - Parameters:
  ///   - text: the query text.
  ///   - strict: report malformed queries instead of reading them leniently.
  ///   - plain: read the text as plain words (no operators, fields, quotes or wildcards).
  /// - Returns: the canonical query: required parts with `+`, then filters, optional words, excluded parts with `-`.
  /// - Throws: `SeekError(.invalidQuery)` in strict mode when the query is malformed.
  public static func explain(_ text: String, strict: Bool, plain: Bool) throws -> String {
    if plain { return PlainQueryAnalysis(text, analyzer: Analyzer(language: "en")).description }
    return try QueryParser(strict: strict).parse(text).description
  }
}
