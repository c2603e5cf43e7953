/// The format a document came from; searchable as `type:` in queries.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
  case html
  case xml
  /// An RSS item or Atom entry.
  case feed
  /// A record of an SGML-like collection (Reuters-21578).
  case sgml
  case text
  case markdown
  /// A line of an NDJSON file.
  case ndjson
}
