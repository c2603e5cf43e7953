/// A phrase in one field of one segment: documents where the terms occur at the right relative positions
/// (within `slop` extra moves), scored with BM25 on the phrase frequency.
final class PhraseScorer: DocIterator {
  private let postings: [PostingsIterator]
  private let offsets: [Int]
  private let slop: Int
  private let field: IndexField
  private let segment: SegmentReader
  private let idf: Float
  private let k1: Float
  private let parameters: RankingModel.FieldParameters
  private let averageLength: Float
  private let boost: Float
  private var frequency = 0
  private var positions: [[UInt32]]
  private(set) var doc: UInt32 = 0

  /// - Parameters:
  ///   - postings: one iterator per phrase term, in phrase order.
  ///   - offsets: each term's position relative to the first (gaps from removed tokens are kept).
  ///   - slop: extra position moves allowed.
  init(
    postings: [PostingsIterator], offsets: [Int], slop: Int, field: IndexField, segment: SegmentReader, idf: Float,
    k1: Float, parameters: RankingModel.FieldParameters, averageLength: Float, boost: Float
  ) {
    self.postings = postings
    self.offsets = offsets
    self.slop = slop
    self.field = field
    self.segment = segment
    self.idf = idf
    self.k1 = k1
    self.parameters = parameters
    self.averageLength = averageLength
    self.boost = boost
    self.positions = Array(repeating: [], count: postings.count)
  }

  var cost: Int { postings.map(\.cost).min() ?? 0 }

  private func align(_ candidate: UInt32) -> UInt32 {
    var target = candidate
    while target != DocIterators.end {
      var agreed = true
      for p in postings.dropFirst() {
        let d = p.doc < target ? p.advance(to: target) : p.doc
        if d > target {
          target = postings[0].advance(to: d)
          agreed = false
          break
        }
      }
      if !agreed { continue }
      frequency = countMatches()
      if frequency > 0 { break }
      target = postings[0].nextDoc()
    }
    doc = target
    return target
  }

  private var started = false

  func nextDoc() -> UInt32 {
    if !started {
      started = true
      for p in postings.dropFirst() { _ = p.nextDoc() }
    }
    return align(postings[0].nextDoc())
  }

  func advance(to target: UInt32) -> UInt32 {
    if !started {
      started = true
      for p in postings.dropFirst() { _ = p.advance(to: target) }
    }
    return align(postings[0].advance(to: target))
  }

  /// Counts the start positions where every term is within `slop` of its expected place.
  private func countMatches() -> Int {
    for i in postings.indices {
      positions[i].removeAll(keepingCapacity: true)
      postings[i].readPositions(into: &positions[i])
    }
    var count = 0
    for start in positions[0] {
      var ok = true
      for i in 1..<postings.count {
        let expected = Int(start) + offsets[i]
        if !Self.contains(positions[i], near: expected, slop: slop) {
          ok = false
          break
        }
      }
      if ok { count += 1 }
    }
    return count
  }

  private static func contains(_ sorted: [UInt32], near expected: Int, slop: Int) -> Bool {
    let low = UInt32(max(0, expected - slop))
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] < low { lo = mid + 1 } else { hi = mid }
    }
    return lo < sorted.count && Int(sorted[lo]) <= expected + slop
  }

  func score() -> Float {
    let length = Float(segment.fieldLength(doc, field))
    let norm = 1 - parameters.b + parameters.b * (averageLength > 0 ? length / averageLength : 1)
    let tf = parameters.weight * Float(frequency) / max(norm, 0.05)
    return boost * idf * tf * (k1 + 1) / (k1 + tf)
  }

  func matchCount() -> Int { 1 }
}
