/// The fields of the index schema. Text fields are ranked with BM25F; keyword fields hold exact terms for filters.
public enum IndexField: UInt8, Sendable, CaseIterable, Codable {
  // Ranked text fields (positions and length norms).
  case title = 0
  case headings = 1
  case body = 2
  case boilerplate = 3
  // Entity fields: words of each entity's normalized name, with positions, no stemming.
  case person = 4
  case org = 5
  case loc = 6
  case misc = 7
  /// All entity types together (`entity:` in queries).
  case entity = 8
  // Keyword fields: one exact term per value, no positions.
  /// The document id (unique); used to replace and look up documents.
  case id = 9
  /// The source file path; all documents of a file share it, so a file is replaced or removed as one.
  case path = 10
  /// `html`, `xml`, `feed`, `sgml`, `text`, `markdown`, `ndjson`.
  case type = 11
  /// Language code, lower-cased (`en`, `zh-cn`), plus the primary subtag (`zh`).
  case lang = 12
  /// The document date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when only that is known).
  case date = 13

  /// Whether the field's postings keep positions (phrases, proximity, snippets).
  public var hasPositions: Bool { rawValue <= IndexField.entity.rawValue }
  /// Whether the field keeps per-document length norms for BM25.
  public var hasNorms: Bool { rawValue <= IndexField.entity.rawValue }
  /// The name used in queries and statistics.
  public var name: String { String(describing: self) }
}

/// The terms of one field of one document, in token order.
public struct FieldTerms: Sendable, Equatable {
  /// Which field.
  public var field: IndexField
  /// The indexed terms (already analyzed: folded, stemmed).
  public var terms: [String]
  /// The position of each term (same count as `terms`); equal positions stack synonyms.
  public var positions: [UInt32]
  /// The field length counted for BM25 (usually the number of tokens).
  public var length: UInt32

  /// Creates the terms of a field.
  /// - Parameters:
  ///   - field: the field.
  ///   - terms: analyzed terms in token order.
  ///   - positions: one position per term; defaults to 0, 1, 2...
  ///   - length: the BM25 length; defaults to the number of distinct positions.
  public init(field: IndexField, terms: [String], positions: [UInt32]? = nil, length: UInt32? = nil) {
    self.field = field
    self.terms = terms
    let positions = positions ?? (0..<terms.count).map { UInt32($0) }
    self.positions = positions
    self.length = length ?? UInt32(Set(positions).count)
  }
}

/// A document ready for the index writer: analyzed fields plus the stored bytes shown with results.
public struct IndexableDocument: Sendable {
  /// Unique document id (`Document.id`).
  public var id: String
  /// The source file (`Document.path`).
  public var path: String
  /// Analyzed fields.
  public var fields: [FieldTerms]
  /// The stored document (title, body, metadata, source map, entities) shown with results.
  public var stored: Document
  /// Where the body can be read back from the source file; when set, the index keeps this reference (and a hash
  /// of the body) instead of the body text.
  public var externalBody: ExternalBody?

  /// Creates an indexable document.
  public init(id: String, path: String, fields: [FieldTerms], stored: Document) {
    self.id = id
    self.path = path
    self.fields = fields
    self.stored = stored
  }
}
