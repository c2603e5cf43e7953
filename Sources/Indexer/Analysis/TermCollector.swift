/// Collects the index terms of analyzed texts, the indexer's path: per token, the term string kept in the
/// ``TermCache`` slot (stemmed once per distinct word), written into a growable buffer that becomes the field's
/// `[String]` by a move. As a ``TokenSink`` it is inlined into the scanning loop: no closure call per token.
///
/// Owns its buffer: call ``finish()`` exactly once.
struct TermCollector: TokenSink {
  let cache: TermCache
  let stemmer: Stemmer?
  private var base: UnsafeMutablePointer<String>
  private var capacity: Int
  /// Terms collected so far.
  private(set) var count = 0

  /// Creates an empty collector.
  /// - Parameters:
  ///   - cache: the borrowed context's term cache.
  ///   - capacity: the expected number of terms (the buffer grows beyond it).
  init(cache: TermCache, capacity: Int) {
    self.cache = cache
    stemmer = cache.stemmer
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) {
    if count == capacity { grow() }
    if folded.count <= TermCache.maxKeyLength {
      (base + count).initialize(to: cache.term(cache.slot(for: folded, stem: kind == .word)))
    } else {
      (base + count).initialize(to: Self.uncachedTerm(folded, stemmer: kind == .word ? stemmer : nil))
    }
    count += 1
  }

  @inline(never)
  private mutating func grow() {
    let grown = UnsafeMutablePointer<String>.allocate(capacity: capacity * 2)
    grown.moveInitialize(from: base, count: count)
    base.deallocate()
    base = grown
    capacity *= 2
  }

  @inline(never)
  private static func uncachedTerm(_ folded: UnsafeBufferPointer<UInt8>, stemmer: Stemmer?) -> String {
    guard let stemmer else { return String(decoding: folded, as: UTF8.self) }
    return stemmer.stem(folded) { String(decoding: $0, as: UTF8.self) }
  }

  /// Moves the terms into an array and frees the buffer; the collector must not be used afterwards.
  /// - Returns: the terms in the order collected.
  mutating func finish() -> [String] {
    let n = count
    let source = base
    let terms = [String](unsafeUninitializedCapacity: n) { buffer, initialized in
      if n > 0 { buffer.baseAddress!.moveInitialize(from: source, count: n) }
      initialized = n
    }
    base.deallocate()
    count = 0
    capacity = 0
    return terms
  }
}
