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
    // Every block but the last holds `termBlockSize` entries: at most this many samples, written in place.
    let capacity = blockOffsets.count * (IndexFormat.termBlockSize / interval)
    let starts = UnsafeMutablePointer<Int32>.allocate(capacity: capacity + 1)
    let positions = UnsafeMutablePointer<Int>.allocate(capacity: max(1, capacity))
    let postingsBases = UnsafeMutablePointer<Int>.allocate(capacity: max(1, capacity))
    let positionsBases = UnsafeMutablePointer<Int>.allocate(capacity: max(1, capacity))
    let groupCounts = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, capacity))
    let prefixes = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, capacity))
    var arenaCapacity = max(64, capacity * 8)
    var arena = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
    var arenaCount = 0
    var count = 0
    var complete = false
    defer {
      if !complete {
        for p in [positions, postingsBases, positionsBases] { p.deallocate() }
        starts.deallocate()
        groupCounts.deallocate()
        prefixes.deallocate()
        arena.deallocate()
      }
    }
    // The running term, rebuilt entry by entry from the prefix-compressed dictionary, with 8 bytes of room past
    // its capacity: a suffix of up to 8 bytes (most of them) is copied as one 8-byte word.
    var termCapacity = 256
    var term = UnsafeMutablePointer<UInt8>.allocate(capacity: termCapacity + 8)
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
        guard let (prefix, suffixStart, suffixCount) = cursor.next(), prefix >= 0, prefix <= termLength else {
          return nil
        }
        let length = prefix + suffixCount
        if length > termCapacity {
          let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * length + 8)
          grown.update(from: term, count: termLength)
          term.deallocate()
          term = grown
          termCapacity = 2 * length
        }
        let suffix = cursor.base + suffixStart
        if suffixCount <= 8 && cursor.end - suffixStart >= 8 {
          UnsafeMutableRawPointer(term + prefix).storeBytes(
            of: UnsafeRawPointer(suffix).loadUnaligned(as: UInt64.self), as: UInt64.self)
        } else {
          (term + prefix).update(from: suffix, count: suffixCount)
        }
        termLength = length
        guard entry % interval == 0 else { continue }
        guard count < capacity, arenaCount + length <= Int(Int32.max) else { return nil }
        if arenaCount + length > arenaCapacity {
          arenaCapacity = 2 * (arenaCount + length)
          let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
          grown.update(from: arena, count: arenaCount)
          arena.deallocate()
          arena = grown
        }
        (arena + arenaCount).update(from: term, count: length)
        starts[count] = Int32(arenaCount)
        arenaCount += length
        positions[count] = position
        postingsBases[count] = postingsBase
        positionsBases[count] = positionsBase
        groupCounts[count] = UInt8(min(interval, entries - entry))
        prefixes[count] = Self.prefix(UnsafeBufferPointer(start: term, count: length))
        count += 1
      }
    }
    starts[count] = Int32(arenaCount)
    complete = true
    self.count = count
    self.arena = arena
    self.starts = starts
    self.positions = positions
    self.postingsBases = postingsBases
    self.positionsBases = positionsBases
    self.groupCounts = groupCounts
    self.prefixes = prefixes
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

  /// How many terms the dictionary has (every sample's group).
  var termCount: Int { count == 0 ? 0 : (count - 1) * Self.interval + groupCount(count - 1) }

  /// How many entries sample `i`'s group has: the sample's own and the ones up to the next sample (1...interval).
  @inline(__always) func groupCount(_ i: Int) -> Int { Int(groupCounts[i]) }
}
