import Foundation

/// Canonical names of entity spans by surface, so that `EntityNormalizer` builds each distinct name's strings
/// (canonical form, lower-cased form, gazetteer mask, subtypes) once per thread instead of once per mention.
///
/// The canonical form of a span depends only on its token texts, whether it is an ORG, and whether its sentence
/// is all caps; those make the key. Keys are compared byte for byte, so a hash collision never mixes two names.
/// Used by one thread at a time (it lives in a `NERScoreCache`), so its properties skip the runtime exclusivity
/// checks (about a third of a cache hit's instructions); bounded: past `limit` names it forgets everything,
/// but only between documents (``startDocument()``), since a document's spans hold ids into it.
final class EntityNameCache {
  /// A canonical name with the values derived from it.
  struct Name {
    /// The canonical form ("United States").
    let text: String
    /// `text` lower-cased.
    let lower: String
    /// Gazetteer categories of `text`.
    let mask: UInt16
    /// Number shared by the names with the same `lower` (dense from 0, so per-document tallies can be arrays).
    let group: Int32
    /// Subtypes of the name as a LOC and as a MISC (`EntityNormalizer.subtype`), computed once per name.
    var locSubtype = ""
    var miscSubtype = ""
  }

  /// Most names kept before the cache starts over (at the next document).
  let limit: Int
  @exclusivity(unchecked) private(set) var names: [Name] = []
  @exclusivity(unchecked) private var index = NERHashMap(capacity: 1024)
  /// Keys of `names`, back to back: `keys[keyStart[i]..<keyStart[i + 1]]`.
  @exclusivity(unchecked) private var keys: [UInt8] = []
  @exclusivity(unchecked) private var keyStart: [Int] = [0]
  /// Group numbers of the lower-cased canonical names whose NFC form is ASCII, by the hash of those bytes; the
  /// bytes of group `g` (when it is such a name) are `groupBytes[groupStart[g]..<groupStart[g + 1]]`.
  @exclusivity(unchecked) private var asciiGroups = NERHashMap(capacity: 1024)
  @exclusivity(unchecked) private var groupBytes: [UInt8] = []
  @exclusivity(unchecked) private var groupStart: [Int] = [0]
  /// Group numbers of the other lower-cased names (`String` equality), and of ASCII ones whose hash collides.
  @exclusivity(unchecked) private var groups: [String: Int32] = [:]
  @exclusivity(unchecked) private var collidedGroups: [[UInt8]: Int32] = [:]
  /// Number of groups.
  @exclusivity(unchecked) private(set) var groupCount = 0
  /// Builds canonical names of ASCII spans on bytes (nil: always the `String` way, for tests that compare).
  @exclusivity(unchecked) private var builder: AsciiNameBuilder?

  /// Creates an empty cache.
  /// - Parameters:
  ///   - limit: most names kept before the cache starts over.
  ///   - asciiOnBytes: false builds every name the `String` way (tests compare the two).
  init(limit: Int = 50_000, asciiOnBytes: Bool = true) {
    self.limit = limit
    builder = asciiOnBytes ? AsciiNameBuilder() : nil
  }

  /// Called before a document's spans get ids: starts over when the cache is full. Never mid-document, where the
  /// ids already handed out must stay valid.
  func startDocument() {
    if names.count >= limit { clear() }
  }

  /// The name at `id`.
  @inline(__always) subscript(id: Int32) -> Name { names[Int(id)] }

  /// Forgets every name (another gazetteer, or the cache is full).
  func clear() {
    names.removeAll(keepingCapacity: true)
    index = NERHashMap(capacity: 1024)
    keys.removeAll(keepingCapacity: true)
    keyStart = [0]
    asciiGroups = NERHashMap(capacity: 1024)
    groupBytes.removeAll(keepingCapacity: true)
    groupStart = [0]
    groups.removeAll(keepingCapacity: true)
    collidedGroups.removeAll()
    groupCount = 0
  }

  /// The key of span `s` as stored in `keys`: per token its byte length (3 bytes, little-endian) and bytes, then
  /// a flag byte (1: ORG, 2: all-caps sentence).
  private static func flag(_ s: EntityNormalizer.TokenSpan, _ info: NERTokenInfo) -> UInt8 {
    (s.type == .org ? 1 : 0) | (info.capsSentence[s.start] != 0 ? 2 : 0)
  }

  /// FNV-1a over the key of span `s` (see `flag`), computed from the token bytes without building the key.
  private static func keyHash(
    _ s: EntityNormalizer.TokenSpan, _ t: NERTokenizedText, _ p: UnsafeBufferPointer<UInt8>, _ flag: UInt8
  ) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always) func add(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    for k in s.start..<s.end {
      let a = Int(t.starts[k])
      let b = Int(t.ends[k])
      let n = b - a
      add(UInt8(truncatingIfNeeded: n))
      add(UInt8(truncatingIfNeeded: n >> 8))
      add(UInt8(truncatingIfNeeded: n >> 16))
      for i in a..<b { add(p[i]) }
    }
    add(flag)
    return FeatureHash.mix(h)
  }

  /// Whether the key of name `id` is the key of span `s` (compared byte for byte with the token bytes).
  private func sameKey(
    _ id: Int, _ s: EntityNormalizer.TokenSpan, _ t: NERTokenizedText, _ p: UnsafeBufferPointer<UInt8>,
    _ flag: UInt8
  ) -> Bool {
    let from = keyStart[id]
    let to = keyStart[id + 1]
    return keys.withUnsafeBufferPointer { key in
      var o = from
      for k in s.start..<s.end {
        let a = Int(t.starts[k])
        let b = Int(t.ends[k])
        let n = b - a
        guard o + 3 + n <= to, key[o] == UInt8(truncatingIfNeeded: n), key[o + 1] == UInt8(truncatingIfNeeded: n >> 8),
          key[o + 2] == UInt8(truncatingIfNeeded: n >> 16),
          n == 0 || memcmp(key.baseAddress! + o + 3, p.baseAddress! + a, n) == 0
        else { return false }
        o += 3 + n
      }
      return o + 1 == to && key[o] == flag
    }
  }

  /// The id of the canonical name of `s`, computed on first sight.
  func id(
    _ s: EntityNormalizer.TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo, _ gazetteer: Gazetteer
  ) -> Int32 {
    let flag = EntityNameCache.flag(s, info)
    let (h, known) = t.bytes.withUnsafeBufferPointer { p -> (UInt64, Int32?) in
      let h = EntityNameCache.keyHash(s, t, p, flag)
      if let found = index[h], sameKey(Int(found), s, t, p, flag) { return (h, Int32(found)) }
      return (h, nil)
    }
    if let known { return known }
    // First sight: store the key.
    t.bytes.withUnsafeBufferPointer { p in
      for k in s.start..<s.end {
        let a = Int(t.starts[k])
        let b = Int(t.ends[k])
        let n = b - a
        keys.append(UInt8(truncatingIfNeeded: n))
        keys.append(UInt8(truncatingIfNeeded: n >> 8))
        keys.append(UInt8(truncatingIfNeeded: n >> 16))
        keys.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
      }
    }
    keys.append(flag)
    keyStart.append(keys.count)
    let id = Int32(names.count)
    let name: Name
    if builder?.build(s, t, info) == true, let b = builder {
      let mask = gazetteer.mask(ofBytes: b.text)
      let (loc, misc) = b.subtypes(mask: mask)
      name = Name(
        text: String(decoding: b.text, as: UTF8.self), lower: String(decoding: b.lower, as: UTF8.self), mask: mask,
        group: asciiGroup(b.lower), locSubtype: loc, miscSubtype: misc)
    } else {
      let text = EntityNormalizer.canonical(s, t, info)
      let lower = text.lowercased()
      var n = Name(text: text, lower: lower, mask: gazetteer.mask(of: text), group: group(lower))
      n.locSubtype = EntityNormalizer.subtype(.loc, n)
      n.miscSubtype = EntityNormalizer.subtype(.misc, n)
      name = n
    }
    names.append(name)
    index[h] = UInt32(id)
    return id
  }

  /// The group of a lower-cased name (`String` equality, so canonically equivalent spellings share one): by its
  /// bytes when its NFC form is ASCII, else by `String`.
  private func group(_ lower: String) -> Int32 {
    var ascii = true
    for b in lower.utf8 where b >= 0x80 { ascii = false }
    if ascii { return asciiGroup(Array(lower.utf8)) }
    let nfc = lower.precomposedStringWithCanonicalMapping
    if !nfc.utf8.contains(where: { $0 >= 0x80 }) { return asciiGroup(Array(nfc.utf8)) }
    if let g = groups[lower] { return g }
    let g = newGroup([])
    groups[lower] = g
    return g
  }

  /// The group of an ASCII lower-cased name.
  private func asciiGroup(_ lower: [UInt8]) -> Int32 {
    let h = FeatureHash.bytes(lower)
    guard let found = asciiGroups[h] else {
      let g = newGroup(lower)
      asciiGroups[h] = UInt32(g)
      return g
    }
    let g = Int(found)
    if groupBytes[groupStart[g]..<groupStart[g + 1]].elementsEqual(lower) { return Int32(g) }
    // Two names with one 64-bit hash: the later ones are kept aside.
    if let c = collidedGroups[lower] { return c }
    let c = newGroup([])
    collidedGroups[lower] = c
    return c
  }

  /// A new group number; `bytes` are its ASCII name (empty for the others).
  private func newGroup(_ bytes: [UInt8]) -> Int32 {
    groupBytes.append(contentsOf: bytes)
    groupStart.append(groupBytes.count)
    groupCount += 1
    return Int32(groupCount - 1)
  }
}
