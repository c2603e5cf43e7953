#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Counts entity names by the number of documents that mention them, for facets and `seek entities`.
///
/// Names that differ only in case ("WASHINGTON" in a dateline, "Washington" in the text) are one entry, as the
/// `loc:washington` filter already treats them. The entry is shown under the spelling mentioned most often; on a
/// tie, a mixed-case spelling beats an all-caps one, then the lexically smaller wins, so the output is stable.
///
/// Mentions are counted on their UTF-8 bytes (a facet over 200 long pages sees tens of thousands of them): a
/// name's group key is its ASCII lower case, or `String.lowercased()` when it has other letters, and entries live
/// in one open-addressing table over a byte arena. Strings are made once per distinct name, at the end.
struct FacetCounter {
  /// One spelling of a name, as mentioned: its bytes in `arena`, its group, how often it was mentioned and the
  /// next spelling of its group (-1: none).
  private struct Spelling {
    var type: EntityType
    var start: Int
    var count: Int
    var group: Int
    var mentions: Int
    var next: Int
  }

  /// The case variants of one name: its lower-case key in `arena`, documents counted and its first spelling.
  private struct Group {
    var type: EntityType
    var start: Int
    var count: Int
    var documents: Int
    /// The last document that counted this group.
    var lastDocument: Int
    var firstSpelling: Int
  }

  private var spellings: [Spelling] = []
  private var groups: [Group] = []
  /// Open-addressing tables of spellings and of groups: index + 1 per slot (0: empty); powers of two, at most half
  /// full.
  private var spellingSlots = [Int32](repeating: 0, count: 256)
  private var groupSlots = [Int32](repeating: 0, count: 256)
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
    let mask = spellingSlots.count - 1
    var k = Self.slot(UnsafeRawBufferPointer(name), type, mask: mask)
    var found = -1
    while spellingSlots[k] != 0 {
      let i = Int(spellingSlots[k]) - 1
      if spellings[i].type == type && equals(spellings[i].start, spellings[i].count, UnsafeRawBufferPointer(name)) {
        found = i
        break
      }
      k = (k + 1) & mask
    }
    if found < 0 {
      found = spellings.count
      let start = arena.count
      arena.append(contentsOf: name)
      let (group, next) = self.group(type: type, spelling: name, index: found)
      spellings.append(Spelling(type: type, start: start, count: name.count, group: group, mentions: 0, next: next))
      spellingSlots[k] = Int32(found + 1)
      if spellings.count * 2 > spellingSlots.count {
        spellingSlots = rehash(size: spellingSlots.count, count: spellings.count) {
          (spellings[$0].type, spellings[$0].start, spellings[$0].count)
        }
      }
    }
    spellings[found].mentions += 1
    let g = spellings[found].group
    if groups[g].lastDocument != document {
      groups[g].lastDocument = document
      groups[g].documents += 1
    }
  }

  /// The group of a new spelling (made when new), which becomes the group's first spelling.
  /// - Returns: the group and the spelling that was its first (-1: none).
  private mutating func group(type: EntityType, spelling name: UnsafeBufferPointer<UInt8>, index: Int) -> (Int, Int) {
    var key: [UInt8] = []
    swap(&key, &scratch)
    defer { swap(&key, &scratch) }
    Self.lowercase(name, into: &key)
    return key.withUnsafeBytes { key in
      let mask = groupSlots.count - 1
      var k = Self.slot(key, type, mask: mask)
      while groupSlots[k] != 0 {
        let g = Int(groupSlots[k]) - 1
        if groups[g].type == type && equals(groups[g].start, groups[g].count, key) {
          let next = groups[g].firstSpelling
          groups[g].firstSpelling = index
          return (g, next)
        }
        k = (k + 1) & mask
      }
      let g = groups.count
      let start = arena.count
      arena.append(contentsOf: key)
      groups.append(
        Group(type: type, start: start, count: key.count, documents: 0, lastDocument: 0, firstSpelling: index))
      groupSlots[k] = Int32(g + 1)
      if groups.count * 2 > groupSlots.count {
        groupSlots = rehash(size: groupSlots.count, count: groups.count) {
          (groups[$0].type, groups[$0].start, groups[$0].count)
        }
      }
      return (g, -1)
    }
  }

  /// Whether `arena[start..<start + count]` holds `bytes`.
  @inline(__always) private func equals(_ start: Int, _ count: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
    guard count == bytes.count else { return false }
    if count == 0 { return true }
    return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, bytes.baseAddress!, count) == 0 }
  }

  /// The top names of each type.
  /// - Parameter limit: names per type.
  /// - Returns: per type, names by document count (ties: by name).
  func top(limit: Int) -> [EntityType: [EntityCount]] {
    var best: [EntityType: [EntityCount]] = [:]
    guard limit > 0 else {
      for e in groups { best[e.type] = [] }
      return best
    }
    for e in groups {
      var kept = best[e.type] ?? []
      // Most entries lose on their count alone, before any String is made.
      if kept.count == limit && e.documents < kept[limit - 1].count {
        best[e.type] = kept
        continue
      }
      let candidate = EntityCount(type: e.type, name: display(e), count: e.documents)
      var i = kept.count
      while i > 0 && Self.before(candidate, kept[i - 1]) { i -= 1 }
      if i < limit {
        kept.insert(candidate, at: i)
        if kept.count > limit { kept.removeLast() }
      }
      best[e.type] = kept
    }
    return best
  }

  /// Higher count first, then the smaller name.
  private static func before(_ a: EntityCount, _ b: EntityCount) -> Bool {
    a.count != b.count ? a.count > b.count : a.name < b.name
  }

  /// The spelling to show for a group.
  private func display(_ g: Group) -> String {
    func text(_ s: Spelling) -> String { String(decoding: arena[s.start..<(s.start + s.count)], as: UTF8.self) }
    let first = spellings[g.firstSpelling]
    if first.next < 0 { return text(first) }
    var counts: [String: Int] = [:]
    var i = g.firstSpelling
    while i >= 0 {
      counts[text(spellings[i]), default: 0] += spellings[i].mentions
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
  private static func lowercase(_ name: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    if name.contains(where: { $0 >= 0x80 }) {
      out.append(contentsOf: String(decoding: name, as: UTF8.self).lowercased().utf8)
      return
    }
    for b in name { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
  }

  /// The first slot to probe for bytes of a type.
  private static func slot(_ key: UnsafeRawBufferPointer, _ type: EntityType, mask: Int) -> Int {
    let seed: UInt64 =
      switch type {
      case .person: 1
      case .org: 2
      case .loc: 3
      case .misc: 4
      case .date: 5
      case .money: 6
      case .percent: 7
      }
    // Eight bytes at a time, multiplied and folded (names are short; the table only needs a good spread).
    var h = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    var i = 0
    while i + 8 <= key.count {
      h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < key.count {
      tail |= UInt64(key[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 32
    return Int(truncatingIfNeeded: h) & mask
  }

  /// A table of twice `size` slots holding items `0..<count`, each of the type and arena bytes `item` gives.
  private func rehash(size: Int, count: Int, _ item: (Int) -> (EntityType, Int, Int)) -> [Int32] {
    var grown = [Int32](repeating: 0, count: size * 2)
    let mask = grown.count - 1
    arena.withUnsafeBytes { arena in
      for i in 0..<count {
        let (type, start, length) = item(i)
        var k = Self.slot(UnsafeRawBufferPointer(rebasing: arena[start..<(start + length)]), type, mask: mask)
        while grown[k] != 0 { k = (k + 1) & mask }
        grown[k] = Int32(i + 1)
      }
    }
    return grown
  }
}
