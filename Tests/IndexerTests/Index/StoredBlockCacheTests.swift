import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The cache of decompressed stored blocks: bounded (entries and bytes, least recently used first), per reader, and
/// invisible in what documents read back, from one thread or many.
@Suite struct StoredBlockCacheTests {
  static func block(_ n: Int, fill: UInt8) -> [UInt8] { [UInt8](repeating: fill, count: n) }

  @Test func keepsTheMostRecentlyUsedBlocksWithinItsBounds() {
    let cache = StoredBlockCache(byteBudget: 4000, maxEntries: 3)
    let a = cache.makeOwner()
    let b = cache.makeOwner()
    #expect(a != b)
    cache.insert(Self.block(100, fill: 1), owner: a, block: 0)
    cache.insert(Self.block(100, fill: 2), owner: a, block: 1)
    cache.insert(Self.block(100, fill: 3), owner: b, block: 0)
    #expect(cache.block(owner: a, block: 0) == Self.block(100, fill: 1))
    #expect(cache.block(owner: b, block: 0) == Self.block(100, fill: 3))
    #expect(cache.block(owner: b, block: 1) == nil)
    // A fourth block drops the least recently used one: (a, 1).
    cache.insert(Self.block(100, fill: 4), owner: b, block: 1)
    #expect(cache.usage.blocks == 3)
    #expect(cache.block(owner: a, block: 1) == nil)
    #expect(cache.block(owner: a, block: 0) != nil)
    // The byte budget: a 900-byte block pushes out blocks until 4,000 bytes hold; one above a quarter is not kept.
    cache.insert(Self.block(1000, fill: 5), owner: a, block: 2)
    #expect(cache.usage.bytes <= 4000)
    cache.insert(Self.block(1001, fill: 6), owner: a, block: 3)
    #expect(cache.block(owner: a, block: 3) == nil)
    // Dropping an owner leaves the other's blocks.
    cache.remove(owner: a)
    #expect(cache.block(owner: a, block: 0) == nil && cache.block(owner: a, block: 2) == nil)
    #expect(cache.block(owner: b, block: 1) == Self.block(100, fill: 4))
    #expect(cache.usage.bytes == 100 * cache.usage.blocks)
  }

  /// Writes a stored-fields file of many documents (several blocks) and opens a reader on it.
  static func reader(_ docs: [Document], in dir: String, cache: StoredBlockCache) throws -> StoredFieldsReader {
    let path = dir + "/s1.sto"
    let writer = StoredFieldsWriter()
    for d in docs { writer.add(d) }
    try writer.write(to: path, sync: false)
    return try StoredFieldsReader(
      file: MappedFile(path: path, kind: .stored, verifyChecksum: true), maxDoc: docs.count, cache: cache)
  }

  @Test func documentsReadBackTheSameThroughTheCacheFromManyThreads() throws {
    let docs = StoredFieldsWriterTests.documents(900)
    let dir = Fixtures.temporaryDirectory("seek-block-cache")
    defer { Fixtures.removeTree(dir) }
    let cache = StoredBlockCache(byteBudget: 1 << 20, maxEntries: 4)
    let reader = try Self.reader(docs, in: dir, cache: cache)
    #expect(reader.blockCount >= 6, "more blocks than the cache keeps")
    // Each document twice in a row (the second read finds its block kept), then every document from 4 threads
    // at once, in different orders.
    for i in stride(from: 0, to: docs.count, by: 11) {
      for _ in 0..<2 {
        let d = try reader.document(i, resolveBody: false)
        #expect(d.id == docs[i].id && d.body == docs[i].body && d.title == docs[i].title)
      }
    }
    #expect(cache.usage.blocks == 4)
    let mismatches = Counter()
    DispatchQueue.concurrentPerform(iterations: 4) { t in
      var i = t * 97 % docs.count
      for _ in 0..<300 {
        let d = try? reader.document(i, resolveBody: false)
        if d?.id != docs[i].id || d?.body != docs[i].body { mismatches.add() }
        // Mostly the next document (the same block), sometimes a jump.
        i = (i + (i % 5 == 0 ? 131 + t : 1)) % docs.count
      }
    }
    #expect(mismatches.value == 0)
    #expect(cache.usage.blocks <= 4)
  }

  @Test func aReaderDropsItsBlocksWhenItGoesAway() throws {
    let docs = StoredFieldsWriterTests.documents(300)
    let dir = Fixtures.temporaryDirectory("seek-block-cache")
    defer { Fixtures.removeTree(dir) }
    let cache = StoredBlockCache(byteBudget: 1 << 20, maxEntries: 8)
    var reader: StoredFieldsReader? = try Self.reader(docs, in: dir, cache: cache)
    let other = try Self.reader(docs, in: dir, cache: cache)
    _ = try reader?.document(0, resolveBody: false)
    _ = try reader?.document(docs.count - 1, resolveBody: false)
    _ = try other.document(0, resolveBody: false)
    let owner = try #require(reader?.cacheOwner)
    #expect(cache.block(owner: owner, block: 0) != nil)
    #expect(cache.usage.blocks == 3)
    // Entities for facets use a kept block but keep none of their own.
    try other.forEachEntity(docs.count - 1) { _, _ in }
    #expect(cache.usage.blocks == 3)
    reader = nil
    #expect(cache.block(owner: owner, block: 0) == nil)
    #expect(cache.usage.blocks == 1)
  }
}

/// A count shared by threads.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
