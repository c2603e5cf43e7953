/// The kinds of named entity the tagger finds.
public enum EntityType: String, Sendable, Codable, CaseIterable {
  case person = "PERSON"
  case org = "ORG"
  case loc = "LOC"
  case misc = "MISC"
  case date = "DATE"
  case money = "MONEY"
  case percent = "PERCENT"

  /// Whether this is a name (person, organization, place, other name) rather than a date, amount or percentage.
  public var isNamed: Bool { self == .person || self == .org || self == .loc || self == .misc }

  /// The query-language field for this type (`person:`, `org:`, `loc:`, `misc:`, `date`...).
  public var queryField: String {
    switch self {
    case .person: "person"
    case .org: "org"
    case .loc: "loc"
    case .misc: "misc"
    case .date: "when"
    case .money: "money"
    case .percent: "percent"
    }
  }
}

/// One entity mention in a document body.
public struct EntitySpan: Sendable, Equatable, Codable {
  /// UTF-8 byte offset of the first byte in `body`.
  public var start: Int
  /// UTF-8 byte offset one past the last byte in `body`.
  public var end: Int
  /// The entity type.
  public var type: EntityType
  /// The text as it appears.
  public var text: String
  /// A canonical name shared by the variants of one entity in a document ("Trump" -> "Donald Trump",
  /// "U.S." -> "United States").
  public var normalized: String
  /// A finer subtype where known (`GPE`, `NORP`, `PRODUCT`...), else empty.
  public var subtype: String

  /// Creates a span.
  public init(start: Int, end: Int, type: EntityType, text: String, normalized: String, subtype: String = "") {
    self.start = start
    self.end = end
    self.type = type
    self.text = text
    self.normalized = normalized
    self.subtype = subtype
  }
}
