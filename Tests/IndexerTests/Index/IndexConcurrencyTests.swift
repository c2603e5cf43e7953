import Foundation
import Indexer
import Testing

/// Readers reopening snapshots while a writer updates, commits and merges: every snapshot is one whole commit.
@Suite struct IndexConcurrencyTests {
  @Test func readersAlwaysSeeWholeCommits() throws {
    let dir = TemporaryIndex()
    let docs = 30
    let writer = try IndexWriter(directory: dir.path, options: IndexWriter.Options(mergeFactor: 3, sync: false))
    for i in 0..<docs { try writer.add(IndexTestDocs.document(id: "d\(i)", body: "v0 text \(i)")) }
    try writer.commit()
    let versions = 25
    let failures = Failures()
    let done = Flag()
    let path = dir.path
    let readers = (0..<2).map { _ in
      Thread {
        do {
          var reader = try IndexReader.open(directory: path)
          var checks = 0
          while !done.value || checks < 5 {
            reader = try reader.reopen()
            // Exactly one version is live, on every document.
            if reader.liveCount != docs { failures.add("live \(reader.liveCount) at gen \(reader.generation)") }
            var liveVersions = 0
            for v in 0...versions {
              var count = 0
              for s in reader.segments {
                guard let it = s.postings(.body, "v\(v)") else { continue }
                while it.nextDoc() != PostingsIterator.noMoreDocs { if !s.isDeleted(it.doc) { count += 1 } }
              }
              if count == docs { liveVersions += 1 } else if count != 0 { failures.add("v\(v): \(count) live docs") }
            }
            if liveVersions != 1 { failures.add("\(liveVersions) versions live at gen \(reader.generation)") }
            if let a = reader.find(id: "d7"), try !reader.storedDocument(a).body.hasPrefix("v") {
              failures.add("bad stored doc")
            }
            checks += 1
          }
        } catch {
          failures.add("reader: \(error)")
        }
        done.finishReader()
      }
    }
    for r in readers { r.start() }
    for v in 1...versions {
      for i in 0..<docs { try writer.update(IndexTestDocs.document(id: "d\(i)", body: "v\(v) text \(i)")) }
      if v % 5 == 0 { try writer.flush() }
      try writer.commit()
    }
    done.value = true
    while done.readersFinished < readers.count { usleep(1000) }
    #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
    #expect(IndexChecker.check(directory: dir.path).isHealthy)
  }
}

private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func add(_ s: String) {
    lock.lock()
    items.append(s)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items
  }
}

private final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var flag = false
  private var finished = 0
  var value: Bool {
    get {
      lock.lock()
      defer { lock.unlock() }
      return flag
    }
    set {
      lock.lock()
      flag = newValue
      lock.unlock()
    }
  }
  func finishReader() {
    lock.lock()
    finished += 1
    lock.unlock()
  }
  var readersFinished: Int {
    lock.lock()
    defer { lock.unlock() }
    return finished
  }
}
