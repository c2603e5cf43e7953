import Foundation
import TestSupport
import Testing

@testable import Indexer

@Suite struct IndexWriterTests {
  let options = IndexWriter.Options(sync: false)

  @Test func deleteAndUpdateSemantics() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    try writer.add(IndexTestDocs.document(id: "a", path: "/f/feed.xml", body: "alpha one"))
    try writer.add(IndexTestDocs.document(id: "b", path: "/f/feed.xml", body: "beta two"))
    try writer.add(IndexTestDocs.document(id: "c", body: "gamma three"))
    try writer.commit()
    // Buffered and committed deletes; update replaces.
    try writer.add(IndexTestDocs.document(id: "d", body: "delta four"))
    #expect(writer.delete(id: "d") == 1)
    try writer.update(IndexTestDocs.document(id: "c", body: "gamma changed"))
    try writer.commit()
    var reader = try IndexReader.open(directory: dir.path)
    #expect(reader.liveCount == 3)
    #expect(reader.find(id: "d") == nil)
    let c = try #require(reader.find(id: "c"))
    #expect(try reader.storedDocument(c).body == "gamma changed")
    #expect(reader.docFreq(.body, "three") == 1)  // deleted docs stay in postings until merged
    // A container file is removed as a whole.
    #expect(writer.delete(path: "/f/feed.xml") == 2)
    try writer.commit()
    reader = try reader.reopen()
    #expect(reader.liveCount == 1)
    #expect(reader.find(id: "a") == nil && reader.find(id: "b") == nil)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
    // Deleting twice counts once.
    #expect(writer.delete(id: "a") == 0)
  }

  @Test func rollbackDropsUncommittedChanges() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    try writer.add(IndexTestDocs.document(id: "a", body: "kept"))
    writer.setFileState(FileState(size: 1, modificationTime: 2, contentHash: 3), path: "/docs/a.txt")
    try writer.commit()
    try writer.add(IndexTestDocs.document(id: "b", body: "dropped"))
    try writer.flush()
    writer.delete(id: "a")
    writer.setFileState(FileState(size: 9, modificationTime: 9, contentHash: 9), path: "/docs/b.txt")
    try writer.rollback()
    #expect(writer.fileState(path: "/docs/b.txt") == nil)
    try writer.commit()
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.liveCount == 1)
    #expect(reader.find(id: "a") != nil)
    #expect(reader.fileState(path: "/docs/a.txt") == FileState(size: 1, modificationTime: 2, contentHash: 3))
    #expect(reader.allFilePaths() == ["/docs/a.txt"])
    let report = IndexChecker.check(directory: dir.path)
    #expect(report.isHealthy, "\(report.summary)")
    #expect(report.unreferencedFiles.isEmpty, "\(report.unreferencedFiles)")
  }

  @Test func closeRemovesTheFilesOfWhatItDiscards() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(mergeFactor: 2, sync: false))
    try writer.add(IndexTestDocs.document(id: "a", body: "kept"))
    try writer.commit()
    for i in 0..<4 {
      // An uncommitted segment each, and a background merge once two are there.
      try writer.add(IndexTestDocs.document(id: "b\(i)", body: "dropped \(i)"))
      try writer.flush()
    }
    writer.close()
    let report = IndexChecker.check(directory: dir.path)
    #expect(report.isHealthy, "\(report.summary)")
    #expect(report.unreferencedFiles.isEmpty, "\(report.unreferencedFiles)")
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.liveCount == 1 && reader.find(id: "a") != nil)
  }

  @Test func fileStatesPersistAndFollowPathDeletes() throws {
    let dir = TemporaryIndex()
    var writer: IndexWriter? = try IndexWriter(directory: dir.path, options: options)
    for i in 0..<50 {
      try writer!.add(IndexTestDocs.document(id: "d\(i)", path: "/p/\(i)", body: "x"))
      writer!.setFileState(
        FileState(size: Int64(i), modificationTime: -Int64(i) * 1_000_000_007, contentHash: UInt64(i) &* 31),
        path: "/p/\(i)")
    }
    try writer!.commit()
    writer!.delete(path: "/p/7")
    try writer!.commit()
    writer = nil
    let reopened = try IndexWriter(directory: dir.path, options: options)
    #expect(reopened.fileState(path: "/p/7") == nil)
    #expect(reopened.fileState(path: "/p/8") == FileState(size: 8, modificationTime: -8_000_000_056, contentHash: 248))
    #expect(reopened.allFilePaths().count == 49)
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.allFilePaths() == reopened.allFilePaths())
    #expect(reader.liveCount == 49)
  }

  @Test func mergesPurgeDeletionsAndKeepResults() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(mergeFactor: 0, sync: false))
    for i in 0..<40 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: "common w\(i % 7) unique\(i)"))
      if i % 5 == 4 { try writer.flush() }
    }
    try writer.commit()
    for i in stride(from: 0, to: 40, by: 3) { writer.delete(id: "d\(i)") }
    try writer.commit()
    let before = try dumpPostings(IndexReader.open(directory: dir.path))
    let unmerged = try IndexReader.open(directory: dir.path).terms(.body, withPrefix: "w")
    #expect(unmerged.map(\.term) == (0..<7).map { "w\($0)" })
    #expect(unmerged.map(\.docFreq) == (0..<7).map { w in (0..<40).filter { $0 % 7 == w }.count })
    #expect(try IndexReader.open(directory: dir.path).segments.count == 8)
    try writer.forceMerge()
    try writer.commit()
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count == 1)
    #expect(reader.segments[0].deletedCount == 0)
    #expect(reader.maxDoc == 40 - 14)
    #expect(try dumpPostings(reader) == before)
    #expect(reader.docFreq(.body, "common") == 26)
    let expanded = reader.terms(.body, withPrefix: "w", limit: 3)
    #expect(expanded.map(\.term) == ["w0", "w1", "w2"])
    #expect(expanded.map(\.docFreq) == (0..<3).map { w in (0..<40).filter { $0 % 7 == w && $0 % 3 != 0 }.count })
    #expect(reader.docFreq(.body, "unique0") == 0)
    let report = IndexChecker.check(directory: dir.path)
    #expect(report.isHealthy, "\(report.summary)")
    #expect(report.unreferencedFiles.isEmpty, "\(report.unreferencedFiles)")
  }

  @Test func backgroundMergeCarriesOverDeletionsMadeWhileItRuns() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(
      directory: dir.path, options: IndexWriter.Options(mergeFactor: 3, sync: false, backgroundMerges: true))
    for i in 0..<9 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: "text \(i) shared"))
      try writer.flush()  // the third flush starts a background merge
    }
    // Deletes and updates while merges may be running, then apply them.
    writer.delete(id: "d0")
    try writer.update(IndexTestDocs.document(id: "d4", body: "replaced"))
    try writer.waitForMerges()
    writer.delete(id: "d8")
    try writer.commit()
    try writer.waitForMerges()
    try writer.commit()
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.liveCount == 7)
    #expect(reader.find(id: "d0") == nil && reader.find(id: "d8") == nil)
    #expect(try reader.storedDocument(#require(reader.find(id: "d4"))).body == "replaced")
    var live = 0
    for s in reader.segments {
      if let it = s.postings(.body, "shared") {
        while it.nextDoc() != PostingsIterator.noMoreDocs { if !s.isDeleted(it.doc) { live += 1 } }
      }
    }
    #expect(live == 6)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }

  @Test func tieredPolicyMergesSimilarSegments() {
    let policy = TieredMergePolicy(mergeFactor: 3, floorDocs: 10)
    #expect(policy.findMerge(liveCounts: [5, 6], maxDocs: [5, 6]) == nil)
    #expect(policy.findMerge(liveCounts: [500, 5, 6, 7], maxDocs: [500, 5, 6, 7]) == [1, 2, 3])
    #expect(policy.findMerge(liveCounts: [500, 5, 60], maxDocs: [500, 5, 60]) == nil)
    #expect(policy.findMerge(liveCounts: [500, 5], maxDocs: [1200, 5]) == [0])
    // Segments without the entity column are rewritten one at a time, after any merge that is due.
    #expect(policy.findMerge(liveCounts: [500, 60], maxDocs: [500, 60], outdated: [false, true]) == [1])
    #expect(policy.findMerge(liveCounts: [500, 0], maxDocs: [500, 9], outdated: [false, true]) == [1])
    #expect(
      policy.findMerge(liveCounts: [500, 5, 6, 7], maxDocs: [500, 5, 6, 7], outdated: [true, false, false, false])
        == [1, 2, 3])
    #expect(policy.findMerge(liveCounts: [500, 60], maxDocs: [500, 60], outdated: [false, false]) == nil)
  }

  @Test(arguments: [false, true])
  func automaticMergesKeepSegmentCountLow(background: Bool) throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(
      directory: dir.path, options: IndexWriter.Options(mergeFactor: 4, sync: false, backgroundMerges: background))
    for i in 0..<30 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: "text \(i)"))
      try writer.commit()
    }
    if background {
      try writer.waitForMerges()
      try writer.commit()
    }
    let reader = try IndexReader.open(directory: dir.path)
    #expect(reader.segments.count < 4)
    #expect(reader.liveCount == 30)
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }

  @Test func memoryBudgetFlushesSegments() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(
      directory: dir.path, options: IndexWriter.Options(memoryBudget: 256 << 10, mergeFactor: 0, sync: false))
    var rng = SeededRandom(seed: 3)
    for i in 0..<400 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: IndexTestDocs.randomText(&rng, words: 60)))
      #expect(writer.bufferedBytes < 256 << 10)
    }
    #expect(writer.segmentCount > 1)
    try writer.commit()
    #expect(try IndexReader.open(directory: dir.path).liveCount == 400)
  }

  @Test func secondWriterGetsLockErrorNamingThePid() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: options)
    do {
      _ = try IndexWriter(directory: dir.path, options: options)
      Issue.record("a second writer opened")
    } catch let e as SeekError {
      #expect(e.kind == .locked)
      #expect(e.message.contains("pid \(getpid())"))
      #expect(e.message.contains(dir.path))
      #expect(e.message.contains("seek index"))
    }
    writer.close()
    let again = try IndexWriter(directory: dir.path, options: options)
    again.close()
  }

  @Test func readerSnapshotSurvivesCommitsAndMerges() throws {
    let dir = TemporaryIndex()
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(mergeFactor: 0, sync: false))
    for i in 0..<10 {
      try writer.add(IndexTestDocs.document(id: "d\(i)", body: "old \(i)"))
      try writer.flush()
    }
    try writer.commit()
    let snapshot = try IndexReader.open(directory: dir.path)
    for i in 0..<10 { try writer.update(IndexTestDocs.document(id: "d\(i)", body: "new \(i)")) }
    try writer.forceMerge()
    try writer.commit()
    // The old snapshot still reads its files (not deleted while it is open).
    #expect(snapshot.segments.count == 10)
    #expect(snapshot.docFreq(.body, "old") == 10)
    let d = try #require(snapshot.find(id: "d3"))
    #expect(try snapshot.storedDocument(d).body == "old 3")
    let fresh = try snapshot.reopen()
    #expect(fresh.generation > snapshot.generation)
    #expect(fresh.docFreq(.body, "old") == 0)
    #expect(fresh.docFreq(.body, "new") == 10)
    #expect(try fresh.reopen() === fresh)
  }
}

@Suite struct IndexDirectorySafetyTests {
  @Test func recognizesOnlyItsOwnFileNames() {
    for name in ["MANIFEST", "s1.ter", "s1z.doc", "s2_3.del", "files_12.tab", "s10.sto", "s1.tix", "s1.nrm", "s1.pos"] {
      #expect(IndexFileKind.of(fileName: name) != nil, "\(name)")
    }
    for name in [
      "report.doc", "s.ter", "S1.ter", "s1_.del", "s1_x.del", "files_.tab", "files_1a.tab", "x.tmp", "s1.txt",
    ] {
      #expect(IndexFileKind.of(fileName: name) == nil, "\(name)")
    }
    #expect(IndexFileKind.isIndexFileName("MANIFEST.tmp"))
    #expect(!IndexFileKind.isIndexFileName("notes.tmp"))
  }

  @Test func refusesForeignDirectoryAndKeepsForeignFiles() throws {
    let dir = TemporaryIndex()
    try IndexDirectory.createDirectory(dir.path)
    Fixtures.write(dir.path + "/report.doc", "mine")
    #expect(throws: SeekError.self) { try IndexWriter(directory: dir.path) }
    #expect(!IndexDirectory.exists(dir.path + "/" + IndexFormat.lockName))
    unlink(dir.path + "/report.doc")
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(sync: false))
    Fixtures.write(dir.path + "/notes.doc", "still mine")
    try writer.add(IndexTestDocs.document(id: "a", body: "x"))
    try writer.commit()
    #expect(IndexDirectory.exists(dir.path + "/notes.doc"))
  }
}
