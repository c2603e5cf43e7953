/// One query term over several fields of one segment, scored with BM25F.
final class TermScorer: DocIterator {
  /// A field's postings with what scoring needs.
  struct FieldPostings {
    let field: IndexField
    let postings: PostingsIterator
    let weight: Float
    let b: Float
    let averageLength: Float
  }

  private let fields: [FieldPostings]
  private let segment: SegmentReader
  private let idf: Float
  private let k1: Float
  private let boost: Float
  private let lowerBound: Float
  private var started = false
  private(set) var doc: UInt32 = 0

  /// - Parameters:
  ///   - fields: the term's postings in each field where it occurs (at least one).
  ///   - segment: the segment (for field lengths).
  ///   - idf: the term's idf over the whole index.
  ///   - k1: saturation.
  ///   - boost: query-side weight (repeats of the word in the query, expansion discounts).
  ///   - lowerBound: BM25+ delta added to the saturated frequency of any matching document.
  init(fields: [FieldPostings], segment: SegmentReader, idf: Float, k1: Float, boost: Float, lowerBound: Float = 0) {
    self.fields = fields
    self.segment = segment
    self.idf = idf
    self.k1 = k1
    self.boost = boost
    self.lowerBound = lowerBound
  }

  var cost: Int { fields.reduce(0) { $0 + $1.postings.cost } }

  private func settle() -> UInt32 {
    var m = DocIterators.end
    for f in fields where f.postings.doc < m { m = f.postings.doc }
    doc = m
    return m
  }

  func nextDoc() -> UInt32 {
    if !started {
      started = true
      for f in fields { _ = f.postings.nextDoc() }
      return settle()
    }
    let current = doc
    if current == DocIterators.end { return current }
    for f in fields where f.postings.doc == current { _ = f.postings.nextDoc() }
    return settle()
  }

  func advance(to target: UInt32) -> UInt32 {
    if !started {
      started = true
      for f in fields { _ = f.postings.advance(to: target) }
      return settle()
    }
    for f in fields where f.postings.doc < target { _ = f.postings.advance(to: target) }
    return settle()
  }

  /// The combined pseudo-frequency of the current document.
  func pseudoFrequency() -> Float {
    var tf: Float = 0
    for f in fields where f.postings.doc == doc {
      let length = Float(segment.fieldLength(doc, f.field))
      let norm = 1 - f.b + f.b * (f.averageLength > 0 ? length / f.averageLength : 1)
      tf += f.weight * Float(f.postings.freq) / max(norm, 0.05)
    }
    return tf
  }

  func score() -> Float {
    let tf = pseudoFrequency()
    return boost * idf * (tf * (k1 + 1) / (k1 + tf) + lowerBound)
  }

  func matchCount() -> Int { 1 }

  /// The upper bound of any score this term can give (saturation limit).
  var maxScore: Float { boost * idf * (k1 + 1 + lowerBound) }
}
