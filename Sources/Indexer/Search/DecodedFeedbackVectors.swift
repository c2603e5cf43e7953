#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension TermVectorFeedback {
  /// The feedback documents' term vectors decoded once, when they all come from one segment that has vectors (the
  /// usual case): the feedback words are picked from them, and the feedback documents, which are re-scored too,
  /// read their counts of the chosen words from them instead of walking their vectors a second time.
  ///
  /// One block of memory (from `malloc`, freed by ``deallocate()``) holds the decoded entries and the room for
  /// hashing them: the table and the words.
  struct DecodedVectors {
    /// The documents' segment.
    let segment: Int
    /// How many feedback documents (those of weight 0 are not decoded: their range is empty).
    let documents: Int
    /// Entries decoded in all.
    let entryCount: Int
    /// Every decoded entry's ordinal and count, document after document.
    let ordinals: UnsafeMutablePointer<UInt32>
    let counts: UnsafeMutablePointer<UInt32>
    /// Room for ``entryCount`` words.
    let words: UnsafeMutablePointer<Word>
    /// Room for a hash table of the smallest power of two of slots (at least 16) not below twice ``entryCount``,
    /// uninitialized.
    let table: UnsafeMutablePointer<UInt32>
    /// `documents + 1` starts of each document's entries.
    private let starts: UnsafeMutablePointer<Int>
    private let block: UnsafeMutableRawPointer

    /// Decodes the vectors of the documents of positive weight; nil when the documents span several segments or
    /// their segment has no vectors.
    /// - Parameters:
    ///   - feedback: the feedback documents.
    ///   - weights: their weights (same count).
    ///   - reader: the index.
    init?(_ feedback: [Searcher.Candidate], weights: [Float], reader: IndexReader) {
      guard let first = feedback.first, feedback.allSatisfy({ $0.address.segment == first.address.segment }),
        let vectors = reader.segments[first.address.segment].core.termVectors
      else { return nil }
      segment = first.address.segment
      documents = feedback.count
      // An entry takes at least two bytes.
      var room = 0
      for (candidate, weight) in zip(feedback, weights) where weight > 0 {
        room += vectors.byteCount(candidate.address.doc) / 2
      }
      var slots = 16
      while slots < 2 * room { slots *= 2 }
      let bytes =
        room * MemoryLayout<Word>.stride + (documents + 1) * MemoryLayout<Int>.stride + (2 * room + slots)
        * MemoryLayout<UInt32>.stride
      guard let block = malloc(bytes) else { fatalError("out of memory") }
      self.block = block
      words = block.bindMemory(to: Word.self, capacity: room)
      let startsStart = block + room * MemoryLayout<Word>.stride
      starts = startsStart.bindMemory(to: Int.self, capacity: documents + 1)
      let ordinalsStart = startsStart + (documents + 1) * MemoryLayout<Int>.stride
      ordinals = ordinalsStart.bindMemory(to: UInt32.self, capacity: room)
      let countsStart = ordinalsStart + room * MemoryLayout<UInt32>.stride
      counts = countsStart.bindMemory(to: UInt32.self, capacity: room)
      table = (countsStart + room * MemoryLayout<UInt32>.stride).bindMemory(to: UInt32.self, capacity: slots)
      var n = 0
      for i in 0..<documents {
        starts[i] = n
        if weights[i] > 0 {
          n += vectors.decode(feedback[i].address.doc, ordinals: ordinals + n, counts: counts + n)
        }
      }
      starts[documents] = n
      entryCount = n
    }

    /// Frees the memory.
    func deallocate() { free(block) }

    /// The entries of feedback document `i`.
    @inline(__always) func range(_ i: Int) -> Range<Int> { starts[i]..<starts[i + 1] }

    /// Whether feedback document `i` was decoded (it had a positive weight and entries).
    @inline(__always) func hasVector(_ i: Int) -> Bool { starts[i] < starts[i + 1] }

    /// The counts of a few terms in feedback document `i` (as ``TermVectors/counts(_:of:into:)``).
    /// - Parameters:
    ///   - i: a decoded feedback document.
    ///   - wanted: the terms' ordinals, increasing.
    ///   - out: receives each term's count, 0 where the vector lacks it.
    func counts(_ i: Int, of wanted: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<UInt32>) {
      let n = wanted.count
      out.update(repeating: 0, count: n)
      var e = starts[i]
      let end = starts[i + 1]
      for j in 0..<n {
        let w = wanted[j]
        while e < end && ordinals[e] < w { e += 1 }
        if e == end { return }
        if ordinals[e] == w {
          out[j] = counts[e]
          e += 1
        }
      }
    }
  }
}
