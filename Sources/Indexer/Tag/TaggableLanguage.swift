/// Which documents the entity tagger runs on.
///
/// The statistical model and the date/money rules are trained and written for English. On other languages they
/// produce noise (a French "Mardi" tagged as a person), and a facet full of noise is worse than none, so documents
/// whose declared language is not English are left untagged. Documents without a declared language are tagged.
public enum TaggableLanguage {
  /// Whether entity tagging applies to a document.
  /// - Parameter lang: the document's language code (`en`, `en-US`, `fr`, `zh-CN`), "" when unknown.
  /// - Returns: true for English and for an unknown language.
  public static func accepts(_ lang: String) -> Bool {
    let code = lang.utf8
    guard code.count >= 2 else { return code.isEmpty }
    var it = code.makeIterator()
    let a = it.next()! | 0x20
    let b = it.next()! | 0x20
    guard a == UInt8(ascii: "e"), b == UInt8(ascii: "n") else { return false }
    guard let separator = it.next() else { return true }
    return separator == UInt8(ascii: "-") || separator == UInt8(ascii: "_")
  }
}

extension Document {
  /// Tags the body with entities when tagging applies: a tagger is given (not `--no-entities`), the body is not
  /// empty and the document's language is one the model was trained for (``TaggableLanguage``).
  /// - Parameter tagger: the entity tagger, or nil when tagging is off.
  public mutating func tagEntities(with tagger: EntityTagging?) {
    guard let tagger, !body.isEmpty, TaggableLanguage.accepts(lang) else { return }
    entities = tagger(body)
  }
}
