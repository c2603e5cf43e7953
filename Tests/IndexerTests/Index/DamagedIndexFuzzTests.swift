import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The decoders of the large segment files (`.ter`, `.doc`, `.pos`, `.vec`, `.ent`) never trap on damaged bytes:
/// an index opened with ``IndexReader/Verification/structure`` (no checksums of those files, what a one-shot
/// `seek search` uses) answers every kind of query (wrong answers or a thrown ``SeekError`` at worst), and
/// ``IndexChecker`` reports the damage. A trap ends the whole test process, so finishing is the proof.
///
/// Rounds of damage per file kind: bit flips, runs of random bytes, large varints written over whatever is there
/// (length, count and offset fields), zeroed blocks. The seed is printed; `SEEK_FUZZ_SEED=N` replays a run.
@Suite struct DamagedIndexFuzzTests {
  private static let kinds: [IndexFileKind] = [.terms, .postings, .positions, .termVectors, .entities]
  private static let queries: [SearchRequest] = {
    let texts = [
      "common", "alpha beta", "\"alpha beta\"", "\"common word3\"", "wor*", "alhpa~1", "title:alpha", "Acme",
      "org:Acme common", "common -beta", "word1 OR word5 OR word9", "zebra", "the quick brown fox",
    ]
    return texts.map { SearchRequest(query: $0, limit: 10, snippets: true, facetLimit: 5) }
  }()

  /// Every capitalized word is an organization.
  private static let tagger = CapitalizedWordTagger.make(digits: false)

  /// Three segments of generated documents (one term in every document: more than one postings block) and one of
  /// the fixtures.
  private static func makeIndex(_ folder: IndexedFolder) throws {
    var rng = SeededRandom(seed: 5)
    let vocabulary =
      ["alpha", "beta", "gamma", "Acme", "Zebra", "Paris", "quick", "brown", "fox"] + (0..<30).map { "word\($0)" }
    for batch in 0..<3 {
      for i in 0..<140 {
        let words = (0..<Int(4 + rng.next() % 40)).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        folder.write(
          "b\(batch)/d\(i).txt",
          "# \(words[0]) \(words[1])\n\ncommon " + words.joined(separator: " ") + (i % 3 == 0 ? " alpha beta" : "")
            + "\n")
      }
      try folder.update([folder.documents + "/b\(batch)"], tagger: tagger)
    }
    try folder.update([Fixtures.path("seed-article.txt"), Fixtures.path("ndjson")], tagger: tagger)
  }

  /// One damage of `bytes` (header and checksum left alone, so the file still opens as its kind).
  private static func damage(_ bytes: inout [UInt8], rng: inout SeededRandom) -> String {
    let lo = IndexFormat.headerSize
    let hi = bytes.count - IndexFormat.footerSize
    guard hi > lo else { return "none (empty body)" }
    func at() -> Int { lo + Int(rng.next() % UInt64(hi - lo)) }
    switch rng.next() % 4 {
    case 0:
      let flips = 1 + Int(rng.next() % 8)
      for _ in 0..<flips { bytes[at()] ^= UInt8(1) << UInt8(rng.next() % 8) }
      return "\(flips) bit flips"
    case 1:
      let start = at()
      let n = min(1 + Int(rng.next() % 64), hi - start)
      for k in 0..<n { bytes[start + k] = UInt8(truncatingIfNeeded: rng.next()) }
      return "\(n) random bytes at \(start)"
    case 2:
      // A varint of a large or negative value over a few fields.
      let start = at()
      let values: [UInt64] = [.max, 1 << 62, 1 << 32, UInt64(UInt32.max), 1 << 20, rng.next(), 0]
      var w = ByteWriter()
      for _ in 0..<(1 + Int(rng.next() % 3)) { w.varint(values[Int(rng.next() % UInt64(values.count))]) }
      let encoded = w.bytes
      let n = min(encoded.count, hi - start)
      for k in 0..<n { bytes[start + k] = encoded[k] }
      return "\(n) bytes of large varints at \(start)"
    default:
      let start = at()
      let n = min(16 + Int(rng.next() % 512), hi - start)
      for k in 0..<n { bytes[start + k] = 0 }
      return "\(n) zero bytes at \(start)"
    }
  }

  /// Opens the index without checksums of the large files and runs every query, the entity counts and a term
  /// walk; any thrown error is fine.
  private static func exercise(_ directory: String) -> Int {
    guard let reader = try? IndexReader.open(directory: directory, verification: .structure, preparation: .oneSearch)
    else { return 0 }
    let searcher = Searcher(reader: reader)
    var hits = 0
    for request in queries {
      hits += (try? searcher.search(request))?.hits.count ?? 0
    }
    _ = try? EntityCatalog.count(searcher: searcher, query: nil, types: EntityType.allCases, limit: 5)
    _ = try? EntityCatalog.count(searcher: searcher, query: "common", types: [.org], limit: 5)
    for segment in reader.segments {
      let terms = segment.terms(.body)
      var n = 0
      while terms.next() && n < 60 {
        let it = segment.postings(terms.info)
        while it.nextDoc() != PostingsIterator.noMoreDocs { _ = it.positions() }
        n += 1
      }
      _ = segment.core.term(.body, ordinal: 3)
    }
    return hits
  }

  @Test func damagedLargeFilesNeverTrap() throws {
    let seed = ProcessInfo.processInfo.environment["SEEK_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_129
    print("DamagedIndexFuzzTests seed \(seed) (SEEK_FUZZ_SEED=\(seed) replays it)")
    var rng = SeededRandom(seed: seed)
    let folder = IndexedFolder()
    defer { folder.cleanUp() }
    try Self.makeIndex(folder)
    let intact = try IndexReader.open(directory: folder.index)
    #expect(intact.segments.count == 4)
    let baseline = Self.exercise(folder.index)
    #expect(baseline > 20)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.index)
    var damagedRounds = 0
    var reported = 0
    for kind in Self.kinds {
      let files = names.filter { IndexFileKind.of(fileName: $0) == kind }.sorted()
      #expect(files.count == 4, "\(kind)")
      for round in 0..<24 {
        let name = files[Int(rng.next() % UInt64(files.count))]
        let path = folder.index + "/" + name
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var bytes = original
        let what = Self.damage(&bytes, rng: &rng)
        // Atomic: readers of earlier rounds may still map the previous file.
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        if bytes != original { damagedRounds += 1 }
        _ = Self.exercise(folder.index)
        if round % 12 == 0 && bytes != original {
          let report = IndexChecker.check(directory: folder.index)
          #expect(!report.isHealthy, "\(name): \(what)")
          reported += report.isHealthy ? 0 : 1
        }
        try Data(original).write(to: URL(fileURLWithPath: path), options: .atomic)
      }
    }
    #expect(damagedRounds > 100)
    #expect(reported > 0)
    #expect(Self.exercise(folder.index) == baseline)
  }
}
