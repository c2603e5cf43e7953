#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A segment's term vectors decoded once into fixed-width arrays, for readers that search many times (built when
/// the segment opens, as ``TermSampleIndex`` is): the feedback stage then finds a candidate's counts of its few
/// words by binary search instead of decoding the varints of the whole vector, and reads the feedback documents'
/// entries without decoding them.
///
/// Holds every document's entries (those ``TermVectors/decode(_:ordinals:counts:)`` gives: the ones before a damaged
/// entry) as ordinals (`UInt32`) and counts (`UInt16`), about 6 bytes an entry next to the file's 2 to 3. Not built
/// (nil) for a segment with a count above `UInt16.max` or more than `Int32.max` entries: its vectors are read from
/// the file as before.
final class TermVectorTable: @unchecked Sendable {
  /// The most entry bytes of a segment decoded into a table (a table of at most about 5.5 MiB): a larger segment's
  /// vectors are read from the file, as a one-shot reader's are. A large index's big merged segments hold most of
  /// its documents, and their tables grew with it (seekd's RssAnon 65 MB with them, 31 MB without, on a 170 MB
  /// index of 41,598 documents in 4 segments) while saving about 2% of a search's instructions there (a
  /// candidate's walk is a small share of a search over long postings). Small segments (a collection such as
  /// SciFact, recent additions) keep theirs.
  static let entryByteLimit = 2 << 20

  /// `maxDoc + 1` starts of each document's entries.
  private let starts: UnsafeMutablePointer<UInt32>
  let ordinals: UnsafeMutablePointer<UInt32>
  let counts: UnsafeMutablePointer<UInt16>
  let maxDoc: Int
  /// How many documents' vectors hold each body ordinal below ``termCount`` (0 for terms the vectors leave out).
  private let documentCounts: UnsafeMutablePointer<UInt32>
  /// The body dictionary's term count given at init (0: unknown, no document counts).
  let termCount: Int

  /// Decodes every document's vector.
  /// - Parameters:
  ///   - vectors: the segment's vectors (read from the file).
  ///   - maxDoc: the segment's document count.
  ///   - entryBytes: the size of the file's entries (an entry takes at least two bytes).
  ///   - termCount: the body dictionary's term count, for ``documentFrequency(_:)`` (0 when unknown).
  init?(_ vectors: TermVectors, maxDoc: Int, entryBytes: Int, termCount: Int) {
    let room = max(1, entryBytes / 2)
    guard room <= Int(Int32.max) else { return nil }
    guard let ordinalsBlock = malloc(room * MemoryLayout<UInt32>.stride) else { return nil }
    var ordinals = ordinalsBlock.bindMemory(to: UInt32.self, capacity: room)
    let starts = UnsafeMutablePointer<UInt32>.allocate(capacity: maxDoc + 1)
    guard let countsBlock = malloc(room * MemoryLayout<UInt16>.stride) else {
      free(ordinalsBlock)
      starts.deallocate()
      return nil
    }
    var counts = countsBlock.bindMemory(to: UInt16.self, capacity: room)
    // Each term's documents: a vector holds a kept term for exactly the documents of its body postings (both are
    // written from the same postings), so this is the term's document frequency in the segment.
    let documentCounts = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, termCount))
    documentCounts.initialize(repeating: 0, count: max(1, termCount))
    var n = 0
    var fits = true
    for doc in 0..<maxDoc {
      starts[doc] = UInt32(truncatingIfNeeded: n)
      let (k, docFits) = vectors.decodeForTable(
        UInt32(doc), ordinals: ordinals + n, counts: counts + n, documentCounts: documentCounts, termCount: termCount)
      fits = fits && docFits
      n += k
    }
    starts[maxDoc] = UInt32(truncatingIfNeeded: n)
    guard fits else {
      free(ordinalsBlock)
      free(countsBlock)
      starts.deallocate()
      documentCounts.deallocate()
      return nil
    }
    // Give back the room the varints' upper bound took beyond the entries.
    if n < room {
      if let shrunk = realloc(ordinalsBlock, max(1, n) * MemoryLayout<UInt32>.stride) {
        ordinals = shrunk.bindMemory(to: UInt32.self, capacity: max(1, n))
      }
      if let shrunk = realloc(countsBlock, max(1, n) * MemoryLayout<UInt16>.stride) {
        counts = shrunk.bindMemory(to: UInt16.self, capacity: max(1, n))
      }
    }
    self.starts = starts
    self.ordinals = ordinals
    self.counts = counts
    self.maxDoc = maxDoc
    self.documentCounts = documentCounts
    self.termCount = termCount
  }

  deinit {
    free(ordinals)
    free(counts)
    starts.deallocate()
    documentCounts.deallocate()
  }

  /// The document frequency of a body term the vectors keep (what its dictionary entry says, read without a
  /// lookup), or nil for an ordinal outside the dictionary or when the term count is unknown.
  @inline(__always) func documentFrequency(_ ordinal: UInt32) -> Int? {
    Int(ordinal) < termCount ? Int(documentCounts[Int(ordinal)]) : nil
  }

  /// The entries of a document (empty for a document outside the segment).
  @inline(__always) func range(_ doc: UInt32) -> Range<Int> {
    guard Int(doc) < maxDoc else { return 0..<0 }
    return Int(starts[Int(doc)])..<Int(starts[Int(doc) + 1])
  }

  /// The counts of a few terms in a document (as ``TermVectors/counts(_:of:into:)``): for each wanted ordinal, a
  /// binary search of the entries after the previous one's.
  /// - Parameters:
  ///   - doc: a document of the segment.
  ///   - wanted: the terms' ordinals, increasing.
  ///   - out: receives each term's count, 0 where the vector lacks it.
  @inline(__always)
  func counts(_ doc: UInt32, of wanted: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<UInt32>) {
    let n = wanted.count
    guard n > 0 else { return }
    out.update(repeating: 0, count: n)
    let r = range(doc)
    var first = r.lowerBound
    let end = r.upperBound
    for j in 0..<n {
      let w = wanted[j]
      // The first entry at or past `w` in first..<end.
      var length = end &- first
      while length > 0 {
        let half = length &>> 1
        if ordinals[first &+ half] < w {
          first = first &+ half &+ 1
          length = length &- half &- 1
        } else {
          length = half
        }
      }
      if first == end { return }
      if ordinals[first] == w {
        out[j] = UInt32(counts[first])
        first &+= 1
      }
    }
  }

  /// Copies a document's entries (as ``TermVectors/decode(_:ordinals:counts:)``).
  /// - Returns: the number of entries copied.
  func copy(_ doc: UInt32, ordinals out: UnsafeMutablePointer<UInt32>, counts outCounts: UnsafeMutablePointer<UInt32>)
    -> Int
  {
    let r = range(doc)
    let k = r.count
    guard k > 0 else { return 0 }
    out.update(from: ordinals + r.lowerBound, count: k)
    for i in 0..<k { outCounts[i] = UInt32(counts[r.lowerBound + i]) }
    return k
  }
}
