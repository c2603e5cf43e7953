/// Counts entity names by the number of documents that mention them, for facets and `seek entities`.
///
/// Names that differ only in case ("WASHINGTON" in a dateline, "Washington" in the text) are one entry, as the
/// `loc:washington` filter already treats them. The entry is shown under the spelling mentioned most often; on a
/// tie, a mixed-case spelling beats an all-caps one, then the lexically smaller wins, so the output is stable.
struct FacetCounter {
  private struct Entry {
    var documents = 0
    var spellings: [String: Int] = [:]
  }

  private var perType: [EntityType: [String: Entry]] = [:]
  private var seenInDocument = Set<String>()

  /// Starts counting a new document: a name counts once per document however often it is mentioned.
  mutating func startDocument() {
    seenInDocument.removeAll(keepingCapacity: true)
  }

  /// Counts one mention in the current document.
  /// - Parameters:
  ///   - type: the entity type.
  ///   - name: the normalized name (or the surface text when there is none).
  mutating func add(type: EntityType, name: String) {
    let key = name.lowercased()
    perType[type, default: [:]][key, default: Entry()].spellings[name, default: 0] += 1
    guard seenInDocument.insert(type.rawValue + "\u{1}" + key).inserted else { return }
    perType[type, default: [:]][key, default: Entry()].documents += 1
  }

  /// The top names of each type.
  /// - Parameter limit: names per type.
  /// - Returns: per type, names by document count (ties: by name).
  func top(limit: Int) -> [EntityType: [EntityCount]] {
    var result: [EntityType: [EntityCount]] = [:]
    for (type, entries) in perType {
      let counts = entries.values.map { EntityCount(type: type, name: Self.display($0.spellings), count: $0.documents) }
      result[type] = Array(
        counts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }.prefix(limit))
    }
    return result
  }

  /// The spelling to show for a group of case variants.
  static func display(_ spellings: [String: Int]) -> String {
    spellings.max { a, b in
      if a.value != b.value { return a.value < b.value }
      let aCaps = isAllCaps(a.key)
      let bCaps = isAllCaps(b.key)
      if aCaps != bCaps { return aCaps }
      return a.key > b.key
    }?.key ?? ""
  }

  private static func isAllCaps(_ name: String) -> Bool {
    name.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } && !name.utf8.contains { $0 >= 0x61 && $0 <= 0x7A }
  }
}
