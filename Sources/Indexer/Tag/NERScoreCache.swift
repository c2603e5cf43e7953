import Foundation

/// Scratch memory of the fast scorer (`NERModel.tag(_:_:cache:)`), reused across documents by one thread at a time.
///
/// Most features of a token depend only on one word of the window (its own word, lower-cased form, shape,
/// affixes and word class, or those of a neighbour at -2...+2). Their weight rows are summed once per word type
/// and relative position and kept here, so tagging a token adds a few cached 17-wide vectors instead of hashing
/// and looking up some 45 features. Groups of features over small value domains (neighbouring shapes, word-class
/// pairs, document casing, previous tags) are memoized the same way. All sums are exact integer sums of the
/// model's weights, so the tags equal those of the uncached scorer.
///
/// Used by one thread at a time, so its properties skip the runtime exclusivity checks. A cache serves one model
/// at a time (it forgets everything when used with another); it is bounded
/// (direct-mapped tables that overwrite on collision).
package final class NERScoreCache {
  /// Number of 17-wide vectors per word-type entry: pos-0 base, -1, +1, -2, +2, then pos-0 for the four
  /// (first-in-sentence, all-caps sentence) variants.
  static let vectorsPerType = 9
  static let nt = NERTagSet.count

  /// Identity of the model the cache was filled from (`NERModel.identity`; -1 none).
  @exclusivity(unchecked) var modelIdentity = -1
  /// Whether `boundary` holds the vectors of that model.
  @exclusivity(unchecked) var boundaryReady = false
  let typeMask: Int
  /// Word hash per type slot (0: empty).
  let typeKeys: UnsafeMutablePointer<UInt64>
  /// Per type slot, which vectors are filled: bit 0 the pos-0 base, bits 1...4 the pos-0 variants, bits 5...8
  /// the neighbour vectors -1, +1, -2, +2 (each is computed on first use: a word seen only beside scored tokens
  /// needs just the neighbour vectors it is used as).
  let typeValid: UnsafeMutablePointer<UInt16>
  let typeVectors: UnsafeMutablePointer<Int32>
  let memoMask: Int
  let memoKeys: UnsafeMutablePointer<UInt64>
  let memoVectors: UnsafeMutablePointer<Int32>
  /// Document history (last entity class per lower-cased word), open addressing with a generation stamp.
  @exclusivity(unchecked) var historyMask: Int
  @exclusivity(unchecked) var historyKeys: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) var historyStamps: UnsafeMutablePointer<UInt32>
  @exclusivity(unchecked) var historyValues: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) var historyGeneration: UInt32 = 0
  @exclusivity(unchecked) var historyCount = 0
  /// Canonical names of entity surfaces, for `EntityNormalizer.finish` (same model, so same gazetteer).
  let names: EntityNameCache
  /// Per-token values by word (they do not depend on the model).
  package let tokenValues = NERTokenValueCache()
  /// Tokens scored and tokens tagged `O` without scoring (obviously outside names), since the cache was made.
  @exclusivity(unchecked) package var scoredTokens = 0
  @exclusivity(unchecked) package var skippedTokens = 0
  /// Scores of the current token.
  let scores: UnsafeMutablePointer<Int32>
  /// Word-window sums of the current sentence, 17 per token (`NERScorer.addWindows`); grown as needed.
  @exclusivity(unchecked) private(set) var windowSums: UnsafeMutablePointer<Int32>
  @exclusivity(unchecked) private var windowCapacity: Int
  /// Vectors of the sentence boundaries as neighbours: -1, +1, -2, +2 (valid when `boundaryReady`).
  let boundary: UnsafeMutablePointer<Int32>

  /// Creates an empty cache.
  /// - Parameters:
  ///   - typeSlots: word types kept (rounded up to a power of two).
  ///   - memoSlots: memoized feature groups kept (rounded up to a power of two).
  ///   - nameLimit: canonical entity names kept before that cache starts over.
  ///   - asciiNamesOnBytes: false builds every canonical name the `String` way (tests compare).
  package init(
    typeSlots: Int = 1 << 14, memoSlots: Int = 1 << 13, nameLimit: Int = 50_000, asciiNamesOnBytes: Bool = true
  ) {
    names = EntityNameCache(limit: nameLimit, asciiOnBytes: asciiNamesOnBytes)
    var t = 16
    while t < typeSlots { t <<= 1 }
    var m = 16
    while m < memoSlots { m <<= 1 }
    typeMask = t - 1
    memoMask = m - 1
    let nt = NERScoreCache.nt
    typeKeys = .allocate(capacity: t)
    typeKeys.initialize(repeating: 0, count: t)
    typeValid = .allocate(capacity: t)
    typeValid.initialize(repeating: 0, count: t)
    typeVectors = .allocate(capacity: t * NERScoreCache.vectorsPerType * nt)
    boundary = .allocate(capacity: 4 * nt)
    memoKeys = .allocate(capacity: m)
    memoKeys.initialize(repeating: 0, count: m)
    memoVectors = .allocate(capacity: m * nt)
    (historyKeys, historyStamps, historyValues) = Self.zeroedHistory(size: 1 << 12)
    historyMask = (1 << 12) - 1
    scores = .allocate(capacity: nt)
    scores.initialize(repeating: 0, count: nt)
    windowCapacity = 256
    windowSums = .allocate(capacity: windowCapacity * nt)
  }

  deinit {
    typeKeys.deallocate()
    typeValid.deallocate()
    typeVectors.deallocate()
    memoKeys.deallocate()
    memoVectors.deallocate()
    historyKeys.deallocate()
    historyStamps.deallocate()
    historyValues.deallocate()
    scores.deallocate()
    windowSums.deallocate()
    boundary.deallocate()
  }

  /// Makes room in `windowSums` for a sentence of `tokens` tokens.
  func reserveWindows(_ tokens: Int) {
    guard tokens > windowCapacity else { return }
    windowSums.deallocate()
    windowCapacity = max(tokens, 2 * windowCapacity)
    windowSums = .allocate(capacity: windowCapacity * NERScoreCache.nt)
  }

  /// Forgets every cached vector (another model).
  func clear() {
    typeKeys.update(repeating: 0, count: typeMask + 1)
    typeValid.update(repeating: 0, count: typeMask + 1)
    memoKeys.update(repeating: 0, count: memoMask + 1)
    names.clear()
    modelIdentity = -1
    boundaryReady = false
  }

  /// Forgets the document history (start of a document).
  func resetHistory() {
    if historyGeneration == UInt32.max {
      historyStamps.update(repeating: 0, count: historyMask + 1)
      historyGeneration = 0
    }
    historyGeneration += 1
    historyCount = 0
  }

  /// 1 + the entity class last given to the word `key` in this document, or 0.
  @inline(__always) func history(_ key: UInt64) -> Int {
    var s = Int(truncatingIfNeeded: key) & historyMask
    while historyStamps[s] == historyGeneration {
      if historyKeys[s] == key { return Int(historyValues[s]) }
      s = (s + 1) & historyMask
    }
    return 0
  }

  /// Records the entity class of a word in this document.
  @inline(__always) func setHistory(_ key: UInt64, _ value: UInt8) {
    var s = Int(truncatingIfNeeded: key) & historyMask
    while historyStamps[s] == historyGeneration {
      if historyKeys[s] == key {
        historyValues[s] = value
        return
      }
      s = (s + 1) & historyMask
    }
    if historyCount * 2 >= historyMask {
      growHistory()
      setHistory(key, value)
      return
    }
    historyStamps[s] = historyGeneration
    historyKeys[s] = key
    historyValues[s] = value
    historyCount += 1
  }

  /// A history table of `size` zeroed slots: keys, stamps and values.
  private static func zeroedHistory(size: Int) -> (
    UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt8>
  ) {
    let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
    keys.initialize(repeating: 0, count: size)
    let stamps = UnsafeMutablePointer<UInt32>.allocate(capacity: size)
    stamps.initialize(repeating: 0, count: size)
    let values = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    values.initialize(repeating: 0, count: size)
    return (keys, stamps, values)
  }

  /// Doubles the history table, keeping this document's entries.
  private func growHistory() {
    let oldMask = historyMask
    let oldKeys = historyKeys
    let oldStamps = historyStamps
    let oldValues = historyValues
    let size = (oldMask + 1) * 2
    historyMask = size - 1
    (historyKeys, historyStamps, historyValues) = Self.zeroedHistory(size: size)
    historyCount = 0
    for s in 0...oldMask where oldStamps[s] == historyGeneration { setHistory(oldKeys[s], oldValues[s]) }
    oldKeys.deallocate()
    oldStamps.deallocate()
    oldValues.deallocate()
  }
}

/// The score caches of one tagger, shared by its threads: `take` one, `put` it back after use.
///
/// At most `limit` caches exist (by default one per core): more threads tagging at once than there are cores
/// gain no speed, while each cache holds megabytes and is warmer the more documents it serves. A thread that finds
/// none idle waits for one (tagging never waits on anything else, so this cannot deadlock).
final class NERScoreCachePool: @unchecked Sendable {
  private let condition = NSCondition()
  private var idle: [NERScoreCache] = []
  private var created = 0
  /// Most caches in existence.
  let limit: Int

  /// An empty pool.
  /// - Parameter limit: most caches in existence (at least 1).
  init(limit: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.limit = max(1, limit)
  }

  /// An idle cache, a new one while fewer than `limit` exist, or else the next one put back.
  func take() -> NERScoreCache {
    condition.lock()
    defer { condition.unlock() }
    while idle.isEmpty && created >= limit { condition.wait() }
    if let cache = idle.popLast() { return cache }
    created += 1
    return NERScoreCache()
  }

  /// Returns a cache for reuse.
  func put(_ cache: NERScoreCache) {
    condition.lock()
    idle.append(cache)
    condition.signal()
    condition.unlock()
  }

  /// Number of caches made so far (tests).
  var count: Int {
    condition.lock()
    defer { condition.unlock() }
    return created
  }
}

/// The per-token values of `NERTokenInfo` (lower-cased, shape and short-shape hashes, flags, affixes, and the
/// word class of the lower-cased form) by word hash: a word's values depend only on its bytes and the model's word
/// classes, so they are computed once per word type. Direct-mapped and bounded; used by one thread at a time; it
/// forgets everything when used with another model.
package final class NERTokenValueCache {
  /// Words per slot: the word hash (0: empty), then lower, shape, short, flags, 8 affixes, word class, padded to
  /// two whole cache lines (slots are 64-byte aligned), so a lookup touches two lines and no separate key array.
  static let width = 16
  let mask: Int
  /// The slots (`width` words each).
  let values: UnsafeMutablePointer<UInt64>
  /// Identity of the model whose word classes the cache holds (-1: none yet).
  private var modelIdentity = -1

  /// An empty cache of `slots` words (rounded up to a power of two).
  package init(slots: Int = 1 << 14) {
    var c = 16
    while c < slots { c <<= 1 }
    mask = c - 1
    let words = c * NERTokenValueCache.width
    values = UnsafeMutableRawPointer.allocate(byteCount: words * 8, alignment: 64)
      .bindMemory(to: UInt64.self, capacity: words)
    // Only the keys are read before a slot is stored, so only they are zeroed (2 MB per cache otherwise).
    for slot in 0..<c { values[slot * NERTokenValueCache.width] = 0 }
  }

  deinit {
    values.deallocate()
  }

  /// Forgets everything when `identity` is not the model the cache was filled for.
  func use(model identity: Int) {
    guard identity != modelIdentity else { return }
    for slot in 0...mask { values[slot * NERTokenValueCache.width] = 0 }
    modelIdentity = identity
  }

  /// Copies the values of the word with hash `word` into row `k`, if known.
  @inline(__always) func load(_ word: UInt64, _ out: NERTokenInfo.Columns, _ k: Int) -> Bool {
    let slot = Int(truncatingIfNeeded: word) & mask
    let v = values + slot * NERTokenValueCache.width
    guard word > 1, v[0] == word else { return false }
    out.word[k] = word
    out.lower[k] = v[1]
    out.shape[k] = v[2]
    out.short[k] = v[3]
    out.flags[k] = UInt8(truncatingIfNeeded: v[4])
    let a = out.affixes + 8 * k
    for q in 0..<8 { a[q] = v[5 + q] }
    out.cluster[k] = UInt32(truncatingIfNeeded: v[13])
    return true
  }

  /// Remembers the values of row `k` for the word with hash `word`.
  @inline(__always) func store(_ word: UInt64, _ out: NERTokenInfo.Columns, _ k: Int) {
    guard word > 1 else { return }
    let slot = Int(truncatingIfNeeded: word) & mask
    let v = values + slot * NERTokenValueCache.width
    v[0] = word
    v[1] = out.lower[k]
    v[2] = out.shape[k]
    v[3] = out.short[k]
    v[4] = UInt64(out.flags[k])
    let a = out.affixes + 8 * k
    for q in 0..<8 { v[5 + q] = a[q] }
    v[13] = UInt64(out.cluster[k])
  }
}
