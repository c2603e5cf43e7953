import Testing

@testable import Indexer

/// `CBytes.search` (memchr on the needle's first byte, then a full compare) finds the first occurrence, as a naive
/// search does.
@Suite struct CBytesSearchTests {
  @Test func findsTheFirstOccurrenceLikeANaiveSearch() {
    let alphabet = Array("aaeet TThe,Q9é".utf8)
    var state: UInt64 = 0x1234_5678
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    var found = 0
    for _ in 0..<3000 {
      let haystack = (0..<(next() % 200)).map { _ in alphabet[next() % alphabet.count] }
      var needle = (0..<(1 + next() % 20)).map { _ in alphabet[next() % alphabet.count] }
      if !haystack.isEmpty, next() % 2 == 0 {
        // A needle taken from the haystack, so that most searches succeed.
        let start = next() % haystack.count
        needle = Array(haystack[start..<min(haystack.count, start + 1 + next() % 20)])
      }
      let naive: Int? =
        haystack.count < needle.count
        ? nil : (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
      let fast = haystack.withUnsafeBufferPointer { h in
        needle.withUnsafeBufferPointer { n in
          CBytes.search(h.baseAddress ?? UnsafePointer(bitPattern: 1)!, h.count, n.baseAddress!, n.count)
        }
      }
      #expect(fast == naive, "\(haystack) \(needle)")
      if naive != nil { found += 1 }
    }
    #expect(found > 1000)
  }
}
