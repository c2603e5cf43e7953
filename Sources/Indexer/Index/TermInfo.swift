/// What the term dictionary says about one term of one field in one segment.
public struct TermInfo: Sendable, Equatable {
  /// The field.
  public var field: IndexField
  /// Number of documents containing the term (deleted ones included until a merge purges them).
  public var docFreq: Int
  /// Total occurrences over all documents.
  public var totalTermFreq: Int
  /// Where the term's postings start in the segment's `.doc` file.
  public var postingsOffset: Int
  /// Where the term's positions start in the segment's `.pos` file (0 for fields without positions).
  public var positionsOffset: Int

  /// Creates term info (the dictionary does this).
  public init(field: IndexField, docFreq: Int, totalTermFreq: Int, postingsOffset: Int, positionsOffset: Int) {
    self.field = field
    self.docFreq = docFreq
    self.totalTermFreq = totalTermFreq
    self.postingsOffset = postingsOffset
    self.positionsOffset = positionsOffset
  }

  /// This entry with its frequencies clamped to what a segment of `maxDoc` documents can hold: docFreq to
  /// `0...maxDoc`, totalTermFreq to `docFreq...2^40` (a no-op on an intact dictionary; damaged bytes read without
  /// their checksum verified must not give sums that overflow or a document frequency above the count).
  /// - Parameter maxDoc: the segment's document count.
  /// - Returns: the clamped entry.
  @inline(__always) func bounded(maxDoc: Int) -> TermInfo {
    var info = self
    info.docFreq = min(max(docFreq, 0), maxDoc)
    info.totalTermFreq = min(max(totalTermFreq, info.docFreq), 1 << 40)
    return info
  }
}

/// Per-field statistics of a segment or a whole snapshot (for BM25).
public struct FieldStatistics: Sendable, Equatable {
  /// Documents having at least one term in the field (deleted ones included until merged away).
  public var docCount: Int = 0
  /// Sum of term frequencies over all terms and documents of the field.
  public var sumTotalTermFreq: Int = 0
  /// Sum of document frequencies over the field's terms.
  public var sumDocFreq: Int = 0
  /// Number of distinct terms (per segment; summed over segments for a snapshot, so an upper bound).
  public var termCount: Int = 0

  /// Creates statistics.
  public init(docCount: Int = 0, sumTotalTermFreq: Int = 0, sumDocFreq: Int = 0, termCount: Int = 0) {
    self.docCount = docCount
    self.sumTotalTermFreq = sumTotalTermFreq
    self.sumDocFreq = sumDocFreq
    self.termCount = termCount
  }

  /// Average field length (`sumTotalTermFreq / docCount`), the `avgdl` of BM25; 0 for an empty field.
  public var averageLength: Double { docCount == 0 ? 0 : Double(sumTotalTermFreq) / Double(docCount) }

  mutating func add(_ other: FieldStatistics) {
    docCount += other.docCount
    sumTotalTermFreq += other.sumTotalTermFreq
    sumDocFreq += other.sumDocFreq
    termCount += other.termCount
  }
}
