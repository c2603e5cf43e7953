/// Counts entity names by the number of documents that mention them, for facets and `seek entities`.
///
/// Names that differ only in case ("WASHINGTON" in a dateline, "Washington" in the text) are one entry, as the
/// `loc:washington` filter already treats them. The entry is shown under the spelling mentioned most often; on a
/// tie, a mixed-case spelling beats an all-caps one, then the lexically smaller wins, so the output is stable.
///
/// Mentions are counted on their UTF-8 bytes (a facet over 200 long pages sees tens of thousands of them): a
/// name's group key is its ASCII lower case, or `String.lowercased()` when it has other letters; spellings and
/// groups are ``FacetKeyTable`` keys over one byte arena. Strings are made once per distinct name, at the end.
struct FacetCounter {
  /// One spelling of a name, as mentioned (its key is the spelling table's key of the same index): its group, how
  /// often it was mentioned and the next spelling of its group (-1: none).
  private struct Spelling {
    var group: Int
    var mentions: Int
    var next: Int
  }

  /// The case variants of one name (its key, the lower-case name, is the group table's key of the same index):
  /// documents counted and its first spelling.
  private struct Group {
    var documents: Int
    /// The last document that counted this group.
    var lastDocument: Int
    var firstSpelling: Int
  }

  private var spellings: [Spelling] = []
  private var spellingKeys = FacetKeyTable()
  private var groups: [Group] = []
  private var groupKeys = FacetKeyTable()
  private var arena: [UInt8] = []
  private var scratch: [UInt8] = []
  private var document = 0

  /// Starts counting a new document: a name counts once per document however often it is mentioned.
  mutating func startDocument() {
    document += 1
  }

  /// Counts one mention in the current document.
  /// - Parameters:
  ///   - type: the entity type.
  ///   - name: the normalized name (or the surface text when there is none).
  mutating func add(type: EntityType, name: String) {
    var name = name
    name.withUTF8 { add(type: type, name: $0) }
  }

  /// Counts one mention in the current document, from the name's UTF-8 bytes. A spelling seen before costs one
  /// hash and one comparison; only a new spelling is lower-cased to find its group.
  /// - Parameters:
  ///   - type: the entity type.
  ///   - name: the name's bytes (valid UTF-8).
  mutating func add(type: EntityType, name: UnsafeBufferPointer<UInt8>) {
    let found = spelling(type: type, name: name)
    spellings[found].mentions += 1
    let g = spellings[found].group
    if groups[g].lastDocument != document {
      groups[g].lastDocument = document
      groups[g].documents += 1
    }
  }

  /// Adds counts made elsewhere (a segment's ``EntityColumn``, by ``EntityColumnCounter``): a spelling's mentions,
  /// and documents of its case group counted there once per document.
  /// - Parameters:
  ///   - type: the entity type.
  ///   - name: the spelling's bytes (valid UTF-8).
  ///   - mentions: how often it was mentioned.
  ///   - documents: documents to add to its group (give a group's documents with one of its spellings only).
  mutating func add(type: EntityType, name: UnsafeBufferPointer<UInt8>, mentions: Int, documents: Int) {
    let found = spelling(type: type, name: name)
    spellings[found].mentions += mentions
    groups[spellings[found].group].documents += documents
  }

  /// The index of a spelling, made (with its group when new) on first sight.
  private mutating func spelling(type: EntityType, name: UnsafeBufferPointer<UInt8>) -> Int {
    let (known, slot) = spellingKeys.find(UnsafeRawBufferPointer(name), type, in: arena)
    if let known { return known }
    let start = arena.count
    arena.append(contentsOf: name)
    let (group, next) = self.group(type: type, spelling: name, index: spellings.count)
    spellings.append(Spelling(group: group, mentions: 0, next: next))
    return spellingKeys.insert(type, start: start, count: name.count, slot: slot, arena: arena)
  }

  /// The group of a new spelling (made when new), which becomes the group's first spelling.
  /// - Returns: the group and the spelling that was its first (-1: none).
  private mutating func group(type: EntityType, spelling name: UnsafeBufferPointer<UInt8>, index: Int) -> (Int, Int) {
    var key: [UInt8] = []
    swap(&key, &scratch)
    defer { swap(&key, &scratch) }
    Self.lowercase(name, into: &key)
    let (known, slot) = key.withUnsafeBytes { groupKeys.find($0, type, in: arena) }
    if let g = known {
      let next = groups[g].firstSpelling
      groups[g].firstSpelling = index
      return (g, next)
    }
    let start = arena.count
    arena.append(contentsOf: key)
    groups.append(Group(documents: 0, lastDocument: 0, firstSpelling: index))
    return (groupKeys.insert(type, start: start, count: key.count, slot: slot, arena: arena), -1)
  }

  /// The top names of each type.
  /// - Parameter limit: names per type.
  /// - Returns: per type, names by document count (ties: by name).
  func top(limit: Int) -> [EntityType: [EntityCount]] {
    var best: [EntityType: [EntityCount]] = [:]
    guard limit > 0 else {
      for key in groupKeys.keys { best[key.type] = [] }
      return best
    }
    for (e, key) in zip(groups, groupKeys.keys) {
      let type = key.type
      var kept = best[type] ?? []
      // Most entries lose on their count alone, before any String is made.
      if kept.count == limit && e.documents < kept[limit - 1].count {
        best[type] = kept
        continue
      }
      let candidate = EntityCount(type: type, name: display(e), count: e.documents)
      var i = kept.count
      while i > 0 && Self.before(candidate, kept[i - 1]) { i -= 1 }
      if i < limit {
        kept.insert(candidate, at: i)
        if kept.count > limit { kept.removeLast() }
      }
      best[type] = kept
    }
    return best
  }

  /// Higher count first, then the smaller name.
  private static func before(_ a: EntityCount, _ b: EntityCount) -> Bool {
    a.count != b.count ? a.count > b.count : a.name < b.name
  }

  /// The spelling to show for a group.
  private func display(_ g: Group) -> String {
    func text(_ i: Int) -> String {
      let key = spellingKeys.keys[i]
      return String(decoding: arena[key.start..<(key.start + key.count)], as: UTF8.self)
    }
    if spellings[g.firstSpelling].next < 0 { return text(g.firstSpelling) }
    var counts: [String: Int] = [:]
    var i = g.firstSpelling
    while i >= 0 {
      counts[text(i), default: 0] += spellings[i].mentions
      i = spellings[i].next
    }
    return Self.display(counts)
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

  /// `name.lowercased()`'s bytes into `out`: ASCII folded on bytes, anything else through `String`.
  static func lowercase(_ name: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    if name.contains(where: { $0 >= 0x80 }) {
      out.append(contentsOf: String(decoding: name, as: UTF8.self).lowercased().utf8)
      return
    }
    for b in name { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
  }
}
