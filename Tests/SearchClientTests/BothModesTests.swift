import Foundation
import Indexer
import TestSupport
import Testing

/// Every command gives the same answers with and without a running daemon.
@Suite(.serialized) struct BothModesTests {
  /// Runs a command in direct mode (no daemon) and in daemon mode, returning both outputs.
  static func both(_ arguments: [String], env: [String: String], daemon: () throws -> Void) throws -> (
    direct: Binaries.Output, routed: Binaries.Output
  ) {
    let direct = try Binaries.run("seek", arguments, environment: env)
    try daemon()
    let routed = try Binaries.run("seek", arguments, environment: env)
    _ = try Binaries.run("seek", ["daemon", "stop"], environment: env)
    return (direct, routed)
  }

  @Test func readCommandsAgreeInBothModes() throws {
    let root = Fixtures.temporaryDirectory("seek-modes")
    defer { Fixtures.removeTree(root) }
    let env = ["SEEK_INDEX": root + "/idx"]
    #expect(try Binaries.run("seek", ["index", Fixtures.directory], environment: env).status == 0)
    let start = { () throws -> Void in
      let s = try Binaries.run("seek", ["daemon", "start"], environment: env)
      #expect(s.status == 0, "\(s.stderr)")
    }
    let seed = Fixtures.path("seed-article.txt")
    let commands: [[String]] = [
      ["search", "--json", "export controls"],
      ["search", "--vimgrep", "huawei"],
      ["search", "org:tencent"],
      ["entities", "--type", "person", "--json"],
      ["entities", "--json", "deepseek"],
      ["show", "--json", seed],
    ]
    for command in commands {
      let (direct, routed) = try Self.both(command, env: env, daemon: start)
      #expect(direct.status == 0, "\(command): \(direct.stderr)")
      #expect(routed.status == 0, "\(command) via seekd: \(routed.stderr)")
      #expect(Self.normalized(direct.stdout) == Self.normalized(routed.stdout), "\(command) differs between modes")
    }
    // Errors are the same one-line messages and exit statuses.
    let (direct, routed) = try Self.both(["search", "--strict", "(export"], env: env, daemon: start)
    #expect(direct.status == 2 && routed.status == 2)
    #expect(direct.stderr.contains("column") && routed.stderr.contains("column"))
    let (noneDirect, noneRouted) = try Self.both(["search", "zzzyyyxxx"], env: env, daemon: start)
    #expect(noneDirect.status == 1 && noneRouted.status == 1)
    let (showDirect, showRouted) = try Self.both(["show", "/no/such/doc"], env: env, daemon: start)
    #expect(showDirect.status == 2 && showRouted.status == 2)
  }

  @Test func indexReportsAMalformedRecordInBothModes() throws {
    let root = Fixtures.temporaryDirectory("seek-modes")
    defer { Fixtures.removeTree(root) }
    let copy = root + "/records.jsonl"
    let broken = try String(contentsOfFile: Fixtures.path("ndjson/broken.jsonl"), encoding: .utf8)
    Fixtures.write(copy, broken)
    let direct = try Binaries.run("seek", ["index", copy], environment: ["SEEK_INDEX": root + "/direct"])
    let env = ["SEEK_INDEX": root + "/routed"]
    #expect(try Binaries.run("seek", ["daemon", "start", "--no-entities"], environment: env).status == 0)
    defer { _ = try? Binaries.run("seek", ["daemon", "stop"], environment: env) }
    let routed = try Binaries.run("seek", ["index", copy], environment: env)
    for out in [direct, routed] {
      #expect(out.status == 0)
      #expect(out.stderr.contains("seek: skipped part of \(copy):2:"), "stderr: \(out.stderr)")
    }
  }

  /// Output without timings (they differ run to run).
  static func normalized(_ text: String) -> String {
    text.replacingOccurrences(of: #""took_us":\d+"#, with: "", options: .regularExpression)
      .replacingOccurrences(of: #"in \d+\.\d+ ms"#, with: "", options: .regularExpression)
  }
}
