import Foundation

/// Top-k collection for a disjunction of plain words in a small segment, term at a time: the doc space is cut into
/// windows of ``windowSize`` documents (as Lucene's `BooleanScorer` does); in each window every word adds its
/// scores into a dense array in one tight loop over its postings, then the window is scanned for the top k.
///
/// On small segments this beats document-at-a-time pruning: it does no per-document bookkeeping across words, and
/// every posting costs a few instructions. It scores every match, so the count is exact and the scores are the
/// same floats as exhaustive scoring (per document, words are added in query order and fields in field order).
/// ``Searcher`` uses it for segments of at most ``Searcher/termAtATimeMaxDoc`` documents and ``MaxScoreCollector``
/// above.
struct TermAtATimeCollector {
  /// Documents per window.
  static let windowSize = 4096
  /// Deepest top-k gathered per segment in ``SegmentTopKeys`` first.
  static let maxKeptKeys = 1 << 16

  /// The word scorers of one segment, in query order, none started.
  let scorers: [TermScorer]
  /// Where the window buffers come from (nil: allocated for this collection).
  var pool: ObjectPool<TermAtATimeScratch>? = nil

  /// Collects one segment's matches into `heap`.
  /// - Parameters:
  ///   - segment: the segment.
  ///   - index: its position in the snapshot (for doc addresses).
  ///   - heap: the running top-k.
  ///   - isCancelled: polled after every window.
  /// - Returns: the number of matching live documents (exact).
  /// - Throws: `SeekError` when cancelled.
  func collect(
    segment: SegmentReader, index: Int, into heap: inout TopScores, isCancelled: () -> Bool
  ) throws -> Int {
    if scorers.isEmpty { return 0 }
    let size = Self.windowSize
    let scratch = pool?.take() ?? TermAtATimeScratch(size: size)
    // The buffers are all zero between windows; a collection that stops half way (cancelled) leaves them dirty,
    // so they go back to the pool only after a clean finish.
    var clean = false
    defer { if clean { pool?.give(scratch) } }
    let scores = scratch.scores
    let tf = scratch.tf
    let matched = scratch.matched
    let touched = scratch.touched
    var count = 0
    // The segment's best documents gather in `best` (integer keys: cheaper than the shared heap's comparisons)
    // and go to `heap` at the end. A document below the shared heap's threshold at the start cannot enter it.
    // (A very deep heap, beyond `maxKeptKeys`, takes every document directly.)
    let direct = heap.capacity > Self.maxKeptKeys
    let kept = direct ? 0 : heap.capacity
    var best = SegmentTopKeys(keys: scratch.keys(capacity: kept), capacity: kept)
    var shared = heap.threshold
    /// Offers a document to the segment's best, or (a score of −0, which keys cannot order) to the shared heap.
    @inline(__always) func offer(_ score: Float, _ d: UInt32) {
      if !direct && SegmentTopKeys.accepts(score) {
        best.insert(SegmentTopKeys.key(score: score, doc: d))
      } else {
        heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: score))
        shared = heap.threshold
      }
    }
    let maxDoc = segment.maxDoc
    // Read once: most segments have no deletions at all.
    let deletions = segment.deletions
    var base = 0
    while base < maxDoc {
      let end = min(maxDoc, base + size)
      let b = UInt32(base)
      let limit = UInt32(end)
      for s in scorers {
        s.accumulate(base: b, limit: limit, scores: scores, matched: matched, tf: tf, touched: touched)
      }
      // A score below the window's bound (see below) cannot reach the top k either.
      var bound = -Float.infinity
      var threshold = max(shared, best.threshold)
      // Only matched documents have a score: read the flags (0 or 1) eight at a time and visit the set ones in
      // increasing order through their bits, clearing as the scan goes.
      let n = end - base
      let flags = UnsafeMutableRawPointer(matched)
      var i = 0
      @inline(__always) func visit(_ i: Int) {
        let score = scores[i]
        scores[i] = 0
        // i < windowSize: neither the doc number nor the count can overflow.
        let d = b &+ UInt32(truncatingIfNeeded: i)
        if !(deletions?.contains(Int(d)) ?? false) {
          count &+= 1
          if score >= threshold {
            offer(score, d)
            threshold = max(max(shared, best.threshold), bound)
          }
        }
      }
      if deletions == nil {
        // No deletions: chunks of sixteen. Every flag is 0 or 1 here (each scorer leaves its documents at 1), so
        // the flags are counted by adding them as bytes (`lanes`: a byte gains at most 2 a chunk, folded into
        // `count` every 127 chunks), and only documents whose score reaches the threshold (compared eight at a
        // time) are visited. Once the threshold is above zero, no unmatched document (score +0) can reach it and
        // the flags need not mask the comparison. The threshold only rises, so a document below it at the chunk's
        // start stays below; the ones visited are tested again against the current one.
        // The k-th largest of the lane maxima of groups of 64 documents bounds the window's k-th best score from
        // below (``windowBound(_:flags:chunks:k:maxima:work:)``: k documents reach it): only chunks whose group maximum
        // reaches the threshold are compared, and far fewer documents are offered while the segment's best are
        // still few. Used when it is above zero (an unmatched document scores +0, so the k documents are matched).
        let maxima = scratch.maxima
        let chunkCount = n >> 4
        if !direct && kept > 0 && 4 * ((chunkCount + 3) >> 2) >= kept {
          let (lowest, matches) = Self.windowBound(
            scores, flags: flags, chunks: chunkCount, k: kept, maxima: maxima, work: scratch.work)
          if lowest > 0 {
            bound = lowest
            threshold = max(threshold, lowest)
            count &+= matches
          }
        }
        var splat = SIMD8<Float>(repeating: threshold)
        if bound > 0 {
          // The flags are counted already: only the groups whose maximum reaches the threshold are compared.
          // The loop offering a chunk's reaching documents stands here and in the branch below on purpose: one local
          // function for both cost 8% more instructions per search (the captured threshold leaves its register).
          var g = 0
          while g << 2 < chunkCount {
            let first = g << 2
            let end = min(first + 4, chunkCount)
            if maxima[g] >= threshold {
              var c = first
              while c < end {
                let i = c << 4
                // One bit per document (the top bit of its byte).
                var word = Self.reaching(scores + i, splat) & 0x8080_8080_8080_8080
                let word1 = Self.reaching(scores + i + 8, splat) & 0x8080_8080_8080_8080
                var at = i
                for _ in 0..<2 {
                  while word != 0 {
                    let k = at + word.trailingZeroBitCount >> 3
                    let score = scores[k]
                    if score >= threshold {
                      offer(score, b &+ UInt32(truncatingIfNeeded: k))
                      threshold = max(max(shared, best.threshold), bound)
                      splat = SIMD8<Float>(repeating: threshold)
                    }
                    word &= word &- 1
                  }
                  word = word1
                  at = i + 8
                }
                c += 1
              }
            }
            // Clear the group's scores and flags (a memset of the window would be one call, but `rep stosb`).
            for c in first..<end {
              Self.clear(scores + (c << 4))
              Self.clear(scores + (c << 4) + 8)
              flags.storeBytes(of: SIMD2<UInt64>(), toByteOffset: c << 4, as: SIMD2<UInt64>.self)
            }
            g += 1
          }
          i = chunkCount << 4
        } else {
          var lanes: UInt64 = 0
          var chunks = 0
          while i + 16 <= n {
            let raw0 = UInt64(littleEndian: flags.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let raw1 = UInt64(littleEndian: flags.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            if raw0 | raw1 != 0 {
              flags.storeBytes(of: SIMD2<UInt64>(), toByteOffset: i, as: SIMD2<UInt64>.self)
              lanes &+= raw0 &+ raw1
              // One bit per document (the top bit of its byte). Unmatched documents (score +0) reach a threshold
              // of at most zero: then the flags mask them (a flag byte 1 times 0x80 is 0x80, no carries).
              let positive = threshold > 0
              var word = Self.reaching(scores + i, splat) & (positive ? 0x8080_8080_8080_8080 : raw0 &* 0x80)
              let word1 = Self.reaching(scores + i + 8, splat) & (positive ? 0x8080_8080_8080_8080 : raw1 &* 0x80)
              if word | word1 != 0 {
                var at = i
                for _ in 0..<2 {
                  while word != 0 {
                    let k = at + word.trailingZeroBitCount >> 3
                    let score = scores[k]
                    if score >= threshold {
                      offer(score, b &+ UInt32(truncatingIfNeeded: k))
                      threshold = max(max(shared, best.threshold), bound)
                    }
                    word &= word &- 1
                  }
                  word = word1
                  at = i + 8
                }
                splat = SIMD8<Float>(repeating: threshold)
              }
              Self.clear(scores + i)
              Self.clear(scores + i + 8)
              chunks &+= 1
              if chunks == 127 {
                count &+= Self.sumBytes(lanes)
                lanes = 0
                chunks = 0
              }
            }
            i += 16
          }
          count &+= Self.sumBytes(lanes)
        }
      }
      while i + 8 <= n {
        let raw = UInt64(littleEndian: flags.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        if raw != 0 {
          flags.storeBytes(of: 0, toByteOffset: i, as: UInt64.self)
          // The top bit of each nonzero byte.
          let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
          var word = ((raw & low) &+ low | raw) & ~low
          while word != 0 {
            visit(i + word.trailingZeroBitCount >> 3)
            word &= word &- 1
          }
        }
        i += 8
      }
      while i < n {
        if matched[i] != 0 {
          matched[i] = 0
          visit(i)
        }
        i += 1
      }
      base = end
      if isCancelled() { throw SeekError(.other, "search cancelled") }
    }
    best.visitAll { score, d in
      heap.insert(Searcher.Candidate(address: DocAddress(segment: index, doc: d), score: score))
    }
    clean = true
    return count
  }

  /// Byte `j` is 0xFF when `scores[j] >= threshold`, else 0 (for `j` in 0..<8; false for NaN, as the scalar test).
  @inline(__always)
  private static func reaching(_ scores: UnsafeMutablePointer<Float>, _ threshold: Float) -> UInt64 {
    reaching(scores, SIMD8<Float>(repeating: threshold))
  }

  /// ``reaching(_:_:)`` with the threshold in every lane.
  @inline(__always)
  private static func reaching(_ scores: UnsafeMutablePointer<Float>, _ threshold: SIMD8<Float>) -> UInt64 {
    let v = UnsafeRawPointer(scores).loadUnaligned(as: SIMD8<Float>.self)
    let lanes = SIMD8<Int32>(repeating: 0).replacing(with: -1, where: v .>= threshold)
    return UInt64(littleEndian: unsafeBitCast(SIMD8<Int8>(truncatingIfNeeded: lanes), to: UInt64.self))
  }

  /// The sum of the eight bytes of `lanes` (each at most 255).
  @inline(__always)
  static func sumBytes(_ lanes: UInt64) -> Int {
    let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes &>> 8) & 0x00FF_00FF_00FF_00FF)
    return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) &>> 48)
  }

  /// Sets `scores[0..<8]` to zero.
  @inline(__always)
  private static func clear(_ scores: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(scores).storeBytes(of: SIMD8<Float>(), as: SIMD8<Float>.self)
  }
}
