/// Every ``interval``-th term of one field's dictionary, kept in memory with where its entry starts: a lookup
/// binary-searches the samples and scans at most ``interval`` entries instead of a whole block of
/// ``IndexFormat/termBlockSize`` (the `.ter` file is unchanged; the samples are read from it when the segment
/// opens).
///
/// Sample `i` is the term of ordinal `interval · i` (blocks hold exactly ``IndexFormat/termBlockSize`` entries but
/// the last, a multiple of ``interval``, so a block's first term is always a sample). For each sample it keeps the
/// term's bytes, its entry's position in the dictionary file, the block's running postings and positions offsets
/// before the entry, and how many entries of its block it starts (itself and the ones up to the next sample).
/// Immutable after init and shared by every snapshot of the segment.
final class TermSampleIndex: @unchecked Sendable {
  /// Terms between samples (a divisor of ``IndexFormat/termBlockSize``).
  static let interval = 8

  /// Number of samples.
  let count: Int
  private let arena: UnsafeMutablePointer<UInt8>
  /// `count + 1` starts of the samples' bytes in `arena`.
  private let starts: UnsafeMutablePointer<Int32>
  private let positions: UnsafeMutablePointer<Int>
  private let postingsBases: UnsafeMutablePointer<Int>
  private let positionsBases: UnsafeMutablePointer<Int>
  private let groupCounts: UnsafeMutablePointer<UInt8>
  /// Each sample's first 8 bytes as a big-endian integer (zero-padded): where two of these differ, they order
  /// the terms as the bytes do, so the binary search compares integers and reads bytes only on a tie.
  private let prefixes: UnsafeMutablePointer<UInt64>

  /// Reads the samples of one field's dictionary.
  /// - Parameters:
  ///   - terms: the dictionary file's bytes.
  ///   - blockOffsets: the field's block offsets (from the term index).
  ///   - field: the field (whether entries carry a positions delta).
  /// - Returns: nil when a block is damaged (lookups then scan whole blocks, as without samples).
  init?(terms: UnsafeRawBufferPointer, blockOffsets: [Int], field: IndexField) {
    let interval = Self.interval
    var arena: [UInt8] = []
    var starts: [Int32] = []
    var positions: [Int] = []
    var postingsBases: [Int] = []
    var positionsBases: [Int] = []
    var groupCounts: [UInt8] = []
    var prefixes: [UInt64] = []
    let capacity = blockOffsets.count * (IndexFormat.termBlockSize / interval)
    starts.reserveCapacity(capacity + 1)
    positions.reserveCapacity(capacity)
    postingsBases.reserveCapacity(capacity)
    positionsBases.reserveCapacity(capacity)
    groupCounts.reserveCapacity(capacity)
    prefixes.reserveCapacity(capacity)
    arena.reserveCapacity(capacity * 8)
    // The running term, rebuilt entry by entry from the prefix-compressed dictionary.
    var termCapacity = 256
    var term = UnsafeMutablePointer<UInt8>.allocate(capacity: termCapacity)
    var termLength = 0
    defer { term.deallocate() }
    for (b, offset) in blockOffsets.enumerated() {
      var r = ByteReader(terms, start: offset)
      let entries = r.int()
      guard !r.overrun, entries > 0, entries <= IndexFormat.termBlockSize,
        b == blockOffsets.count - 1 || entries == IndexFormat.termBlockSize
      else { return nil }
      var cursor = TermBlockCursor(terms, start: r.position, field: field)
      termLength = 0
      for entry in 0..<entries {
        let position = cursor.position
        let (postingsBase, positionsBase) = (cursor.postingsOffset, cursor.positionsOffset)
        guard let (prefix, suffixStart, suffixCount) = cursor.next(), prefix <= termLength else { return nil }
        let length = prefix + suffixCount
        if length > termCapacity {
          let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * length)
          grown.update(from: term, count: termLength)
          term.deallocate()
          term = grown
          termCapacity = 2 * length
        }
        (term + prefix).update(from: cursor.base + suffixStart, count: suffixCount)
        termLength = length
        guard entry % interval == 0 else { continue }
        guard arena.count + length <= Int(Int32.max) else { return nil }
        starts.append(Int32(arena.count))
        arena.append(contentsOf: UnsafeBufferPointer(start: term, count: length))
        positions.append(position)
        postingsBases.append(postingsBase)
        positionsBases.append(positionsBase)
        groupCounts.append(UInt8(min(interval, entries - entry)))
        prefixes.append(Self.prefix(UnsafeBufferPointer(start: term, count: length)))
      }
    }
    starts.append(Int32(arena.count))
    count = positions.count
    self.arena = Self.copy(arena)
    self.starts = Self.copy(starts)
    self.positions = Self.copy(positions)
    self.postingsBases = Self.copy(postingsBases)
    self.positionsBases = Self.copy(positionsBases)
    self.groupCounts = Self.copy(groupCounts)
    self.prefixes = Self.copy(prefixes)
  }

  deinit {
    arena.deallocate()
    starts.deallocate()
    positions.deallocate()
    postingsBases.deallocate()
    positionsBases.deallocate()
    groupCounts.deallocate()
    prefixes.deallocate()
  }

  /// A term's first 8 bytes as a big-endian integer, zero-padded.
  @inline(__always) static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var key: UInt64 = 0
    for i in 0..<8 { key = key << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
    return key
  }

  private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
    values.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: $0.count) } }
    return p
  }

  /// Sample `i`'s term bytes.
  @inline(__always) func term(_ i: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(starts[i])
    return UnsafeBufferPointer(start: arena + start, count: Int(starts[i + 1]) - start)
  }

  /// The last sample whose term is at most `target`, or nil when every term is greater.
  @inline(__always) func floor(_ target: UnsafeBufferPointer<UInt8>) -> Int? {
    guard count > 0 else { return nil }
    let key = Self.prefix(target)
    var lo = 0
    var hi = count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      let p = prefixes[mid]
      if p < key || (p == key && compareBytes(term(mid), target) <= 0) { lo = mid } else { hi = mid - 1 }
    }
    return lo > 0 || compareBytes(term(0), target) <= 0 ? lo : nil
  }

  /// A cursor on sample `i`'s entry (its next entry read is the sample's).
  @inline(__always) func cursor(_ i: Int, terms: UnsafeRawBufferPointer, field: IndexField) -> TermBlockCursor {
    TermBlockCursor(
      terms, start: positions[i], field: field, postingsOffset: postingsBases[i], positionsOffset: positionsBases[i])
  }

  /// How many entries sample `i`'s group has: the sample's own and the ones up to the next sample (1...interval).
  @inline(__always) func groupCount(_ i: Int) -> Int { Int(groupCounts[i]) }
}
