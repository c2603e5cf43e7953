/// A cursor over the matching documents of one segment, in increasing doc-number order, that can score the
/// document it is on. The building block of query execution (document-at-a-time).
///
/// A new iterator is unpositioned: call ``nextDoc()`` or ``advance(to:)`` first. Both return
/// ``DocIterators/end`` when exhausted.
protocol DocIterator: AnyObject {
  /// The current document, or ``DocIterators/end``.
  var doc: UInt32 { get }
  /// Moves to the next matching document.
  func nextDoc() -> UInt32
  /// Moves to the first matching document >= `target`.
  func advance(to target: UInt32) -> UInt32
  /// The score of the current document.
  func score() -> Float
  /// An estimate of the number of matches (for ordering conjunctions).
  var cost: Int { get }
  /// How many scoring leaf clauses match the current document (documents matching more query words first).
  func matchCount() -> Int
}

/// Constants shared by the iterators.
enum DocIterators {
  /// The exhausted marker.
  static let end = UInt32.max
}

/// Iterates a sorted array of documents with a constant score (filters, expanded keyword terms).
final class ArrayDocIterator: DocIterator {
  private let docs: [UInt32]
  private var index = -1
  private let constant: Float
  private(set) var doc: UInt32 = 0

  /// - Parameters:
  ///   - docs: sorted, distinct doc numbers.
  ///   - score: the score every match gets.
  init(_ docs: [UInt32], score: Float = 0) {
    self.docs = docs
    self.constant = score
  }

  var cost: Int { docs.count }

  func nextDoc() -> UInt32 {
    index += 1
    doc = index < docs.count ? docs[index] : DocIterators.end
    return doc
  }

  func advance(to target: UInt32) -> UInt32 {
    var lo = max(index + 1, 0)
    var hi = docs.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if docs[mid] < target { lo = mid + 1 } else { hi = mid }
    }
    index = lo
    doc = index < docs.count ? docs[index] : DocIterators.end
    return doc
  }

  func score() -> Float { constant }
  func matchCount() -> Int { 0 }
}

/// Every document of a segment (for queries made only of exclusions).
final class AllDocsIterator: DocIterator {
  private let maxDoc: UInt32
  private var started = false
  private(set) var doc: UInt32 = 0

  init(maxDoc: Int) { self.maxDoc = UInt32(maxDoc) }

  var cost: Int { Int(maxDoc) }

  func nextDoc() -> UInt32 {
    if started {
      doc = doc == DocIterators.end || doc + 1 >= maxDoc ? DocIterators.end : doc + 1
    } else {
      started = true
      doc = maxDoc == 0 ? DocIterators.end : 0
    }
    return doc
  }

  func advance(to target: UInt32) -> UInt32 {
    started = true
    doc = target >= maxDoc ? DocIterators.end : target
    return doc
  }

  func score() -> Float { 0 }
  func matchCount() -> Int { 0 }
}
