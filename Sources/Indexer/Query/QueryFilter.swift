/// A filter on document metadata. Filters restrict the result set and are never ranked.
public enum QueryFilter: Sendable, Equatable, CustomStringConvertible {
  /// `path:GLOB`: the document path matches a glob (see ``PathGlob``).
  case path(glob: String)
  /// `lang:CODE`: the document language, lowercased (`en`, `zh-cn`); a language matches its subtags too
  /// (`lang:zh` matches `zh-CN`).
  case lang(String)
  /// `type:KIND`: the document kind, lowercased (`html`, `xml`, `text`, `markdown`, `feed`, `ndjson`, `sgml`).
  case type(String)
  /// `date:RANGE`: the document date falls in the range.
  case date(DateRange)
  /// `person:`, `org:`, `loc:`, `misc:` (a given type) or `entity:` (`type` nil, any type): the document mentions an
  /// entity whose text is `value` (compared case-insensitively), or starts with it when `prefix` is true.
  case entity(type: EntityType?, value: String, prefix: Bool)

  public var description: String {
    switch self {
    case .path(let glob): return "path:" + Self.quotedIfNeeded(glob)
    case .lang(let code): return "lang:" + Self.quotedIfNeeded(code)
    case .type(let kind): return "type:" + Self.quotedIfNeeded(kind)
    case .date(let range): return "date:" + range.description
    case .entity(let type, let value, let prefix):
      let field = type?.queryField ?? "entity"
      return field + ":" + Self.quotedIfNeeded(value, suffixSensitive: true) + (prefix ? "*" : "")
    }
  }

  /// Whether a document passes this filter (a reference implementation; an index may evaluate filters faster).
  /// - Parameters:
  ///   - path: the document path.
  ///   - lang: the document language code ("" when unknown).
  ///   - type: the document kind's raw value (`html`, `markdown` ...).
  ///   - date: the document date, ISO 8601 ("" when unknown).
  ///   - entities: the entities mentioned, with their type and text.
  /// - Returns: `true` when the document passes.
  public func matches(
    path: String, lang: String, type: String, date: String, entities: [(type: EntityType, text: String)]
  ) -> Bool {
    switch self {
    case .path(let glob):
      return PathGlob(glob).matches(path)
    case .lang(let code):
      let documentLang = lang.lowercased()
      return documentLang == code || documentLang.hasPrefix(code + "-") || documentLang.hasPrefix(code + "_")
    case .type(let kind):
      return type.lowercased() == kind
    case .date(let range):
      return range.contains(date)
    case .entity(let wanted, let value, let prefix):
      let needle = value.lowercased()
      return entities.contains { entity in
        guard wanted == nil || entity.type == wanted else { return false }
        let text = entity.text.lowercased()
        return prefix ? text.hasPrefix(needle) : text == needle
      }
    }
  }

  /// Quotes a field value that would not survive as one bare word.
  /// - Parameters:
  ///   - value: the field value.
  ///   - suffixSensitive: whether a trailing `*` or `~` would change the meaning (entity values).
  /// - Returns: the value, in double quotes when needed.
  static func quotedIfNeeded(_ value: String, suffixSensitive: Bool = false) -> String {
    if value.isEmpty { return "\"\"" }
    let needsQuotes = value.unicodeScalars.contains {
      $0 == "\"" || $0 == "(" || $0 == ")" || $0.properties.isWhitespace
    }
    let special = suffixSensitive && (value.hasSuffix("*") || value.hasSuffix("~"))
    return needsQuotes || special ? "\"" + value.replacingQuotes() + "\"" : value
  }
}

extension String {
  /// Drops double quotes, which a quoted query value cannot contain.
  fileprivate func replacingQuotes() -> String {
    String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\"" }))
  }
}
