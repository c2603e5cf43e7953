/// Turns an extracted (and tagged) ``Document`` into the analyzed fields the index writer stores.
///
/// Ranked text fields (title, headings, body, boilerplate) are analyzed with the document's language; entity
/// fields hold the words of each entity's normalized name, unstemmed, with a position gap between entities so a
/// phrase never spans two of them; keyword fields hold exact values for filters.
public struct IndexableDocumentBuilder: Sendable {
  /// Positions left empty between two entity names or two headings, so phrases do not cross them.
  static let positionGap: UInt32 = 16

  private let entityAnalyzer = Analyzer(language: "en", stemming: false)

  /// Creates a builder.
  public init() {}

  /// The analyzer for a document language (English when unknown).
  /// - Parameter lang: a language tag such as `en`, `de-CH`, `zh-CN`.
  /// - Returns: the analyzer used for that language at index and query time.
  public static func analyzer(forLanguage lang: String) -> Analyzer {
    Analyzer(language: lang.isEmpty ? "en" : lang)
  }

  /// Analyzes a document.
  /// - Parameter doc: the document, with entities if tagging ran.
  /// - Returns: the document ready for ``IndexWriter/add(_:)``.
  public func build(_ doc: Document) -> IndexableDocument {
    let analyzer = Self.analyzer(forLanguage: doc.lang)
    var fields: [FieldTerms] = []
    fields.append(textField(.title, [doc.title], analyzer))
    var headingTexts = doc.headings
    if !doc.description.isEmpty { headingTexts.append(doc.description) }
    fields.append(textField(.headings, headingTexts, analyzer))
    fields.append(textField(.body, [doc.body], analyzer))
    fields.append(textField(.boilerplate, [doc.boilerplate], analyzer))
    fields.append(contentsOf: entityFields(doc.entities))
    fields.append(keyword(.id, [doc.id]))
    fields.append(keyword(.path, [doc.path]))
    fields.append(keyword(.type, [doc.kind.rawValue]))
    fields.append(keyword(.lang, Self.languageTerms(doc.lang)))
    fields.append(keyword(.date, Self.dateTerms(doc.date)))
    return IndexableDocument(id: doc.id, path: doc.path, fields: fields.filter { !$0.terms.isEmpty }, stored: doc)
  }

  private func textField(_ field: IndexField, _ texts: [String], _ analyzer: Analyzer) -> FieldTerms {
    // Each text's terms take consecutive positions; the next text starts a gap after the last one.
    let (terms, counts) = analyzer.indexTerms(texts.allSatisfy { !$0.isEmpty } ? texts : texts.filter { !$0.isEmpty })
    let positions = [UInt32](unsafeUninitializedCapacity: terms.count) { buffer, initialized in
      var k = 0
      var base: UInt32 = 0
      for n in counts {
        for i in 0..<n { buffer[k + i] = base + UInt32(i) }
        k += n
        base = (n > 0 ? base + UInt32(n - 1) : base) + Self.positionGap
      }
      initialized = k
    }
    return FieldTerms(field: field, terms: terms, positions: positions, length: UInt32(terms.count))
  }

  private func entityFields(_ entities: [EntitySpan]) -> [FieldTerms] {
    // One slot per entity field (person, org, loc, misc, entity: raw values 4...8).
    let fields: [IndexField] = [.person, .org, .loc, .misc, .entity]
    let all = fields.count - 1
    // Names repeat within a document: analyze each distinct name once. A name's terms take consecutive positions
    // from 0 (as in `textField`), so the term at `words.lowerBound + k` sits at position k of the name.
    // First pass: each name entity's slot and words; the fields' sizes, so the second pass fills arrays made at
    // their final size (no growth, no nested-array appends).
    var analyzed: [String: Range<Int>] = [:]
    analyzed.reserveCapacity(entities.count)
    var nameTerms: [String] = []
    var mentions: [(slot: Int, words: Range<Int>)] = []
    mentions.reserveCapacity(entities.count)
    var sizes = [Int](repeating: 0, count: fields.count)
    for entity in entities {
      let slot: Int
      switch entity.type {
      case .person: slot = 0
      case .org: slot = 1
      case .loc: slot = 2
      case .misc: slot = 3
      default: continue
      }
      let name = entity.normalized.isEmpty ? entity.text : entity.normalized
      let words: Range<Int>
      if let known = analyzed[name] {
        words = known
      } else {
        let first = nameTerms.count
        nameTerms.append(contentsOf: entityAnalyzer.indexTerms([name]).terms)
        words = first..<nameTerms.count
        analyzed[name] = words
      }
      guard !words.isEmpty else { continue }
      mentions.append((slot, words))
      sizes[slot] += words.count
      sizes[all] += words.count
    }
    var out: [FieldTerms] = []
    for k in fields.indices where sizes[k] > 0 {
      // The name goes to its type's field and to `entity:`.
      var terms: [String] = []
      terms.reserveCapacity(sizes[k])
      var positions: [UInt32] = []
      positions.reserveCapacity(sizes[k])
      var next: UInt32 = 0
      for m in mentions where k == all || m.slot == k {
        for w in m.words {
          terms.append(nameTerms[w])
          positions.append(next + UInt32(w - m.words.lowerBound))
        }
        next += UInt32(m.words.count - 1) + Self.positionGap
      }
      out.append(FieldTerms(field: fields[k], terms: terms, positions: positions, length: UInt32(terms.count)))
    }
    return out
  }

  private func keyword(_ field: IndexField, _ values: [String]) -> FieldTerms {
    let values = values.filter { !$0.isEmpty }
    return FieldTerms(
      field: field, terms: values, positions: Array(repeating: 0, count: values.count), length: UInt32(values.count))
  }

  /// The `lang` terms of a language tag: the lower-cased tag and its primary subtag (`zh-cn`, `zh`).
  /// - Parameter lang: a language tag.
  /// - Returns: one or two terms.
  public static func languageTerms(_ lang: String) -> [String] {
    let tag = lang.lowercased().replacingUnderscores()
    guard !tag.isEmpty else { return [] }
    if let dash = tag.firstIndex(of: "-") {
      return [tag, String(tag[..<dash])]
    }
    return [tag]
  }

  /// The `date` term of an ISO 8601 date: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when only that is known).
  /// - Parameter date: an ISO 8601 date or timestamp.
  /// - Returns: zero or one term.
  public static func dateTerms(_ date: String) -> [String] {
    let bytes = Array(date.utf8)
    func digits(_ r: Range<Int>) -> Bool {
      r.upperBound <= bytes.count && r.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }
    guard digits(0..<4) else { return [] }
    if bytes.count >= 7, bytes[4] == UInt8(ascii: "-"), digits(5..<7) {
      if bytes.count >= 10, bytes[7] == UInt8(ascii: "-"), digits(8..<10) {
        return [String(decoding: bytes[0..<10], as: UTF8.self)]
      }
      return [String(decoding: bytes[0..<7], as: UTF8.self)]
    }
    return [String(decoding: bytes[0..<4], as: UTF8.self)]
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0 == "_" ? "-" : $0 }))
  }
}
