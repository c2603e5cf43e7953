import Dispatch
import Foundation
import Testing

@testable import Indexer

/// The tagger's cache pool makes at most `limit` caches however many threads tag at once, and hands each cache to
/// one thread at a time.
@Suite("Score cache pool: bounded, one user per cache")
struct NERScoreCachePoolTests {
  @Test("eight threads sharing a pool of two make two caches and never share one")
  func bounded() {
    let pool = NERScoreCachePool(limit: 2)
    let lock = NSLock()
    nonisolated(unsafe) var inUse = Set<ObjectIdentifier>()
    nonisolated(unsafe) var clashes = 0
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<50 {
        let cache = pool.take()
        lock.lock()
        if !inUse.insert(ObjectIdentifier(cache)).inserted { clashes += 1 }
        lock.unlock()
        cache.resetHistory()
        lock.lock()
        inUse.remove(ObjectIdentifier(cache))
        lock.unlock()
        pool.put(cache)
      }
    }
    #expect(pool.count >= 1 && pool.count <= 2)
    #expect(clashes == 0)
  }

  @Test("with every cache taken, a third taker waits for one to come back")
  func waits() {
    let pool = NERScoreCachePool(limit: 2)
    let a = pool.take()
    let b = pool.take()
    #expect(a !== b)
    #expect(pool.count == 2)
    let got = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var third: NERScoreCache? = nil
    DispatchQueue.global().async {
      third = pool.take()
      got.signal()
    }
    #expect(got.wait(timeout: .now() + 0.2) == .timedOut, "no third cache is made")
    pool.put(a)
    #expect(got.wait(timeout: .now() + 10) == .success)
    #expect(third === a)
    #expect(pool.count == 2)
    pool.put(b)
  }

  @Test("a pool of one serves threads in turn; a limit below one means one")
  func single() {
    let pool = NERScoreCachePool(limit: 0)
    #expect(pool.limit == 1)
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      let cache = pool.take()
      pool.put(cache)
    }
    #expect(pool.count == 1)
  }

  @Test("a tagger used from several threads gives the spans of one thread")
  func taggerThreads() throws {
    let tagger = EntityTagger(model: try NERModel(path: try #require(EntityTagger.bundledModelPath)))
    let texts = EntityNameCacheTests.texts
    let expected = texts.map { tagger.tag($0) }
    let lock = NSLock()
    nonisolated(unsafe) var mismatches = 0
    DispatchQueue.concurrentPerform(iterations: 4 * texts.count) { i in
      let spans = tagger.tag(texts[i % texts.count])
      if spans != expected[i % texts.count] {
        lock.lock()
        mismatches += 1
        lock.unlock()
      }
    }
    #expect(mismatches == 0)
  }
}
