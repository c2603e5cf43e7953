import Foundation

/// The trained weights of the statistical tagger: a hash table from feature hash to a row of 17 quantized
/// weights (one per BILOU tag), plus the gazetteer the features were trained with.
///
/// File format (little-endian): magic `SEEKNER1`, version, tag count, row count, gazetteer entry count,
/// gazetteer max phrase length, word-class count (UInt32 each), FNV-1a-64 checksum of the payload (UInt64); payload: row
/// keys (UInt64, ascending), weights (Int16, rows x tags), gazetteer hashes (UInt64, ascending), gazetteer masks
/// (UInt16), word-class hashes (UInt64, ascending), word classes (UInt32). Version 2 adds the gazetteer's phrase
/// prefixes as entries whose mask has `Gazetteer.prefixBit` (on its own, or beside an entry's categories); version 1
/// files (no prefixes) still load, and their gazetteer scan probes every phrase.
package struct NERModel: Sendable {
  static let magic: [UInt8] = Array("SEEKNER1".utf8)
  static let version: UInt32 = 2
  /// The oldest version read.
  static let oldestVersion: UInt32 = 1
  static let headerSize = 40

  /// Row keys in ascending order (for writing).
  package private(set) var rowKeys: [UInt64]
  /// Quantized weights, `NERTagSet.count` per row.
  package private(set) var weights: [Int16]
  /// The gazetteer.
  package let gazetteer: Gazetteer
  /// Word classes.
  package let clusters: WordClusters.Table
  /// The same word classes in a fast map.
  package let clusterMap: NERHashMap
  /// Open-addressing table from feature hash to row: two words per slot, the key (0: empty slot) and its row, so
  /// a probe and its row number share one cache line; the fast scorer then reads the row from `weights`. Far
  /// smaller than a weight row per slot, so more of it stays in cache.
  private(set) var slots: [UInt64]
  /// Slots minus one (a power of two minus one).
  private(set) var slotMask: Int
  /// A blocked Bloom filter over the row keys (`filterBits` bits, small enough to stay in a core's cache; each key
  /// sets two bits of one 64-bit word, so a probe reads one cache line): most features absent from the model stop
  /// here instead of probing `slots`.
  private(set) var filter: [UInt64]
  static let filterBits = 1 << 20
  /// Unique per model built in this process (lets a `NERScoreCache` notice a different model).
  let identity: Int

  private static let identityLock = NSLock()
  nonisolated(unsafe) private static var nextIdentity = 0

  /// Builds a model from rows.
  /// - Parameters:
  ///   - keys: feature hashes (nonzero), ascending.
  ///   - weights: `NERTagSet.count` weights per key.
  ///   - gazetteer: the gazetteer used for the features.
  ///   - clusters: the word classes used for the features.
  package init(keys: [UInt64], weights: [Int16], gazetteer: Gazetteer, clusters: WordClusters.Table) {
    rowKeys = keys
    self.weights = weights
    self.gazetteer = gazetteer
    self.clusters = clusters
    clusterMap = NERHashMap(clusters)
    NERModel.identityLock.lock()
    NERModel.nextIdentity += 1
    identity = NERModel.nextIdentity
    NERModel.identityLock.unlock()
    var capacity = 16
    while capacity < keys.count * 3 / 2 { capacity <<= 1 }
    var table = [UInt64](repeating: 0, count: 2 * capacity)
    slotMask = capacity - 1
    for (r, k) in keys.enumerated() {
      var s = Int(truncatingIfNeeded: k) & slotMask
      while table[2 * s] != 0 { s = (s + 1) & slotMask }
      table[2 * s] = k
      table[2 * s + 1] = UInt64(r)
    }
    slots = table
    var bits = [UInt64](repeating: 0, count: NERModel.filterBits / 64)
    for k in keys {
      let (word, probe) = NERModel.filterProbe(k)
      bits[word] |= probe
    }
    filter = bits
  }

  /// The filter word of a key and its two bits in it (from the key's high bits; the slot comes from the low ones).
  @inline(__always) static func filterProbe(_ key: UInt64) -> (Int, UInt64) {
    let word = Int(truncatingIfNeeded: key >> 50) & (NERModel.filterBits / 64 - 1)
    return (word, 1 << ((key >> 38) & 63) | 1 << ((key >> 32) & 63))
  }

  /// Number of feature rows.
  package var rowCount: Int { rowKeys.count }

  /// The row of a feature, or -1.
  @inline(__always) func row(_ key: UInt64) -> Int {
    let (word, probe) = NERModel.filterProbe(key)
    if filter[word] & probe != probe { return -1 }
    var s = Int(truncatingIfNeeded: key) & slotMask
    while true {
      let k = slots[2 * s]
      if k == key { return Int(slots[2 * s + 1]) }
      if k == 0 { return -1 }
      s = (s + 1) & slotMask
    }
  }

  /// Tags one document (with a fresh score cache; see `tag(_:_:cache:)`).
  /// - Parameters:
  ///   - text: the tokenized document.
  ///   - info: its token values.
  /// - Returns: one tag id per token.
  package func tag(_ text: NERTokenizedText, _ info: NERTokenInfo) -> [Int] {
    tag(text, info, cache: NERScoreCache(typeSlots: 1 << 12))
  }

  /// Tags one document the reference way, hashing and looking up every feature of every token: greedy left to
  /// right with document history. `tag(_:_:cache:)` gives the same tags faster.
  ///
  /// In normally cased sentences a token is tagged `O` without scoring when it and its neighbours have no
  /// spelling of a name, the previous tag is `O` and the word has no entity history (`isObviouslyOutside`).
  /// - Parameters:
  ///   - text: the tokenized document.
  ///   - info: its token values.
  ///   - skipsObviousOutside: false scores every token (to measure what the shortcut changes).
  /// - Returns: one tag id per token.
  package func tagUncached(_ text: NERTokenizedText, _ info: NERTokenInfo, skipsObviousOutside: Bool = true)
    -> [Int]
  {
    let nt = NERTagSet.count
    var tags = [Int](repeating: 0, count: text.count)
    var history: [UInt64: UInt8] = [:]
    var features: [UInt64] = []
    features.reserveCapacity(96)
    var scores = [Int32](repeating: 0, count: nt)
    weights.withUnsafeBufferPointer { w in
      for r in text.sentences {
        var p1 = 0
        var p2 = 0
        let normal = skipsObviousOutside && NERModel.isNormallyCased(info, r)
        for i in r {
          if normal && p1 == 0 && NERModel.isObviouslyOutside(info, i, r) && history[info.lower[i]] == nil {
            p2 = p1
            continue
          }
          features.removeAll(keepingCapacity: true)
          NERFeatureTemplates.staticFeatures(info, i, r, &features)
          let h = Int(history[info.lower[i]] ?? 0)
          NERFeatureTemplates.dynamicFeatures(info, i, p1, p2, h, &features)
          for t in 0..<nt { scores[t] = 0 }
          for f in features {
            let row = self.row(f)
            if row < 0 { continue }
            let base = row * nt
            for t in 0..<nt { scores[t] &+= Int32(w[base + t]) }
          }
          let best = NERModel.argmax(scores, p1, last: i == r.upperBound - 1)
          tags[i] = best
          if let c = NERTagSet.entityClass(best) { history[info.lower[i]] = UInt8(c + 1) }
          p2 = p1
          p1 = best
        }
      }
    }
    NERModel.joinAdjacent(&tags, text.sentences)
    return tags
  }

  /// Joins directly adjacent chunks of the same class ("XI" U-PER + "JINPING" U-PER -> one name): unconstrained
  /// greedy decoding splits names far more often than two names of one class touch.
  static func joinAdjacent(_ tags: inout [Int], _ sentences: [Range<Int>]) {
    for r in sentences where r.count > 1 {
      for i in (r.lowerBound + 1)..<r.upperBound {
        guard let c = NERTagSet.entityClass(tags[i]), NERTagSet.entityClass(tags[i - 1]) == c else { continue }
        let p = NERTagSet.position(tags[i])
        if p == 0 || p == 3 {  // starts a new chunk right after one of the same class
          tags[i] = NERTagSet.tag(c, p == 0 ? 1 : 2)
          let q = NERTagSet.position(tags[i - 1])
          if q == 3 { tags[i - 1] = NERTagSet.tag(c, 0) } else if q == 2 { tags[i - 1] = NERTagSet.tag(c, 1) }
        }
      }
    }
  }

  /// Whether decoding enforces BILOU transitions (off: any tag may follow any tag; chunks are read leniently).
  package static let constrained = false

  /// The best allowed tag after `prev`; at the sentence's last token an entity must close.
  @inline(__always) package static func argmax<S: RandomAccessCollection>(_ scores: S, _ prev: Int, last: Bool) -> Int
  where S.Element: Comparable, S.Index == Int {
    var best = -1
    for t in 0..<NERTagSet.count where !constrained || NERTagSet.allowed(prev, t) {
      if constrained && last {
        let p = NERTagSet.position(t)
        if p == 0 || p == 1 { continue }
      }
      if best < 0 || scores[t] > scores[best] { best = t }
    }
    return best
  }

  /// Serializes the model.
  package func fileBytes() -> [UInt8] {
    var payload: [UInt8] = []
    let gaz = gazetteer.storedMasks.sorted { $0.key < $1.key }
    payload.reserveCapacity(rowKeys.count * (8 + 2 * NERTagSet.count) + gaz.count * 10)
    for k in rowKeys { withUnsafeBytes(of: k.littleEndian) { payload.append(contentsOf: $0) } }
    for w in weights { withUnsafeBytes(of: w.littleEndian) { payload.append(contentsOf: $0) } }
    for (k, _) in gaz { withUnsafeBytes(of: k.littleEndian) { payload.append(contentsOf: $0) } }
    for (_, m) in gaz { withUnsafeBytes(of: m.littleEndian) { payload.append(contentsOf: $0) } }
    let cl = clusters.sorted { $0.key < $1.key }
    for (k, _) in cl { withUnsafeBytes(of: k.littleEndian) { payload.append(contentsOf: $0) } }
    for (_, v) in cl { withUnsafeBytes(of: v.littleEndian) { payload.append(contentsOf: $0) } }
    var out = NERModel.magic
    for v in [
      NERModel.version, UInt32(NERTagSet.count), UInt32(rowKeys.count), UInt32(gaz.count),
      UInt32(gazetteer.maxLength), UInt32(cl.count),
    ] {
      withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
    let sum = payload.withUnsafeBytes { FeatureHash.checksum($0) }
    withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: payload)
    return out
  }

  /// Reads a model file.
  /// - Parameter path: the file.
  /// - Throws: `SeekError` when the file is missing, truncated, of another version, or fails its checksum.
  package init(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SeekError(.invalidInput, "tagger model \(path): cannot read the file; check the path or retrain it")
    }
    try self.init(bytes: [UInt8](data), path: path)
  }

  /// Parses model bytes.
  package init(bytes: [UInt8], path: String) throws {
    func fail(_ why: String) -> SeekError {
      SeekError(.corruptIndex, "tagger model \(path): \(why); retrain with train-tagger or restore the file")
    }
    guard bytes.count >= NERModel.headerSize, Array(bytes[0..<8]) == NERModel.magic else {
      throw fail("not a seek tagger model")
    }
    let (keys, weights, gazetteer, clusters) = try bytes.withUnsafeBytes {
      raw -> ([UInt64], [Int16], Gazetteer, WordClusters.Table) in
      func u32(_ o: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))) }
      let version = u32(8)
      guard version >= Int(NERModel.oldestVersion) && version <= Int(NERModel.version) else {
        throw SeekError(.unsupportedVersion, "tagger model \(path): version \(version) is not supported; retrain it")
      }
      guard u32(12) == NERTagSet.count else { throw fail("unexpected tag count \(u32(12))") }
      let rows = u32(16)
      let gazCount = u32(20)
      let gazMax = u32(24)
      let clusterCount = u32(28)
      let nt = NERTagSet.count
      let expected = NERModel.headerSize + rows * 8 + rows * nt * 2 + gazCount * 10 + clusterCount * 12
      guard raw.count == expected else { throw fail("size \(raw.count) bytes, expected \(expected)") }
      let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
      let payload = UnsafeRawBufferPointer(rebasing: raw[NERModel.headerSize...])
      guard FeatureHash.checksum(payload) == stored else { throw fail("checksum mismatch") }
      var o = NERModel.headerSize
      var keys = [UInt64](repeating: 0, count: rows)
      keys.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[o..<(o + rows * 8)])) }
      o += rows * 8
      var weights = [Int16](repeating: 0, count: rows * nt)
      weights.withUnsafeMutableBytes {
        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[o..<(o + rows * nt * 2)]))
      }
      o += rows * nt * 2
      var g = Gazetteer()
      for k in 0..<gazCount {
        let h = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8 * k, as: UInt64.self))
        let m = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o + gazCount * 8 + 2 * k, as: UInt16.self))
        g.addRaw(h, m, length: gazMax)
      }
      if version < 2 { g.forgetPrefixes() }
      o += gazCount * 10
      var table = WordClusters.Table(minimumCapacity: clusterCount)
      for k in 0..<clusterCount {
        let h = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8 * k, as: UInt64.self))
        table[h] = UInt32(
          littleEndian: raw.loadUnaligned(fromByteOffset: o + clusterCount * 8 + 4 * k, as: UInt32.self))
      }
      return (keys.map { UInt64(littleEndian: $0) }, weights.map { Int16(littleEndian: $0) }, g, table)
    }
    self.init(keys: keys, weights: weights, gazetteer: gazetteer, clusters: clusters)
  }
}
