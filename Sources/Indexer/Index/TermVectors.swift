/// A segment's term vectors (`sN.vec`): for every document, the body terms it contains with their counts, as
/// ordinals into the segment's body dictionary. The feedback stage of a search reads them to learn which words the
/// best documents use and how often the candidates use them, without decompressing stored text.
///
/// Only words that could serve as feedback words are kept: no function words (Snowball's English stop list and
/// question words, stemmed), no bare numbers and no one-byte terms, so a vector holds a document's content words.
///
/// Body: `(maxDoc + 1) × UInt32 LE` offsets of each document's entries (relative to the first entry byte), then the
/// entries: per document, increasing ordinals as `varint(ordinal - previous)` (the first from 0) and
/// `varint(count)`. Written by ``SegmentWriter`` for new and merged segments; segments written before the file
/// existed have none, which ``SegmentCore/termVectors`` reports as nil.
final class TermVectors: @unchecked Sendable {
  private let file: MappedFile
  private let maxDoc: Int
  private let offsets: UnsafeRawPointer
  private let entries: UnsafePointer<UInt8>
  private let entriesCount: Int
  /// The vectors decoded to fixed width (``TermVectorTable``), when asked for at open, the entries take at most
  /// the limit given and the counts fit: then ``counts(_:of:into:)`` and ``decode(_:ordinals:counts:)`` read it
  /// instead of the file. Set once in init.
  @exclusivity(unchecked) private(set) var table: TermVectorTable? = nil

  /// Opens a term-vector file.
  /// - Parameters:
  ///   - file: the mapped `.vec` file.
  ///   - maxDoc: the segment's document count.
  ///   - decoded: also decode every vector into a ``TermVectorTable`` (readers that search many times) when the
  ///     entries take at most `tableLimit` bytes; a larger segment's vectors are read from the file.
  ///   - termCount: the body dictionary's term count, for the table's document frequencies (0 when unknown).
  ///   - tableLimit: the most entry bytes decoded into a table.
  /// - Throws: `SeekError(.corruptIndex)` when the offsets table does not fit the file.
  init(
    file: MappedFile, maxDoc: Int, decoded: Bool = false, termCount: Int = 0,
    tableLimit: Int = TermVectorTable.entryByteLimit
  ) throws {
    self.file = file
    self.maxDoc = maxDoc
    let bytes = file.bytes
    let tableEnd = IndexFormat.headerSize + 4 * (maxDoc + 1)
    guard let base = bytes.baseAddress, bytes.count >= tableEnd else { throw file.corrupt("term-vector table") }
    offsets = base + IndexFormat.headerSize
    entries = (base + tableEnd).assumingMemoryBound(to: UInt8.self)
    entriesCount = bytes.count - tableEnd
    var previous: UInt32 = 0
    for doc in 0...maxDoc {
      let o = UInt32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * doc, as: UInt32.self))
      guard o >= previous, Int(o) <= entriesCount else { throw file.corrupt("term-vector offsets") }
      previous = o
    }
    if decoded && entriesCount <= tableLimit {
      table = TermVectorTable(self, maxDoc: maxDoc, entryBytes: entriesCount, termCount: termCount)
    }
  }

  /// Calls `body` with each (ordinal, count) of a document's vector, ordinals increasing.
  /// - Parameters:
  ///   - doc: a document of the segment.
  ///   - body: called once per entry.
  ///   - limit: the largest ordinal wanted: the walk stops after it.
  @inline(__always)
  func forEach(_ doc: UInt32, upTo limit: UInt32 = .max, _ body: (_ ordinal: UInt32, _ count: UInt32) -> Void) {
    guard let (start, end) = range(doc) else { return }
    var p = start
    var ordinal: UInt32 = 0
    while p < end {
      guard let (delta, count, next) = entry(at: p, end: end) else { return }
      ordinal &+= delta
      if ordinal > limit { return }
      body(ordinal, count)
      p = next
    }
  }

  /// The counts of a few terms in a document's vector: one merge walk that stops after the last of them.
  /// - Parameters:
  ///   - doc: a document of the segment.
  ///   - ordinals: the terms' ordinals, increasing.
  ///   - counts: receives each term's count, 0 where the vector lacks it (`ordinals.count` values).
  func counts(_ doc: UInt32, of ordinals: UnsafeBufferPointer<UInt32>, into counts: UnsafeMutablePointer<UInt32>) {
    if let table {
      table.counts(doc, of: ordinals, into: counts)
      return
    }
    walkCounts(doc, of: ordinals, into: counts)
  }

  /// ``counts(_:of:into:)`` from the file: one merge walk that stops after the last wanted ordinal.
  func walkCounts(_ doc: UInt32, of ordinals: UnsafeBufferPointer<UInt32>, into counts: UnsafeMutablePointer<UInt32>) {
    let n = ordinals.count
    guard n > 0 else { return }
    counts.update(repeating: 0, count: n)
    guard let (start, end) = range(doc) else { return }
    var p = start
    var ordinal: UInt32 = 0
    var j = 0
    while true {
      let wanted = ordinals[j]
      // Skip to the first entry at or past the wanted ordinal. Almost every entry is a one- or two-byte ordinal
      // delta and a one-byte count (a document uses a few hundred of tens of thousands of terms), read from four
      // bytes loaded at once, its count (its last byte) only when it is not skipped; anything else through the
      // reader.
      var readerCount: UInt32? = nil
      while true {
        if p >= end { return }
        let x = load(p)
        if x & 0x8080 == 0 {
          ordinal &+= x & 0x7F
          p &+= 2
        } else if x & 0x80_8000 == 0 {
          ordinal &+= x & 0x7F | x &>> 1 & 0x3F80
          p &+= 3
        } else {
          var r = ByteReader(base: entries, start: p, end: end)
          ordinal &+= r.uint32()
          let count = r.uint32()
          if r.overrun { return }
          p = r.position
          if ordinal >= wanted {
            readerCount = count
            break
          }
          continue
        }
        if ordinal >= wanted { break }
      }
      let count = readerCount ?? UInt32(entries[p &- 1])
      // Past the wanted ordinals below this entry's.
      while ordinal > ordinals[j] {
        j &+= 1
        if j == n { return }
      }
      if ordinal == ordinals[j] {
        counts[j] = count
        j &+= 1
        if j == n { return }
      }
    }
  }

  /// Decodes a document's whole vector.
  /// - Parameters:
  ///   - doc: a document of the segment.
  ///   - ordinals: receives the ordinals, increasing; room for `byteCount(doc) / 2` values (an entry takes at
  ///     least two bytes).
  ///   - counts: receives the counts, as many.
  /// - Returns: the number of entries decoded (those before a damaged one).
  func decode(_ doc: UInt32, ordinals: UnsafeMutablePointer<UInt32>, counts: UnsafeMutablePointer<UInt32>) -> Int {
    if let table { return table.copy(doc, ordinals: ordinals, counts: counts) }
    guard let (start, end) = range(doc) else { return 0 }
    let room = (end - start) / 2
    var p = start
    var ordinal: UInt32 = 0
    var k = 0
    while p < end && k < room {
      guard let (delta, count, next) = entry(at: p, end: end) else { return k }
      ordinal &+= delta
      ordinals[k] = ordinal
      counts[k] = count
      k &+= 1
      p = next
    }
    return k
  }

  /// Decodes a document's whole vector for a ``TermVectorTable`` in one pass: the entries of
  /// ``decode(_:ordinals:counts:)``, their counts narrowed to 16 bits, and one more document in `documentCounts` for
  /// each ordinal below `termCount`.
  /// - Parameters:
  ///   - doc: a document of the segment.
  ///   - ordinals: receives the ordinals; room for `byteCount(doc) / 2` values.
  ///   - counts: receives the counts (truncated to 16 bits), as many.
  ///   - documentCounts: `termCount` counters.
  ///   - termCount: how many counters.
  /// - Returns: the number of entries decoded, and whether every count fit in 16 bits.
  func decodeForTable(
    _ doc: UInt32, ordinals: UnsafeMutablePointer<UInt32>, counts: UnsafeMutablePointer<UInt16>,
    documentCounts: UnsafeMutablePointer<UInt32>, termCount: Int
  ) -> (entries: Int, fits: Bool) {
    guard let (start, end) = range(doc) else { return (0, true) }
    let room = (end - start) / 2
    var p = start
    var ordinal: UInt32 = 0
    var k = 0
    var fits = true
    while p < end && k < room {
      guard let (delta, count, next) = entry(at: p, end: end) else { break }
      ordinal &+= delta
      ordinals[k] = ordinal
      if count > UInt32(UInt16.max) { fits = false }
      counts[k] = UInt16(truncatingIfNeeded: count)
      if Int(ordinal) < termCount { documentCounts[Int(ordinal)] &+= 1 }
      k &+= 1
      p = next
    }
    return (k, fits)
  }

  /// The entry at `p` of a vector that ends at `end`: almost every entry is a one- or two-byte ordinal delta and a
  /// one-byte count, read from four bytes loaded at once; anything else through the reader.
  /// - Returns: the ordinal delta, the count and where the next entry starts; nil for a damaged entry (one that runs
  ///   past `end`).
  @inline(__always) private func entry(at p: Int, end: Int) -> (delta: UInt32, count: UInt32, next: Int)? {
    let x = load(p)
    if x & 0x8080 == 0 && p &+ 2 <= end { return (x & 0x7F, x &>> 8 & 0x7F, p &+ 2) }
    if x & 0x80_8000 == 0 && p &+ 3 <= end { return (x & 0x7F | x &>> 1 & 0x3F80, x &>> 16 & 0x7F, p &+ 3) }
    var r = ByteReader(base: entries, start: p, end: end)
    let delta = r.uint32()
    let count = r.uint32()
    return r.overrun ? nil : (delta, count, r.position)
  }

  /// Four entry bytes from `p` on (a one- or two-byte delta and a one-byte count fit), little-endian; the
  /// file's footer follows the entries, so they are mapped even at the end.
  @inline(__always) private func load(_ p: Int) -> UInt32 {
    UInt32(littleEndian: UnsafeRawPointer(entries).loadUnaligned(fromByteOffset: p, as: UInt32.self))
  }

  /// How many bytes a document's entries take (0 for a document outside the segment).
  func byteCount(_ doc: UInt32) -> Int {
    guard let (start, end) = range(doc) else { return 0 }
    return end - start
  }

  /// The byte range of a document's entries, or nil for a document outside the segment.
  @inline(__always)
  private func range(_ doc: UInt32) -> (Int, Int)? {
    guard Int(doc) < maxDoc else { return nil }
    let start = Int(UInt32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * Int(doc), as: UInt32.self)))
    let end = Int(UInt32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * Int(doc) + 4, as: UInt32.self)))
    return (start, end)
  }

  /// Checks that every vector decodes within its range (for `seek check`).
  /// - Parameter termCount: the number of body terms in the segment (ordinals must stay below it).
  /// - Returns: a problem, or nil.
  func check(termCount: Int) -> String? {
    for doc in 0..<maxDoc {
      var bad = false
      forEach(UInt32(doc)) { ordinal, count in
        if Int(ordinal) >= termCount || count == 0 { bad = true }
      }
      if bad { return "document \(doc) has a term-vector entry outside the body dictionary" }
    }
    return nil
  }

  /// Whether a body term goes into the vectors: not a function word, not a bare number, longer than one byte.
  static func keeps(_ term: UnsafeBufferPointer<UInt8>) -> Bool {
    guard term.count > 1 else { return false }
    var digits = true
    for b in term where b < 0x30 || b > 0x39 {
      digits = false
      break
    }
    return !digits && !stopTerms.contains(Array(term))
  }

  /// The function words (``QueryWordWeights/english``) as typed and as Snowball stems them.
  static let stopTerms: Set<[UInt8]> = {
    let analyzer = Analyzer(language: "en")
    var set = Set<[UInt8]>()
    for word in QueryWordWeights.english {
      set.insert(Array(word.utf8))
      for term in analyzer.terms(word) { set.insert(Array(term.utf8)) }
    }
    return set
  }()
}

/// Collects the body postings a ``SegmentWriter`` writes and turns them into the segment's ``TermVectors`` file.
struct TermVectorBuilder {
  private var docs: [UInt32] = []
  private var ordinals: [UInt32] = []
  private var counts: [UInt32] = []

  /// Adds one body term's postings (terms arrive in dictionary order, so ordinals increase).
  mutating func add(
    ordinal: Int, term: UnsafeBufferPointer<UInt8>, docs: UnsafeBufferPointer<UInt32>,
    freqs: UnsafeBufferPointer<UInt32>
  ) {
    guard TermVectors.keeps(term) else { return }
    let o = UInt32(truncatingIfNeeded: ordinal)
    self.docs.append(contentsOf: docs)
    ordinals.append(contentsOf: repeatElement(o, count: docs.count))
    counts.append(contentsOf: freqs)
  }

  /// Writes the file.
  /// - Parameters:
  ///   - path: the `.vec` path.
  ///   - maxDoc: the segment's document count.
  ///   - sync: fsync when finished.
  /// - Returns: the bytes written.
  func write(path: String, maxDoc: Int, sync: Bool) throws -> Int {
    // A stable counting sort by document keeps each document's ordinals increasing.
    var start = [Int](repeating: 0, count: maxDoc + 1)
    for d in docs { start[Int(d) + 1] += 1 }
    for i in 0..<maxDoc { start[i + 1] += start[i] }
    var order = [Int](repeating: 0, count: docs.count)
    var next = start
    for (i, d) in docs.enumerated() {
      order[next[Int(d)]] = i
      next[Int(d)] += 1
    }
    var entries = ByteWriter(capacity: docs.count * 3)
    var table = ByteWriter(capacity: 4 * (maxDoc + 1))
    for doc in 0..<maxDoc {
      table.uint32(UInt32(entries.count))
      var previous: UInt32 = 0
      for k in start[doc]..<start[doc + 1] {
        let i = order[k]
        entries.varint(ordinals[i] &- previous)
        entries.varint(counts[i])
        previous = ordinals[i]
      }
    }
    table.uint32(UInt32(entries.count))
    let out = try IndexOutput(path: path, kind: .termVectors, sync: sync)
    try out.write(table)
    try out.write(entries)
    return try out.finish()
  }
}
