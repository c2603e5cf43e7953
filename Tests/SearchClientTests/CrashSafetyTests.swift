import Foundation
import Indexer
import TestSupport
import Testing

/// Kills `seek index` with SIGKILL at random moments and checks that the index always opens at its last commit,
/// passes `seek check`, and finds every document of that commit.
@Suite(.serialized) struct CrashSafetyTests {
  static let fileCount = 1500
  static let kills = 20

  static func makeCorpus(_ dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let words = [
      "export", "controls", "huawei", "deepseek", "chips", "beidou", "tiktok", "tencent", "policy", "models",
    ]
    for i in 0..<fileCount {
      var text = "Document \(i) marker\(i)x\n"
      for j in 0..<40 { text += words[(i * 7 + j * 3) % words.count] + (j % 10 == 9 ? ".\n" : " ") }
      try FileManager.default.createDirectory(atPath: dir + "/d\(i / 100)", withIntermediateDirectories: true)
      Fixtures.write(dir + "/d\(i / 100)/f\(i).txt", text)
    }
  }

  /// Checks the committed state: opens, passes the checker, and every live document is found by id and by its
  /// unique word.
  static func verify(_ index: String) throws -> Int {
    let reader = try IndexReader.open(directory: index)
    let report = IndexChecker.check(directory: index)
    #expect(report.isHealthy, "seek check after a kill: \(report.problems)")
    let searcher = Searcher(reader: reader)
    var live = 0
    for (s, segment) in reader.segments.enumerated() {
      for d in 0..<UInt32(segment.maxDoc) where !segment.isDeleted(d) {
        let doc = try reader.storedDocument(DocAddress(segment: s, doc: d))
        live += 1
        #expect(reader.find(id: doc.id) != nil)
        if live % 25 == 0, let word = doc.body.split(separator: " ").dropFirst().first {
          let hits = try searcher.search(SearchRequest(query: String(word), limit: 3, snippets: false, facetLimit: 0))
          #expect(hits.hits.contains { $0.id == doc.id }, "\(doc.id) not found by \(word)")
        }
      }
    }
    return live
  }

  @Test func sigkillDuringIndexingNeverCorruptsTheLastCommit() throws {
    let root = Fixtures.temporaryDirectory("seek-crash")
    defer { Fixtures.removeTree(root) }
    let docs = root + "/docs"
    let index = root + "/index"
    try Self.makeCorpus(docs)
    var rng = SystemRandomNumberGenerator()
    var lastLive = 0
    for round in 0..<Self.kills {
      // Change a few files so later runs have updates as well as additions.
      for k in 0..<5 {
        let i = (round * 37 + k * 101) % Self.fileCount
        Fixtures.write(docs + "/d\(i / 100)/f\(i).txt", "Document \(i) marker\(i)x revised in round \(round)\n")
      }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Binaries.path("seek"))
      process.arguments = ["index", "--index", index, "--no-entities", "--commit-every", "64", docs]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 30_000...600_000, using: &rng))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if FileManager.default.fileExists(atPath: index + "/MANIFEST") {
        let live = try Self.verify(index)
        #expect(live >= lastLive, "round \(round): committed documents went backwards")
        lastLive = live
      }
    }
    let final = try Binaries.run("seek", ["index", "--index", index, "--no-entities", docs])
    #expect(final.status == 0, "\(final.stderr)")
    #expect(try Self.verify(index) == Self.fileCount)
  }

  @Test func aFlippedByteInAnyIndexFileIsDetected() throws {
    let root = Fixtures.temporaryDirectory("seek-flip")
    defer { Fixtures.removeTree(root) }
    let index = root + "/index"
    #expect(try Binaries.run("seek", ["index", "--index", index, "--no-entities", Fixtures.directory]).status == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: index).filter { $0 != "write.lock" }.sorted()
    #expect(files.count >= 5)
    for name in files {
      let path = index + "/" + name
      var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
      guard !bytes.isEmpty else { continue }
      let at = bytes.count / 2
      bytes[at] ^= 0x5A
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let check = try Binaries.run("seek", ["check", "--index", index])
      #expect(check.status == 2, "seek check missed a flipped byte in \(name)")
      #expect(throws: SeekError.self, "opening missed a flipped byte in \(name)") {
        _ = try IndexReader.open(directory: index)
      }
      bytes[at] ^= 0x5A
      try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    #expect(try Binaries.run("seek", ["check", "--index", index]).status == 0)
  }
}
