import Foundation
import Logging
import TestSupport
import Testing

@testable import SearchDaemon

#if canImport(Glibc)
  import Glibc
#endif

/// The inotify watcher, used directly: every kind of change arrives batched within 2 s.
@Suite(.serialized)
struct InotifyWatcherTests {
  let root: String
  let collector = BatchCollector()
  let watcher: InotifyWatcher

  init() throws {
    let dir = Fixtures.temporaryDirectory("seek-watch")
    root = String(cString: realpath(dir, nil))
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let collector = self.collector
    watcher = try InotifyWatcher(quietPeriod: 0.2, maxLatency: 1.0, logger: logger) { collector.add($0) }
    watcher.start()
  }

  private func write(_ name: String, _ text: String = "x") { Fixtures.write(root + "/" + name, text) }

  @Test func initialScanReportsExistingFiles() throws {
    defer { cleanUp() }
    mkdir(root + "/a", 0o755)
    write("a/one.txt")
    write("two.txt")
    write(".hidden")
    write("b.swp")
    write("c~")
    try watcher.add(root: root)
    #expect(collector.wait(for: [.upsert(root + "/a/one.txt"), .upsert(root + "/two.txt")]))
    usleep(300_000)
    #expect(Set(collector.changes.map(\.path)) == [root + "/a/one.txt", root + "/two.txt"])
    let status = watcher.status
    #expect(status.roots.first?.directories == 2)
    #expect(status.roots.first?.files == 2)
  }

  @Test func createModifyDeleteRename() throws {
    defer { cleanUp() }
    try watcher.add(root: root)
    usleep(300_000)
    collector.reset()
    let start = Date()
    write("new.txt", "hello")
    #expect(collector.wait(for: [.upsert(root + "/new.txt")]))
    #expect(Date().timeIntervalSince(start) < 2)
    collector.reset()
    write("new.txt", "changed")
    #expect(collector.wait(for: [.upsert(root + "/new.txt")]))
    collector.reset()
    #expect(rename(root + "/new.txt", root + "/renamed.txt") == 0)
    #expect(collector.wait(for: [.remove(root + "/new.txt"), .upsert(root + "/renamed.txt")]))
    collector.reset()
    #expect(unlink(root + "/renamed.txt") == 0)
    #expect(collector.wait(for: [.remove(root + "/renamed.txt")]))
    collector.reset()
    write(".secret")
    write("draft.txt~")
    write("notes.swp")
    usleep(600_000)
    #expect(collector.changes.isEmpty)
  }

  @Test func newSubdirectoriesAreWatchedAndScanned() throws {
    defer { cleanUp() }
    try watcher.add(root: root)
    usleep(300_000)
    collector.reset()
    mkdir(root + "/sub", 0o755)
    mkdir(root + "/sub/deeper", 0o755)
    write("sub/a.txt")
    write("sub/deeper/b.txt")
    #expect(collector.wait(for: [.upsert(root + "/sub/a.txt"), .upsert(root + "/sub/deeper/b.txt")]))
    collector.reset()
    // The new folders are watched: later changes inside them are seen.
    write("sub/deeper/c.txt")
    #expect(collector.wait(for: [.upsert(root + "/sub/deeper/c.txt")]))
    collector.reset()
    // A folder renamed inside the tree: files move.
    #expect(rename(root + "/sub", root + "/moved") == 0)
    #expect(
      collector.wait(for: [
        .remove(root + "/sub/a.txt"), .upsert(root + "/moved/a.txt"), .remove(root + "/sub/deeper/c.txt"),
        .upsert(root + "/moved/deeper/c.txt"),
      ]))
    collector.reset()
    write("moved/deeper/d.txt")
    #expect(collector.wait(for: [.upsert(root + "/moved/deeper/d.txt")]))
    collector.reset()
    // A folder moved out of the tree: its files are removed.
    let outside = Fixtures.temporaryDirectory("seek-watch-out")
    defer { Fixtures.removeTree(outside) }
    #expect(rename(root + "/moved", outside + "/gone") == 0)
    #expect(
      collector.wait(for: [.remove(root + "/moved/a.txt"), .remove(root + "/moved/deeper/d.txt")]))
    // A folder moved in from outside: its files are upserted.
    collector.reset()
    #expect(rename(outside + "/gone", root + "/back") == 0)
    #expect(collector.wait(for: [.upsert(root + "/back/a.txt"), .upsert(root + "/back/deeper/d.txt")]))
    // A folder deleted: its files are removed.
    collector.reset()
    Fixtures.removeTree(root + "/back")
    #expect(collector.wait(for: [.remove(root + "/back/a.txt"), .remove(root + "/back/deeper/d.txt")]))
  }

  @Test func burstsAreDebounced() throws {
    defer { cleanUp() }
    try watcher.add(root: root)
    usleep(300_000)
    collector.reset()
    for i in 0..<50 { write("f\(i % 10).txt", "\(i)") }
    #expect(collector.wait(for: Set((0..<10).map { .upsert(root + "/f\($0).txt") })))
    usleep(400_000)
    #expect(collector.all.count <= 2)
    #expect(collector.changes.count == 10)
  }

  @Test func queueOverflowRescans() throws {
    defer { cleanUp() }
    write("kept.txt")
    write("lost.txt")
    try watcher.add(root: root)
    #expect(collector.wait(for: [.upsert(root + "/kept.txt"), .upsert(root + "/lost.txt")]))
    usleep(300_000)
    // Changes the kernel could not report: the rescan finds them.
    let lost = root + "/lost.txt"
    let fresh = root + "/fresh.txt"
    #expect(unlink(lost) == 0)
    Fixtures.write(fresh, "new")
    #expect(collector.wait(for: [.remove(lost), .upsert(fresh)]))
    usleep(300_000)
    collector.reset()
    // Forget what the events told (as if dropped), then overflow.
    watcher.inject([InotifyEvent(wd: -1, mask: InotifyMask.queueOverflow, cookie: 0, name: "")])
    #expect(collector.wait(for: [.upsert(root + "/kept.txt"), .upsert(fresh)]))
    #expect(!collector.changes.contains(.upsert(lost)))
  }

  @Test func symbolicLinksAreNotFollowed() throws {
    defer { cleanUp() }
    try watcher.add(root: root)
    usleep(300_000)
    collector.reset()
    let outside = Fixtures.temporaryDirectory("seek-watch-link")
    defer { Fixtures.removeTree(outside) }
    Fixtures.write(outside + "/target.txt", "t")
    #expect(symlink(outside, root + "/dirlink") == 0)
    #expect(symlink(outside + "/target.txt", root + "/filelink") == 0)
    write("real.txt")
    #expect(collector.wait(for: [.upsert(root + "/real.txt")]))
    usleep(300_000)
    #expect(Set(collector.changes.map(\.path)) == [root + "/real.txt"])
  }

  @Test func watchLimitIsReportedWithTheSysctl() throws {
    defer { cleanUp() }
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let limited = try InotifyWatcher(watchLimit: 1, logger: logger) { _ in }
    mkdir(root + "/x", 0o755)
    mkdir(root + "/y", 0o755)
    try limited.add(root: root)
    let status = limited.status
    #expect(status.errors.count == 1)
    #expect(status.errors.first?.contains("sudo sysctl fs.inotify.max_user_watches=") == true)
    #expect(status.roots.first?.directories == 1)
  }

  @Test func parsesEventsByOffset() {
    var bytes: [UInt8] = []
    func append(_ wd: Int32, _ mask: UInt32, _ cookie: UInt32, _ name: String, padTo: Int) {
      withUnsafeBytes(of: wd.littleEndian) { bytes += $0 }
      withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
      withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
      withUnsafeBytes(of: UInt32(padTo).littleEndian) { bytes += $0 }
      var n = Array(name.utf8)
      n += [UInt8](repeating: 0, count: padTo - n.count)
      bytes += n
    }
    append(3, InotifyMask.create, 0, "a.txt", padTo: 16)
    append(4, InotifyMask.movedFrom | InotifyMask.isDir, 77, "dir", padTo: 32)
    append(-1, InotifyMask.queueOverflow, 0, "", padTo: 0)
    let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
    #expect(
      events == [
        InotifyEvent(wd: 3, mask: InotifyMask.create, cookie: 0, name: "a.txt"),
        InotifyEvent(wd: 4, mask: InotifyMask.movedFrom | InotifyMask.isDir, cookie: 77, name: "dir"),
        InotifyEvent(wd: -1, mask: InotifyMask.queueOverflow, cookie: 0, name: ""),
      ])
    // A truncated tail is ignored.
    let cut = Array(bytes.prefix(20))
    #expect(cut.withUnsafeBytes { InotifyEvent.parse($0) }.isEmpty)
  }

  private func cleanUp() {
    watcher.stop()
    Fixtures.removeTree(root)
  }
}
