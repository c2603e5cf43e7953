import Foundation
import Indexer
import TestSupport
import Testing

/// `seek daemon start|status|stop`, `seek watch` and `seek completions` against a real seekd.
@Suite(.serialized) struct DaemonCommandTests {
  @Test func startWatchSearchStop() throws {
    let root = Fixtures.temporaryDirectory("seek-daemon")
    defer { Fixtures.removeTree(root) }
    let index = root + "/idx"
    let docs = root + "/docs"
    try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
    let env = ["SEEK_INDEX": index]
    let start = try Binaries.run("seek", ["daemon", "start", "--no-entities"], environment: env)
    #expect(start.status == 0, "\(start.stderr)")
    #expect(start.stdout.contains("seekd started"))
    defer { _ = try? Binaries.run("seek", ["daemon", "stop"], environment: env) }
    let again = try Binaries.run("seek", ["daemon", "start"], environment: env)
    #expect(again.stdout.contains("already runs"))
    let watch = try Binaries.run("seek", ["watch", docs], environment: env)
    #expect(watch.status == 0, "\(watch.stderr)")
    #expect(watch.stdout == "watching \(docs): 1 folder, 0 files\n", "for people, not JSON")
    let sub = docs + "/sub"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    let covered = try Binaries.run("seek", ["watch", "--json", sub], environment: env)
    let entry = try #require(try JSONValue.parse(covered.stdout)["watching"]?.arrayValue?.first)
    #expect(entry["path"]?.stringValue == sub && entry["root"]?.stringValue == docs)
    let stopSub = try Binaries.run("seek", ["watch", "--stop", docs], environment: env)
    #expect(stopSub.stdout == "stopped watching \(docs)\n")
    #expect(try Binaries.run("seek", ["watch", docs], environment: env).status == 0)
    Fixtures.write(docs + "/note.md", "# BeiDou\n\nNavigation satellites.\n")
    var found: Int32 = 1
    for _ in 0..<40 where found != 0 {
      usleep(100_000)
      found = try Binaries.run("seek", ["search", "beidou"], environment: env).status
    }
    #expect(found == 0)
    let status = try Binaries.run("seek", ["daemon", "status"], environment: env)
    #expect(status.stdout.contains("daemon     running"))
    #expect(status.stdout.contains("watching   \(docs)"))
    let stop = try Binaries.run("seek", ["daemon", "stop"], environment: env)
    #expect(stop.status == 0)
    let after = try Binaries.run("seek", ["status"], environment: env)
    #expect(after.stdout.contains("not running"))
    // Without the daemon, the index it committed is searched directly.
    #expect(try Binaries.run("seek", ["search", "beidou"], environment: env).status == 0)
    let noDaemon = try Binaries.run("seek", ["watch", docs], environment: env)
    #expect(noDaemon.status == 2 && noDaemon.stderr.contains("seek daemon start"))
  }

  @Test func commandsFindADaemonStartedOnAnotherSocket() throws {
    let root = Fixtures.temporaryDirectory("seek-daemon")
    defer { Fixtures.removeTree(root) }
    let index = root + "/idx"
    let socket = root + "/custom.sock"
    let env = ["SEEK_INDEX": index]
    let start = try Binaries.run("seek", ["daemon", "start", "--no-entities", "--socket", socket], environment: env)
    #expect(start.status == 0, "\(start.stderr)")
    defer { _ = try? Binaries.run("seek", ["daemon", "stop", "--socket", socket], environment: env) }
    // No --socket: the socket the daemon recorded in INDEX/seekd.pid is used, so commands go through it (the
    // index's writer lock is the daemon's; writing directly would fail).
    let status = try Binaries.run("seek", ["status"], environment: env)
    #expect(status.stdout.contains("daemon     running"), "\(status.stdout)")
    #expect(status.stdout.contains(socket))
    let indexed = try Binaries.run("seek", ["index", Fixtures.path("seed-article.txt")], environment: env)
    #expect(indexed.status == 0, "\(indexed.stderr)")
    #expect(try Binaries.run("seek", ["search", "Zhengfei"], environment: env).status == 0)
    let stop = try Binaries.run("seek", ["daemon", "stop"], environment: env)
    #expect(stop.status == 0, "\(stop.stderr)")
    // Once it has stopped, the recorded socket is gone and commands work on the index directly.
    let after = try Binaries.run("seek", ["status"], environment: env)
    #expect(after.stdout.contains("not running"), "\(after.stdout)")
    #expect(after.stdout.contains("start one with `seek daemon start`"), "the command the README gives")
    #expect(try Binaries.run("seek", ["search", "Zhengfei"], environment: env).status == 0)
  }

  @Test func completionScripts() throws {
    for shell in ["bash", "zsh", "fish"] {
      let out = try Binaries.run("seek", ["completions", shell])
      #expect(out.status == 0 && out.stdout.contains("seek"))
    }
    #expect(try Binaries.run("seek", ["completions", "tcsh"]).status == 2)
  }
}
