import TestSupport
import Testing

@testable import Indexer

/// Dictionary lookups (``SegmentCore/termEntry(_:_:)`` and ``SegmentCore/term(_:ordinal:withBytes:)``, both reading
/// blocks through ``TermBlockCursor``) agree with the sequential ``TermEnumerator`` on every term of every field, and
/// find nothing for byte strings that are not terms.
@Suite struct TermBlockCursorTests {
  /// Words sharing long prefixes, words of one byte, long words, digits and non-ASCII words, in two segments
  /// merged into one (blocks of both kinds: written fresh and by the merger).
  static func makeIndex(_ folder: IndexedFolder) throws {
    var rng = SeededRandom(seed: 77)
    var vocabulary = (0..<400).map { "pre\($0 % 7)fix\($0)" } + (0..<26).map { String(UnicodeScalar(97 + $0)!) }
    vocabulary += (0..<40).map { "w" + String(repeating: "q", count: 20 + $0 * 7) + "\($0)" }
    vocabulary += ["été", "naïve", "zürich", "12", "123", "1234", "über", "z", "zz", "zzz"]
    for batch in 0..<2 {
      for i in 0..<60 {
        let words = (0..<Int(3 + rng.next() % 30)).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        folder.write("b\(batch)/d\(i).txt", "# \(words[0]) \(words[1])\n\n" + words.joined(separator: " ") + "\n")
      }
      try folder.update()
    }
  }

  @Test func lookupsAgreeWithTheEnumerator() throws {
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try Self.makeIndex(folder)
    for merged in [false, true] {
      if merged { try folder.mergeIntoOneSegment() }
      let reader = try folder.searcher().reader
      var checked = 0
      for segment in reader.segments {
        // The reader's core binary-searches its dictionary samples; a writer's core (no samples) scans blocks.
        let unsampled = try SegmentCore(
          directory: segment.core.directory, name: segment.core.name, maxDoc: segment.core.maxDoc, verify: true,
          termSamples: false)
        #expect(segment.core.termSamples.contains { $0 != nil })
        #expect(unsampled.termSamples.allSatisfy { $0 == nil })
        for core in [segment.core, unsampled] {
          for field in IndexField.allCases {
            var all: [[UInt8]] = []
            var infos: [TermInfo] = []
            let e = segment.terms(field)
            while e.next() {
              all.append(e.term)
              infos.append(e.info)
            }
            let known = Set(all)
            for (ordinal, term) in all.enumerated() {
              let entry = term.withUnsafeBufferPointer { core.termEntry(field, $0) }
              #expect(entry?.info == infos[ordinal], "\(field) \(String(decoding: term, as: UTF8.self))")
              #expect(entry?.ordinal == ordinal)
              let back = core.term(field, ordinal: ordinal)
              #expect(back?.bytes == term)
              #expect(back?.info == infos[ordinal])
              #expect(core.term(field, ordinal: ordinal, withBytes: false)?.info == infos[ordinal])
              // Near misses: longer, shorter, last byte one up or down, a byte inserted at the front.
              var misses: [[UInt8]] = [term + [0x61], term + [0xFF], Array(term.dropLast()), [0x00] + term]
              if let last = term.last {
                if last < 0xFF { misses.append(term.dropLast() + [last + 1]) }
                if last > 0 { misses.append(term.dropLast() + [last - 1]) }
              }
              for miss in misses {
                let found = miss.withUnsafeBufferPointer { core.termEntry(field, $0) }
                if known.contains(miss) {
                  #expect(found?.ordinal == all.firstIndex(of: miss))
                } else {
                  #expect(found == nil, "\(field) \(miss)")
                }
              }
              checked += 1
            }
            #expect(core.term(field, ordinal: all.count) == nil)
            let empty: [UInt8] = []
            #expect(empty.withUnsafeBufferPointer { core.termEntry(field, $0) } == nil || known.contains(empty))
          }
        }
      }
      #expect(checked > 1000)
    }
  }
}
