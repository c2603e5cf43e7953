import Foundation

/// Canonical names of entity spans by surface, so that `EntityNormalizer` builds each distinct name's strings
/// (canonical form, lower-cased form, gazetteer mask, subtypes) once per thread instead of once per mention.
///
/// The canonical form of a span depends only on its token texts, whether it is an ORG, and whether its sentence
/// is all caps; those make the key. Keys are compared byte for byte, so a hash collision never mixes two names.
/// Used by one thread at a time (it lives in a `NERScoreCache`); bounded: past `limit` names it forgets everything,
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
  private(set) var names: [Name] = []
  private var index = NERHashMap(capacity: 1024)
  /// Keys of `names`, back to back: `keys[keyStart[i]..<keyStart[i + 1]]`.
  private var keys: [UInt8] = []
  private var keyStart: [Int] = [0]
  private var scratch: [UInt8] = []
  /// Group numbers by lower-cased canonical name.
  private var groups: [String: Int32] = [:]
  /// Number of groups.
  private(set) var groupCount = 0

  /// Creates an empty cache.
  /// - Parameter limit: most names kept before the cache starts over.
  init(limit: Int = 50_000) {
    self.limit = limit
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
    groups.removeAll(keepingCapacity: true)
    groupCount = 0
  }

  /// Whether the key of name `id` equals `scratch`.
  private func sameKey(_ id: Int) -> Bool {
    let a = keyStart[id]
    let n = keyStart[id + 1] - a
    guard n == scratch.count else { return false }
    return keys.withUnsafeBufferPointer { k in
      scratch.withUnsafeBufferPointer { q in memcmp(k.baseAddress! + a, q.baseAddress!, n) == 0 }
    }
  }

  /// The id of the canonical name of `s`, computed on first sight.
  func id(
    _ s: EntityNormalizer.TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo, _ gazetteer: Gazetteer
  ) -> Int32 {
    scratch.removeAll(keepingCapacity: true)
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    t.bytes.withUnsafeBufferPointer { p in
      for k in s.start..<s.end {
        let a = Int(t.starts[k])
        let b = Int(t.ends[k])
        let n = b - a
        scratch.append(UInt8(truncatingIfNeeded: n))
        scratch.append(UInt8(truncatingIfNeeded: n >> 8))
        scratch.append(UInt8(truncatingIfNeeded: n >> 16))
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
      }
    }
    scratch.append((s.type == .org ? 1 : 0) | (info.capsSentence[s.start] != 0 ? 2 : 0))
    scratch.withUnsafeBufferPointer { p in
      for b in p { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    }
    h = FeatureHash.mix(h)
    if let found = index[h], sameKey(Int(found)) { return Int32(found) }
    let text = EntityNormalizer.canonical(s, t, info)
    let id = Int32(names.count)
    let mask = gazetteer.mask(of: text)
    let lower = text.lowercased()
    let group: Int32
    if let g = groups[lower] {
      group = g
    } else {
      group = Int32(groupCount)
      groups[lower] = group
      groupCount += 1
    }
    var name = Name(text: text, lower: lower, mask: mask, group: group)
    name.locSubtype = EntityNormalizer.subtype(.loc, name)
    name.miscSubtype = EntityNormalizer.subtype(.misc, name)
    names.append(name)
    keys.append(contentsOf: scratch)
    keyStart.append(keys.count)
    index[h] = UInt32(id)
    return id
  }
}
