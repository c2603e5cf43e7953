/// Adapts a segment's ``TermEnumerator`` to the automaton's ``SortedTermCursor``.
struct EnumeratorCursor: SortedTermCursor {
  let enumerator: TermEnumerator
  init(_ enumerator: TermEnumerator) { self.enumerator = enumerator }

  mutating func seek(ceil: [UInt8]) -> [UInt8]? {
    enumerator.seek(ceil: ceil) == .end ? nil : enumerator.term
  }

  mutating func next() -> [UInt8]? {
    enumerator.next() ? enumerator.term : nil
  }
}
