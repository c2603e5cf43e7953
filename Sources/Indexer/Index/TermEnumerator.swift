/// Walks one field's terms of one segment in byte order: from the start, from a seek point (`seek(ceil:)`), by
/// prefix or range. This is the interface for prefix queries and Levenshtein automata (seek to the automaton's
/// next acceptable term, then `next()`).
///
/// ```swift
/// let e = segment.terms(.body)
/// if e.seek(ceil: Array("retr".utf8)) != .end {
///   repeat { guard e.term.starts(with: Array("retr".utf8)) else { break }; use(e.info) } while e.next()
/// }
/// ```
public final class TermEnumerator {
  /// Outcome of a seek.
  public enum SeekResult: Sendable, Equatable {
    /// Positioned on exactly the term sought.
    case found
    /// Positioned on the smallest term greater than the one sought.
    case notFound
    /// No term is greater or equal: the enumerator is exhausted.
    case end
  }

  private struct State {
    var block = -1
    var remainingInBlock = 0
    var reader: ByteReader
    var postingsBase = 0
    var positionsBase = 0
    var started = false
    /// The current term: `termLength` bytes at `termBytes` (capacity `termCapacity`).
    var termBytes: UnsafeMutablePointer<UInt8>
    var termLength = 0
    var termCapacity: Int
    var info: TermInfo
    var isExhausted = false
    /// Whether the next entry is its block's first (it must equal the block's first term in the term index).
    var firstInBlock = false
  }

  let core: SegmentCore?
  /// The field whose terms it walks.
  public let field: IndexField
  private let hasPositions: Bool
  private let index: SegmentCore.FieldIndex?
  /// Mutable state behind a `let` pointer: no dynamic exclusivity checks in the hot loop.
  private let st: UnsafeMutablePointer<State>

  /// The current term's UTF-8 bytes (valid after `next()` returned true or a seek did not return `.end`).
  public var term: [UInt8] { Array(currentTerm) }

  private var currentTerm: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: st.pointee.termBytes, count: st.pointee.termLength)
  }
  /// The current term's statistics and postings location.
  public var info: TermInfo { st.pointee.info }
  /// Whether the enumerator ran past the last term.
  public var isExhausted: Bool { st.pointee.isExhausted }

  init(core: SegmentCore, field: IndexField) {
    self.core = core
    self.field = field
    hasPositions = field.hasPositions
    index = core.fields[Int(field.rawValue)]
    st = .allocate(capacity: 1)
    st.initialize(
      to: State(
        reader: ByteReader(core.terms.bytes), termBytes: .allocate(capacity: 64), termCapacity: 64,
        info: TermInfo(field: field, docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)))
    if index == nil { st.pointee.isExhausted = true }
  }

  deinit {
    st.pointee.termBytes.deallocate()
    st.deinitialize(count: 1).deallocate()
  }

  /// Byte order of the current terms of two enumerators (< 0, 0, > 0).
  func compareTerm(_ other: TermEnumerator) -> Int { compareBytes(currentTerm, other.currentTerm) }

  /// Calls `body` with the current term's bytes without copying them.
  public func withTermBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(currentTerm)
  }

  /// The current term as a string.
  public var termString: String { String(decoding: currentTerm, as: UTF8.self) }

  /// Moves to block `b`.
  /// - Parameter following: whether a term was read before it (the block's first term must then be greater: a
  ///   damaged dictionary must not make the enumeration go backwards, which could make a caller that seeks from
  ///   the terms it reads, such as the fuzzy automaton, loop forever).
  private func load(block b: Int, following: Bool = false) -> Bool {
    let s = st
    guard let index, b < index.blockOffsets.count,
      !following || index.firstTerms[b].withUnsafeBufferPointer({ compareBytes($0, currentTerm) }) > 0
    else {
      s.pointee.isExhausted = true
      return false
    }
    s.pointee.firstInBlock = true
    s.pointee.block = b
    s.pointee.reader.position = index.blockOffsets[b]
    // At most a block's entries (a damaged count would make the next block's bytes read as this one's).
    s.pointee.remainingInBlock = min(max(s.pointee.reader.int(), 0), IndexFormat.termBlockSize)
    s.pointee.postingsBase = 0
    s.pointee.positionsBase = 0
    s.pointee.termLength = 0
    return true
  }

  private func decodeEntry() {
    let s = st
    let prefix = s.pointee.reader.int()
    let suffix = s.pointee.reader.int()
    let bytes = s.pointee.reader.bytes(suffix)
    let shared = min(max(prefix, 0), s.pointee.termLength)
    // Terms increase within a block (each greater than the one before), and a block starts with its term-index
    // term: checked entry by entry, as a damaged dictionary read without its checksum could break the order.
    if !s.pointee.firstInBlock {
      let rest = UnsafeBufferPointer(start: s.pointee.termBytes + shared, count: s.pointee.termLength - shared)
      if compareBytes(bytes, rest) <= 0 { s.pointee.reader.overrun = true }
    }
    let length = shared + bytes.count
    if length > s.pointee.termCapacity {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: length * 2)
      grown.update(from: s.pointee.termBytes, count: s.pointee.termLength)
      s.pointee.termBytes.deallocate()
      s.pointee.termBytes = grown
      s.pointee.termCapacity = length * 2
    }
    if let base = bytes.baseAddress {
      (s.pointee.termBytes + (length - bytes.count)).update(from: base, count: bytes.count)
    }
    s.pointee.termLength = length
    if s.pointee.firstInBlock {
      s.pointee.firstInBlock = false
      if let index, index.firstTerms[s.pointee.block].withUnsafeBufferPointer({ compareBytes($0, currentTerm) }) != 0 {
        s.pointee.reader.overrun = true
      }
    }
    let df = s.pointee.reader.int()
    s.pointee.info.docFreq = df
    s.pointee.info.totalTermFreq = df &+ s.pointee.reader.int()
    if let core { s.pointee.info = s.pointee.info.bounded(maxDoc: core.maxDoc) }
    s.pointee.postingsBase &+= s.pointee.reader.int()
    s.pointee.info.postingsOffset = s.pointee.postingsBase
    if hasPositions {
      s.pointee.positionsBase &+= s.pointee.reader.int()
      s.pointee.info.positionsOffset = s.pointee.positionsBase
    }
    s.pointee.remainingInBlock -= 1
  }

  /// Moves to the next term.
  /// - Returns: false when there is none (the enumerator is exhausted).
  public func next() -> Bool {
    let s = st
    if s.pointee.isExhausted { return false }
    if !s.pointee.started {
      s.pointee.started = true
      guard load(block: 0) else { return false }
    }
    while s.pointee.remainingInBlock == 0 {
      guard load(block: s.pointee.block + 1, following: true) else { return false }
    }
    decodeEntry()
    if s.pointee.reader.overrun {
      s.pointee.isExhausted = true
      return false
    }
    return true
  }

  /// Positions on the smallest term >= `target`.
  /// - Parameter target: the term's bytes.
  /// - Returns: `.found`, `.notFound` (on a greater term) or `.end`.
  public func seek(ceil target: UnsafeBufferPointer<UInt8>) -> SeekResult {
    let s = st
    guard let index, !index.firstTerms.isEmpty else {
      s.pointee.isExhausted = true
      return .end
    }
    s.pointee.isExhausted = false
    s.pointee.started = true
    // Last block whose first term <= target.
    var lo = 0
    var hi = index.firstTerms.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      let c = index.firstTerms[mid].withUnsafeBufferPointer { compareBytes($0, target) }
      if c <= 0 { lo = mid } else { hi = mid - 1 }
    }
    guard load(block: lo) else { return .end }
    while true {
      while s.pointee.remainingInBlock == 0 {
        guard load(block: s.pointee.block + 1, following: true) else { return .end }
      }
      decodeEntry()
      if s.pointee.reader.overrun {
        s.pointee.isExhausted = true
        return .end
      }
      let c = compareBytes(currentTerm, target)
      if c == 0 { return .found }
      if c > 0 { return .notFound }
    }
  }

  /// Positions on the smallest term >= `target`.
  public func seek(ceil target: [UInt8]) -> SeekResult {
    target.withUnsafeBufferPointer { seek(ceil: $0) }
  }

  /// Positions on the smallest term >= `target`.
  public func seek(ceil target: String) -> SeekResult { seek(ceil: Array(target.utf8)) }

  /// Every term starting with `prefix`, with its info, in order.
  /// - Parameters:
  ///   - prefix: the prefix bytes.
  ///   - limit: stop after this many terms.
  /// - Returns: terms and infos.
  public func terms(withPrefix prefix: String, limit: Int = .max) -> [(term: String, info: TermInfo)] {
    let p = Array(prefix.utf8)
    var out: [(term: String, info: TermInfo)] = []
    guard seek(ceil: p) != .end else { return out }
    repeat {
      guard currentTerm.starts(with: p), out.count < limit else { break }
      out.append((termString, info))
    } while next()
    return out
  }
}
