/// Counts as one matched word however many of its expansions match (prefix, fuzzy, multi-field phrases).
final class CountOnceIterator: DocIterator {
  private let inner: DocIterator
  init(_ inner: DocIterator) { self.inner = inner }
  var doc: UInt32 { inner.doc }
  var cost: Int { inner.cost }
  func nextDoc() -> UInt32 { inner.nextDoc() }
  func advance(to target: UInt32) -> UInt32 { inner.advance(to: target) }
  func score() -> Float { inner.score() }
  func matchCount() -> Int { min(1, inner.matchCount()) }
}
