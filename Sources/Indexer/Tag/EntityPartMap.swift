/// The words of one document's names that stand for a whole name (`EntityNormalizer.finish`): each part of a
/// multi-token person name, and each single-word name, by the lower-cased word's hash, with the name's type and
/// id. A word that is part of two different person names is ambiguous and dropped.
///
/// Open addressing on the word hashes (no `Hasher` work per lookup); entries are never removed, only flagged.
struct EntityPartMap {
  private var index: NERHashMap
  private var types: [EntityType] = []
  private var names: [Int32] = []
  private var ambiguous: [Bool] = []

  /// An empty map for about `capacity` words.
  init(capacity: Int) {
    index = NERHashMap(capacity: capacity)
  }

  /// The type and name id of `key`, unless absent or ambiguous.
  subscript(key: UInt64) -> (EntityType, Int32)? {
    guard let e = index[key].map({ Int($0) }), !ambiguous[e] else { return nil }
    return (types[e], names[e])
  }

  /// Records `key` as a part of name `name`; a different earlier name with another canonical text makes the key
  /// ambiguous (applied by ``dropAmbiguous()``). The latest name wins.
  mutating func note(_ key: UInt64, _ type: EntityType, _ name: Int32, _ cache: EntityNameCache) {
    if let found = index[key] {
      let e = Int(found)
      if names[e] != name && cache[names[e]].text != cache[name].text { pendingAmbiguous.append(e) }
      types[e] = type
      names[e] = name
    } else {
      add(key, type, name)
    }
  }

  /// Records `key` unless it is already recorded.
  mutating func addIfAbsent(_ key: UInt64, _ type: EntityType, _ name: Int32) {
    if index[key] == nil { add(key, type, name) }
  }

  /// Keys found ambiguous by ``note(_:_:_:_:)``, dropped by ``dropAmbiguous()``.
  private var pendingAmbiguous: [Int] = []

  /// Drops the ambiguous keys.
  mutating func dropAmbiguous() {
    for e in pendingAmbiguous { ambiguous[e] = true }
    pendingAmbiguous.removeAll()
  }

  private mutating func add(_ key: UInt64, _ type: EntityType, _ name: Int32) {
    index[key] = UInt32(types.count)
    types.append(type)
    names.append(name)
    ambiguous.append(false)
  }
}
