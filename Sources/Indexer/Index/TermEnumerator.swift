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

  let core: SegmentCore?
  public let field: IndexField
  private var block = -1
  private var remainingInBlock = 0
  private var reader: ByteReader
  private var postingsBase = 0
  private var positionsBase = 0
  private var started = false
  /// The current term's UTF-8 bytes (valid after `next()` returned true or a seek did not return `.end`).
  public private(set) var term: [UInt8] = []
  /// The current term's statistics and postings location.
  public private(set) var info: TermInfo
  /// Whether the enumerator ran past the last term.
  public private(set) var isExhausted = false

  init(core: SegmentCore, field: IndexField) {
    self.core = core
    self.field = field
    reader = ByteReader(core.terms.bytes)
    info = TermInfo(field: field, docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)
    if core.fields[Int(field.rawValue)] == nil { isExhausted = true }
  }

  /// The current term as a string.
  public var termString: String { String(decoding: term, as: UTF8.self) }

  private var index: SegmentCore.FieldIndex? { core?.fields[Int(field.rawValue)] }

  private func load(block b: Int) -> Bool {
    guard let index, b < index.blockOffsets.count else {
      isExhausted = true
      return false
    }
    block = b
    reader.position = index.blockOffsets[b]
    remainingInBlock = reader.int()
    postingsBase = 0
    positionsBase = 0
    term.removeAll(keepingCapacity: true)
    return true
  }

  private func decodeEntry() {
    let prefix = reader.int()
    let suffix = reader.int()
    if prefix < term.count { term.removeLast(term.count - prefix) }
    term.append(contentsOf: reader.bytes(suffix))
    info.docFreq = reader.int()
    info.totalTermFreq = info.docFreq + reader.int()
    postingsBase += reader.int()
    info.postingsOffset = postingsBase
    if field.hasPositions {
      positionsBase += reader.int()
      info.positionsOffset = positionsBase
    }
    remainingInBlock -= 1
  }

  /// Moves to the next term.
  /// - Returns: false when there is none (the enumerator is exhausted).
  public func next() -> Bool {
    if isExhausted { return false }
    if !started {
      started = true
      guard load(block: 0) else { return false }
    }
    while remainingInBlock == 0 {
      guard load(block: block + 1) else { return false }
    }
    decodeEntry()
    if reader.overrun {
      isExhausted = true
      return false
    }
    return true
  }

  /// Positions on the smallest term >= `target`.
  /// - Parameter target: the term's bytes.
  /// - Returns: `.found`, `.notFound` (on a greater term) or `.end`.
  public func seek(ceil target: UnsafeBufferPointer<UInt8>) -> SeekResult {
    guard let index, !index.firstTerms.isEmpty else {
      isExhausted = true
      return .end
    }
    isExhausted = false
    started = true
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
      while remainingInBlock == 0 {
        guard load(block: block + 1) else { return .end }
      }
      decodeEntry()
      if reader.overrun {
        isExhausted = true
        return .end
      }
      let c = term.withUnsafeBufferPointer { compareBytes($0, target) }
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
      guard term.starts(with: p), out.count < limit else { break }
      out.append((termString, info))
    } while next()
    return out
  }
}
