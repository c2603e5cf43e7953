import Foundation
import Indexer
import SeekProtocol
import TestSupport
import Testing

/// The `watch`/`unwatch` methods and watch status of a real seekd.
@Suite(.serialized)
struct WatchEndToEndTests {
  @Test func watchAndUnwatchFolders() throws {
    let folder = Fixtures.temporaryDirectory("seekd-watched")
    defer { Fixtures.removeTree(folder) }
    mkdir(folder + "/sub", 0o755)
    Fixtures.write(folder + "/a.txt", "a")
    Fixtures.write(folder + "/sub/b.txt", "b")
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let result = try client.call(RPCMethod.watch, params: .object([("paths", .array([.string(folder)]))]))
    let entry = result["watching"]?.arrayValue?.first
    #expect(entry?["directories"]?.intValue == 2)
    #expect(entry?["files"]?.intValue == 2)
    Fixtures.write(folder + "/sub/c.txt", "c")
    var files = 0
    for _ in 0..<100 where files != 3 {
      files = try client.call(RPCMethod.status)["watches"]?.arrayValue?.first?["files"]?.intValue ?? 0
      usleep(20_000)
    }
    #expect(files == 3)
    // The change reached the indexer's side as a batch.
    var batches = 0
    for _ in 0..<100 where batches == 0 {
      batches = try client.call(RPCMethod.status)["watch_batches"]?.intValue ?? 0
      usleep(20_000)
    }
    #expect(batches >= 1)
    let removed = try client.call(RPCMethod.unwatch, params: .object([("paths", .array([.string(folder)]))]))
    #expect(removed["unwatched"]?.arrayValue?.count == 1)
    #expect(try client.call(RPCMethod.status)["watches"]?.arrayValue?.isEmpty == true)
    do {
      _ = try client.call(RPCMethod.unwatch, params: .object([("paths", .array([.string(folder)]))]))
      Issue.record("unwatching an unwatched folder must fail")
    } catch let e as RPCError {
      #expect(e.code == RPCErrorCode.invalidParams)
    }
  }

  @Test func liveChangesReachTheIndexerWithinTwoSeconds() throws {
    let folder = String(cString: realpath(Fixtures.temporaryDirectory("seekd-live"), nil))
    defer { Fixtures.removeTree(folder) }
    Fixtures.write(folder + "/old.txt", "old")
    let daemon = try DaemonProcess(arguments: ["--watch", folder])
    let client = try daemon.client()
    func expectChanges(_ expected: Set<String>, _ what: String) throws {
      let start = Date()
      var seen = Set<String>()
      while Date().timeIntervalSince(start) < 2 && !expected.isSubset(of: seen) {
        for c in try client.call(RPCMethod.testChanges)["changes"]?.arrayValue ?? [] {
          seen.insert((c["kind"]?.stringValue ?? "") + " " + (c["path"]?.stringValue ?? ""))
        }
        usleep(20_000)
      }
      #expect(expected.isSubset(of: seen), "\(what): saw \(seen)")
    }
    try expectChanges(["upsert \(folder)/old.txt"], "initial scan")
    Fixtures.write(folder + "/new.txt", "new")
    try expectChanges(["upsert \(folder)/new.txt"], "create")
    Fixtures.write(folder + "/new.txt", "newer")
    try expectChanges(["upsert \(folder)/new.txt"], "modify")
    #expect(rename(folder + "/new.txt", folder + "/renamed.txt") == 0)
    try expectChanges(["remove \(folder)/new.txt", "upsert \(folder)/renamed.txt"], "rename")
    #expect(unlink(folder + "/old.txt") == 0)
    try expectChanges(["remove \(folder)/old.txt"], "delete")
    mkdir(folder + "/sub", 0o755)
    Fixtures.write(folder + "/sub/inner.txt", "inner")
    try expectChanges(["upsert \(folder)/sub/inner.txt"], "new folder")
  }

  @Test func watchOptionAndWatchLimitInStatus() throws {
    let folder = Fixtures.temporaryDirectory("seekd-limit")
    defer { Fixtures.removeTree(folder) }
    for d in ["x", "y", "z"] { mkdir(folder + "/" + d, 0o755) }
    let daemon = try DaemonProcess(arguments: ["--watch", folder], environment: ["SEEKD_TEST_WATCH_LIMIT": "2"])
    let status = try daemon.client().call(RPCMethod.status)
    let errors = status["watch_errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
    #expect(errors.count == 1)
    #expect(errors.first?.contains("sudo sysctl fs.inotify.max_user_watches=") == true)
    #expect(status["watches"]?.arrayValue?.first?["directories"]?.intValue == 2)
    #expect(daemon.log.contains("max_user_watches"))
  }
}
