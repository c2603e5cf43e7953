extension Searcher {
  /// Entity facets over every live document matching `query` (the documents a search's `total` counts), with
  /// their number: a match-only pass per segment (postings walked, nothing scored), then each segment's names
  /// counted from its ``EntityColumn``, or from the stored entities for a segment written without one.
  /// - Parameters:
  ///   - query: the query, as compiled for the search.
  ///   - compiler: the search's compiler (its plain-word analysis is reused).
  ///   - limit: names per type.
  ///   - isCancelled: polled while matching.
  /// - Returns: per type the top names, and how many documents match.
  /// - Throws: `SeekError(.other, "search cancelled")`; `SeekError(.corruptIndex)` when a stored block is damaged.
  func facetsOfMatches(
    _ query: Query, compiler: QueryCompiler, limit: Int, isCancelled: () -> Bool
  ) throws -> (facets: [EntityType: [EntityCount]], total: Int) {
    var counter = FacetCounter()
    var columns = EntityColumnCounter()
    var stored = false
    var total = 0
    var docs: [UInt32] = []
    var bits: [UInt64] = []
    // The same documents the collector counts: a plain-word query matches the union of its words' postings.
    let plainWords = model.coordination == 0 ? compiler.plainWords(query) : nil
    for segment in reader.segments {
      docs.removeAll(keepingCapacity: true)
      if let plainWords {
        let scorers = compiler.wordScorers(plainWords, segment: segment)
        if scorers.isEmpty { continue }
        if scorers.count == 1 {
          try Self.matches(of: scorers[0], segment: segment, into: &docs, isCancelled: isCancelled)
        } else {
          try Self.union(of: scorers, segment: segment, bits: &bits, into: &docs, isCancelled: isCancelled)
        }
      } else {
        guard let it = compiler.compile(query, segment: segment) else { continue }
        try Self.matches(of: it, segment: segment, into: &docs, isCancelled: isCancelled)
      }
      total += docs.count
      stored = try Self.count(docs, segment: segment, columns: &columns, counter: &counter) || stored
    }
    columns.fold(into: &counter, limit: limit, everything: stored)
    return (total > 0 ? counter.top(limit: limit) : [:], total)
  }

  /// Entity facets over every live document of the snapshot (`seek entities` without a query).
  /// - Parameters:
  ///   - reader: the snapshot.
  ///   - limit: names per type.
  /// - Returns: per type the top names.
  /// - Throws: `SeekError(.corruptIndex)` when a stored block is damaged (segments without an entity column).
  static func facetsOfAllDocuments(reader: IndexReader, limit: Int) throws -> [EntityType: [EntityCount]] {
    var counter = FacetCounter()
    var columns = EntityColumnCounter()
    var stored = false
    var docs: [UInt32] = []
    for segment in reader.segments {
      docs.removeAll(keepingCapacity: true)
      for d in 0..<UInt32(segment.maxDoc) where !segment.isDeleted(d) { docs.append(d) }
      stored = try count(docs, segment: segment, columns: &columns, counter: &counter) || stored
    }
    columns.fold(into: &counter, limit: limit, everything: stored)
    return counter.top(limit: limit)
  }

  /// Counts the names of a segment's documents: from its entity column (into `columns`), else from their stored
  /// entities (into `counter`).
  /// - Returns: whether stored entities were counted.
  private static func count(
    _ docs: [UInt32], segment: SegmentReader, columns: inout EntityColumnCounter, counter: inout FacetCounter
  ) throws -> Bool {
    if let column = segment.core.entityColumn {
      docs.withUnsafeBufferPointer { columns.count($0, column: column) }
      return false
    }
    for d in docs {
      counter.startDocument()
      try segment.forEachEntity(d) { counter.add(type: $0, name: $1) }
    }
    return !docs.isEmpty
  }

  /// The live documents an iterator matches, in order.
  private static func matches(
    of it: DocIterator, segment: SegmentReader, into docs: inout [UInt32], isCancelled: () -> Bool
  ) throws {
    var d = it.nextDoc()
    var steps = 0
    while d != DocIterators.end {
      if !segment.isDeleted(d) { docs.append(d) }
      steps &+= 1
      if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
      d = it.nextDoc()
    }
  }

  /// The live documents any of several words matches, in order: each word's postings mark a bitmap of the
  /// segment, read in order at the end (no merging of the words' iterators).
  private static func union(
    of scorers: [TermScorer], segment: SegmentReader, bits: inout [UInt64], into docs: inout [UInt32],
    isCancelled: () -> Bool
  ) throws {
    let words = (segment.maxDoc + 63) >> 6
    bits.removeAll(keepingCapacity: true)
    bits.append(contentsOf: repeatElement(0, count: words))
    try bits.withUnsafeMutableBufferPointer { bits in
      var steps = 0
      for s in scorers {
        var d = s.nextDoc()
        while d != DocIterators.end {
          bits[Int(d >> 6)] |= 1 << UInt64(d & 63)
          steps &+= 1
          if steps & 4095 == 0 && isCancelled() { throw SeekError(.other, "search cancelled") }
          d = s.nextDoc()
        }
      }
      for w in 0..<words {
        var x = bits[w]
        while x != 0 {
          let d = UInt32(w << 6 | x.trailingZeroBitCount)
          x &= x &- 1
          if !segment.isDeleted(d) { docs.append(d) }
        }
      }
    }
  }
}
