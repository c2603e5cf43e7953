import Foundation
import TestSupport
import Testing

@testable import Indexer

@Suite struct IndexIntegrityTests {
  let options = IndexWriter.Options(sync: false)

  @Test func xxhash64MatchesReferenceVectors() {
    #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
    #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
    // Streaming in odd chunks equals one shot.
    var rng = SeededRandom(seed: 1)
    let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    var h = XXHash64()
    var i = 0
    var step = 1
    while i < bytes.count {
      let end = min(bytes.count, i + step)
      h.update(Array(bytes[i..<end]))
      i = end
      step = step * 3 % 41 + 1
    }
    #expect(h.digest() == XXHash64.hash(bytes))
  }

  private func buildIndex(_ path: String) throws {
    let writer = try IndexWriter(directory: path, options: options)
    var rng = SeededRandom(seed: 11)
    for i in 0..<300 {
      try writer.add(
        IndexTestDocs.document(id: "d\(i)", title: "t\(i % 9)", body: IndexTestDocs.randomText(&rng, words: 30)))
      writer.setFileState(FileState(size: 1, modificationTime: 1, contentHash: 1), path: "/docs/d\(i).txt")
    }
    try writer.commit()
    writer.delete(id: "d5")
    try writer.commit()
    writer.close()
  }

  @Test func flippedByteInEveryFileIsDetected() throws {
    let dir = TemporaryIndex()
    try buildIndex(dir.path)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
    let files = IndexDirectory.list(dir.path).filter { $0 != IndexFormat.lockName }.sorted()
    let kinds = Set(files.compactMap { IndexFileKind.of(fileName: $0) })
    #expect(kinds == Set(IndexFileKind.allCases))
    for name in files {
      let path = dir.path + "/" + name
      let original = try #require(FileManager.default.contents(atPath: path))
      for offset in [original.count / 2, original.count - 1, 9] {
        var damaged = original
        damaged[offset] ^= 0x20
        try damaged.write(to: URL(fileURLWithPath: path))
        let report = IndexChecker.check(directory: dir.path)
        #expect(!report.isHealthy, "checker missed a flip in \(name) at \(offset)")
        #expect(report.problems.contains { $0.contains(name) }, "\(name): \(report.problems)")
        do {
          _ = try IndexReader.open(directory: dir.path)
          Issue.record("open missed a flip in \(name) at \(offset)")
        } catch let e as SeekError {
          #expect(e.kind == .corruptIndex && e.message.contains(name), "\(e)")
        }
      }
      try original.write(to: URL(fileURLWithPath: path))
    }
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }

  @Test func writerVerifyingStructureDoesNotHashTheLargeFiles() throws {
    let dir = TemporaryIndex()
    try buildIndex(dir.path)
    // A flipped byte inside the positions file leaves its structure intact: only its checksum tells.
    let name = try #require(IndexDirectory.list(dir.path).first { $0.hasSuffix(".pos") })
    let path = dir.path + "/" + name
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes[bytes.count / 2] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: path))
    do {
      _ = try IndexWriter(directory: dir.path, options: options)
      Issue.record("the default writer missed a flip in \(name)")
    } catch let e as SeekError {
      #expect(e.kind == .corruptIndex && e.message.contains(name), "\(e)")
    }
    var structure = options
    structure.verification = .structure
    let writer = try IndexWriter(directory: dir.path, options: structure)
    #expect(writer.segmentCount == 1)
    writer.close()
    #expect(throws: SeekError.self) { try IndexReader.open(directory: dir.path) }
  }

  @Test func futureVersionIsRefused() throws {
    let dir = TemporaryIndex()
    try buildIndex(dir.path)
    let path = dir.path + "/" + IndexFormat.manifestName
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes[4] = UInt8(IndexFormat.version + 1)
    try bytes.write(to: URL(fileURLWithPath: path))
    do {
      _ = try IndexReader.open(directory: dir.path)
      Issue.record("opened a future version")
    } catch let e as SeekError {
      #expect(e.kind == .unsupportedVersion)
      #expect(e.message.contains("version \(IndexFormat.version + 1)"))
    }
    #expect(throws: SeekError.self) { try IndexWriter(directory: dir.path, options: options) }
  }

  @Test func missingIndexSaysSo() {
    do {
      _ = try IndexReader.open(directory: "/nonexistent/seek-index")
      Issue.record("opened nothing")
    } catch let e as SeekError {
      #expect(e.kind == .indexNotFound)
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test(arguments: IndexWriter.CommitStep.allCases)
  func crashDuringCommitKeepsPreviousCommit(step: IndexWriter.CommitStep) throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(mergeFactor: 3, sync: false))
    for i in 0..<20 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: "first \(i)"))
      if i % 4 == 3 { try writer.commit() }
    }
    try writer.commit()
    let expected = try dumpPostings(IndexReader.open(directory: dir.path))
    // Changes of every kind, then a crash in the middle of the commit.
    for i in 20..<30 { try writer.add(IndexTestDocs.document(id: "d\(i)", body: "second \(i)")) }
    try writer.flush()
    try writer.update(IndexTestDocs.document(id: "d1", body: "changed"))
    writer.delete(id: "d2")
    writer.setFileState(FileState(size: 5, modificationTime: 5, contentHash: 5), path: "/x")
    writer.simulatedCrash = step
    #expect(throws: SeekError.self) { try writer.commit() }
    writer.close()
    // Garbage a crash could leave besides: a torn segment file and a torn temp manifest.
    Fixtures.write(dir.path + "/s999.ter", [1, 2, 3])
    if step != .manifestTemporaryWritten { Fixtures.write(dir.path + "/MANIFEST.tmp", [9, 9]) }

    let reader = try IndexReader.open(directory: dir.path)
    #expect(try dumpPostings(reader) == expected)
    #expect(reader.liveCount == 20)
    for i in 0..<20 { #expect(reader.find(id: "d\(i)") != nil) }
    let report = IndexChecker.check(directory: dir.path)
    #expect(report.isHealthy, "\(report.summary)")
    #expect(!report.unreferencedFiles.isEmpty)
    // The next writer removes the leftovers (files the open reader uses are not referenced by it: none).
    let next = try IndexWriter(directory: dir.path, options: options)
    #expect(IndexChecker.check(directory: dir.path).unreferencedFiles.isEmpty)
    try next.add(IndexTestDocs.document(id: "e", body: "after"))
    try next.commit()
    #expect(try IndexReader.open(directory: dir.path).liveCount == 21)
  }
}

@Suite struct ByteSlicePoolTests {
  @Test func interleavedStreamsReadBackInOrder() {
    let pool = ByteSlicePool()
    let count = 50
    let streams = UnsafeMutablePointer<ByteSlicePool.Stream>.allocate(capacity: count)
    defer { streams.deallocate() }
    streams.initialize(repeating: ByteSlicePool.Stream(), count: count)
    var expected = [[UInt8]](repeating: [], count: count)
    var rng = SeededRandom(seed: 5)
    for _ in 0..<40_000 {
      let s = Int.random(in: 0..<count, using: &rng) % (Int.random(in: 1...count, using: &rng))
      let b = UInt8.random(in: 0...255, using: &rng)
      pool.writeByte(streams + s, b)
      expected[s].append(b)
    }
    var out: [UInt8] = []
    for s in 0..<count {
      pool.read(streams[s], into: &out)
      #expect(out == expected[s])
    }
  }
}

@Suite struct BitPackingTests {
  @Test func roundTripsEveryWidth() {
    var rng = SeededRandom(seed: 9)
    for width in 0...32 {
      let maxValue: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
      var values = (0..<128).map { _ in UInt32(UInt64.random(in: 0...maxValue, using: &rng)) }
      values[5] = UInt32(maxValue)
      #expect(BitPacking.width(values.max()!) == width)
      var w = ByteWriter()
      values.withUnsafeBufferPointer { BitPacking.pack($0, width: width, into: &w) }
      #expect(w.count == BitPacking.byteCount(count: 128, width: width))
      w.byte(0xAB)
      let out = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
      defer { out.deallocate() }
      w.bytes.withUnsafeBytes { raw in
        var r = ByteReader(raw)
        #expect(BitPacking.unpack(&r, width: width, count: 128, into: out))
        #expect(Array(UnsafeBufferPointer(start: out, count: 128)) == values)
        #expect(r.byte() == 0xAB)
      }
    }
  }
}
