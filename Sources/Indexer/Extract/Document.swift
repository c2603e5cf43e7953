/// What the indexer sees of one document: the output of extraction, the input of analysis and tagging.
///
/// One file yields one document, except containers (a feed, an NDJSON file, an SGML collection), which yield one
/// per record with `id` = `path#key`.
public struct Document: Sendable, Equatable, Codable {
  /// Stable identity: the path, or `path#key` for a record inside a container (an NDJSON record keeps its own
  /// `id` as the key).
  public var id: String
  /// The source file (absolute path).
  public var path: String
  /// The format it came from.
  public var kind: DocumentKind
  /// The title ("" when none).
  public var title: String
  /// Section headings (h1-h3, DocBook/JATS titles) in document order.
  public var headings: [String]
  /// The main content. For plain-text files this is the file verbatim, so offsets are file offsets.
  public var body: String
  /// Navigation, footers, related links: indexed with low weight, never shown as the main text.
  public var boilerplate: String
  /// A summary (meta description, feed summary).
  public var description: String
  /// The author, when stated.
  public var author: String
  /// The publication date, ISO 8601 (`2024-12-09` or `2024-12-09T10:00:00Z`), "" when unknown.
  public var date: String
  /// The canonical URL or link, "" when none.
  public var url: String
  /// The language code (`en`, `zh-CN`), "" when unknown.
  public var lang: String
  /// Other fields worth keeping (NDJSON extras, Reuters PLACES/PEOPLE/ORGS, feed categories).
  public var metadata: [String: String]
  /// Maps offsets in `body` to line and column in the source file.
  public var sourceMap: SourceMap
  /// Problems found while reading; the document is still usable.
  public var diagnostics: [Diagnostic]
  /// Named entities found in `body` (filled by the tagger).
  public var entities: [EntitySpan]

  /// Creates a document; every field but `id`, `path` and `kind` may be filled in later.
  public init(
    id: String, path: String, kind: DocumentKind, title: String = "", headings: [String] = [], body: String = "",
    boilerplate: String = "", description: String = "", author: String = "", date: String = "", url: String = "",
    lang: String = "", metadata: [String: String] = [:], sourceMap: SourceMap = SourceMap(),
    diagnostics: [Diagnostic] = [], entities: [EntitySpan] = []
  ) {
    self.id = id
    self.path = path
    self.kind = kind
    self.title = title
    self.headings = headings
    self.body = body
    self.boilerplate = boilerplate
    self.description = description
    self.author = author
    self.date = date
    self.url = url
    self.lang = lang
    self.metadata = metadata
    self.sourceMap = sourceMap
    self.diagnostics = diagnostics
    self.entities = entities
  }
}
