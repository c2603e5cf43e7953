import TestSupport
import Testing

@testable import Indexer

/// `EntityTagger.merge` (model spans and rule spans, both in order and each without overlaps) against the plain
/// way it replaced: the overlapping names collected in an array and the result sorted.
@Suite("Entity span merge equals the reference")
struct EntityMergeTests {
  typealias Span = EntityNormalizer.TokenSpan

  static func reference(_ names: [Span], _ rules: [Span]) -> [Span] {
    var dropName = [Bool](repeating: false, count: names.count)
    var keptRules: [Span] = []
    var j = 0
    for r in rules {
      while j < names.count && names[j].end <= r.start { j += 1 }
      var k = j
      var overlapping: [Int] = []
      while k < names.count && names[k].start < r.end {
        overlapping.append(k)
        k += 1
      }
      if overlapping.isEmpty {
        keptRules.append(r)
        continue
      }
      let covers = overlapping.allSatisfy { names[$0].start >= r.start && names[$0].end <= r.end }
      let nameLength = overlapping.reduce(0) { $0 + names[$1].end - names[$1].start }
      if covers && r.end - r.start > nameLength {
        for k in overlapping { dropName[k] = true }
        keptRules.append(r)
      }
    }
    var out = keptRules
    for (k, n) in names.enumerated() where !dropName[k] { out.append(n) }
    out.sort { $0.start < $1.start }
    return out
  }

  static func below(_ rng: inout SeededRandom, _ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

  /// Random spans in order without overlaps over `length` tokens.
  static func spans(_ rng: inout SeededRandom, _ length: Int, _ type: EntityType) -> [Span] {
    var out: [Span] = []
    var i = EntityMergeTests.below(&rng, 3)
    while i < length {
      let end = min(length, i + 1 + EntityMergeTests.below(&rng, 4))
      if EntityMergeTests.below(&rng, 2) == 0 { out.append(Span(start: i, end: end, type: type)) }
      i = end + EntityMergeTests.below(&rng, 3)
    }
    return out
  }

  @Test("random model and rule spans merge as the reference merges them")
  func randomSpans() {
    var rng = SeededRandom(seed: 17)
    var merged = 0
    for _ in 0..<3000 {
      let length = 1 + EntityMergeTests.below(&rng, 40)
      let names = EntityMergeTests.spans(&rng, length, .org)
      let rules = EntityMergeTests.spans(&rng, length, .date)
      let fast = EntityTagger.merge(names, rules)
      let slow = EntityMergeTests.reference(names, rules)
      #expect(fast.map { [$0.start, $0.end] } == slow.map { [$0.start, $0.end] })
      #expect(fast.map(\.type) == slow.map(\.type))
      merged += fast.count
    }
    #expect(merged > 10_000)
  }
}
