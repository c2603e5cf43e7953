import Foundation
import Indexer
import TestSupport
import Testing

/// End-to-end tests of the `seek` binary without a daemon: every command, output format, exit status and error.
@Suite(.serialized) struct CLITests {
  /// Indexes the bundled Fixtures into a fresh index.
  static func fixturesIndex() throws -> String {
    let index = Fixtures.temporaryDirectory("seek-cli") + "/index"
    let out = try Binaries.run("seek", ["index", "--index", index, "--no-entities", Fixtures.directory])
    #expect(out.status == 0, "seek index failed: \(out.stderr)")
    return index
  }

  @Test func indexThenSearchFindsRankedHitsWithPositions() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let out = try Binaries.run("seek", ["search", "--index", index, "export controls"])
    #expect(out.status == 0)
    #expect(out.stdout.contains("1. "))
    #expect(out.stdout.contains("matches in"))
    #expect(out.stdout.contains(Fixtures.directory))
  }

  @Test func indexingLeavesMergedSegmentsAndNoStrayFiles() throws {
    let root = Fixtures.temporaryDirectory("seek-cli-merge")
    defer { Fixtures.removeTree(root) }
    try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
    for i in 0..<30 { Fixtures.write(root + "/docs/f\(i).txt", "Document \(i) about merges, word\(i % 4).\n") }
    // A commit, hence a segment, per file: merges fall due along the way and at the end.
    let out = try Binaries.run(
      "seek", ["index", "--index", root + "/index", "--no-entities", "--commit-every", "1", root + "/docs"])
    #expect(out.status == 0, "\(out.stderr)")
    let report = IndexChecker.check(directory: root + "/index")
    #expect(report.isHealthy, "\(report.summary)")
    #expect(report.unreferencedFiles.isEmpty, "a merge's output was left behind: \(report.unreferencedFiles)")
    let reader = try IndexReader.open(directory: root + "/index")
    #expect(reader.liveCount == 30)
    #expect(reader.segments.count < 10, "\(reader.segments.count) segments: the due merges did not run")
  }

  @Test func jsonOutputIsOneObjectPerLineThenASummary() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let out = try Binaries.run("seek", ["search", "--index", index, "--json", "--limit", "3", "deepseek"])
    #expect(out.status == 0)
    let lines = out.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    for line in lines.dropLast() {
      let hit = try JSONValue.parse(line)
      #expect(hit["type"]?.stringValue == "hit")
      for key in ["rank", "id", "path", "title", "score", "line", "column", "snippet", "highlights", "entities"] {
        #expect(hit[key] != nil, "hit lacks \(key)")
      }
    }
    let summary = try JSONValue.parse(lines.last!)
    #expect(summary["type"]?.stringValue == "summary")
    #expect((summary["total"]?.intValue ?? 0) >= 3)
    #expect(summary["took_us"]?.intValue != nil)
    #expect(summary["facets"] != nil)
  }

  @Test func vimgrepLinesPointAtTheMatch() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let out = try Binaries.run("seek", ["search", "--index", index, "--vimgrep", "Zhengfei"])
    #expect(out.status == 0)
    let line = try #require(out.stdout.split(separator: "\n").first.map(String.init))
    let parts = line.split(separator: ":", maxSplits: 3).map(String.init)
    #expect(parts[0] == Fixtures.path("seed-article.txt"))
    let lineNumber = try #require(Int(parts[1]))
    let column = try #require(Int(parts[2]))
    let text = try String(contentsOfFile: parts[0], encoding: .utf8)
    let sourceLine = Array(text.split(separator: "\n", omittingEmptySubsequences: false)[lineNumber - 1].utf8)
    #expect(String(decoding: sourceLine[(column - 1)...].prefix(8), as: UTF8.self) == "Zhengfei")
  }

  @Test func laterPagesSayWhichRanksTheyShowAndStatsOmitsZeroDeletions() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let all = try Binaries.run("seek", ["search", "--index", index, "--json", "--limit", "100", "deepseek"])
    let total = all.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"hit\"") }.count
    #expect(total >= 4)
    let first = try Binaries.run("seek", ["search", "--index", index, "--limit", "2", "deepseek"])
    #expect(first.stdout.contains("\n2 of \(total) matches in "), "\(first.stdout)")
    let last = try Binaries.run(
      "seek", ["search", "--index", index, "--offset", String(total - 2), "--limit", "2", "deepseek"])
    #expect(last.stdout.contains("\n\(total - 1)-\(total) of \(total) matches in "), "\(last.stdout)")
    let stats = try Binaries.run("seek", ["stats", "--index", index])
    #expect(stats.stdout.contains("documents  30\n"), "\(stats.stdout)")
  }

  @Test func noMatchExitsOneAndErrorsExitTwo() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let none = try Binaries.run("seek", ["search", "--index", index, "qwertyuiopzz"])
    #expect(none.status == 1)
    let missing = try Binaries.run("seek", ["search", "--index", "/nonexistent/seek-index", "x"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no index at /nonexistent/seek-index"))
    #expect(missing.stderr.split(separator: "\n").count == 1)
    let bad = try Binaries.run("seek", ["search", "--index", index, "--strict", "\"unclosed"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("column"))
    let lenient = try Binaries.run("seek", ["search", "--index", index, "\"export controls"])
    #expect(lenient.status == 0)
    let usage = try Binaries.run("seek", ["search", "--index", index, "--limit", "-3", "x"])
    #expect(usage.status == 2)
    let nothing = try Binaries.run("seek", [])
    #expect(nothing.status == 2 && nothing.stdout.isEmpty)
    #expect(nothing.stderr.contains("USAGE: seek <subcommand>"), "\(nothing.stderr)")
  }

  @Test func unreadableAndBinaryFilesAreReportedWithoutStoppingTheRun() throws {
    let root = Fixtures.temporaryDirectory("seek-cli")
    defer { Fixtures.removeTree(root) }
    try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
    Fixtures.write(root + "/docs/good.txt", "Huawei and BeiDou\n")
    Fixtures.write(root + "/docs/blob.txt", [0x41, 0, 0x42])
    let out = try Binaries.run(
      "seek", ["index", "--index", root + "/index", "--json", root + "/docs", root + "/nope.txt"])
    #expect(out.status == 0)
    let summary = try JSONValue.parse(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(summary["added"]?.intValue == 1)
    #expect(summary["skipped"]?.arrayValue?.first?["reason"]?.stringValue?.contains("binary") == true)
    #expect(summary["failed"]?.arrayValue?.first?["path"]?.stringValue == root + "/nope.txt")
  }

  @Test func lockedIndexNamesTheHolder() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let writer = try IndexWriter(directory: index)
    defer { writer.close() }
    let out = try Binaries.run("seek", ["index", "--index", index, Fixtures.directory])
    #expect(out.status == 2)
    #expect(out.stderr.contains("locked"))
    #expect(out.stderr.contains("\(getpid())"))
  }

  @Test func removeCheckStatsShowAndExtract() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let seed = Fixtures.path("seed-article.txt")
    let show = try Binaries.run("seek", ["show", "--index", index, seed])
    #expect(show.status == 0 && show.stdout.contains("path        \(seed)"))
    let check = try Binaries.run("seek", ["check", "--index", index])
    #expect(check.status == 0)
    let stats = try Binaries.run("seek", ["stats", "--index", index, "--json"])
    let before = try JSONValue.parse(stats.stdout)["documents"]?.intValue ?? 0
    #expect(before > 10)
    let remove = try Binaries.run("seek", ["remove", "--index", index, seed])
    #expect(remove.status == 0)
    let after = try JSONValue.parse(try Binaries.run("seek", ["stats", "--index", index, "--json"]).stdout)
    #expect(after["documents"]?.intValue == before - 1)
    #expect(try Binaries.run("seek", ["search", "--index", index, "Zhengfei"]).status == 1)
    let extract = try Binaries.run("seek", ["extract", "--json", seed])
    #expect(try JSONValue.parse(extract.stdout)["id"]?.stringValue == seed)
    let help = try Binaries.run("seek", ["help", "query"])
    #expect(help.status == 0 && help.stdout.contains("date:"))
    // Printed as written (docs/query-language.md), not re-wrapped by the help formatter: every table row whole.
    #expect(help.stdout == (try Binaries.run("seek", ["query"])).stdout)
    let row = "| `\"export controls\"` | the exact phrase, words next to each other in this order |"
    #expect(help.stdout.contains(row))
  }

  @Test func indexNamesTheFileAndLineOfAMalformedRecord() throws {
    let index = Fixtures.temporaryDirectory("seek-cli") + "/index"
    defer { Fixtures.removeTree(index + "/..") }
    let broken = Fixtures.path("ndjson/broken.jsonl")
    // Line 2 of the fixture is not JSON: the run goes on (its other records are indexed) and says where.
    let out = try Binaries.run("seek", ["index", "--index", index, "--no-entities", Fixtures.directory])
    #expect(out.status == 0)
    #expect(out.stderr.contains("seek: skipped part of \(broken):2:"), "stderr: \(out.stderr)")
    #expect(out.stderr.contains("line skipped"))
    #expect(try Binaries.run("seek", ["search", "--index", index, "lithography"]).status == 0)
    let again = Fixtures.temporaryDirectory("seek-cli") + "/index"
    defer { Fixtures.removeTree(again + "/..") }
    let json = try Binaries.run("seek", ["index", "--index", again, "--no-entities", "--json", broken])
    let parts = try #require(try JSONValue.parse(json.stdout)["skipped_parts"]?.arrayValue)
    #expect(parts.count == 1)
    #expect(parts.first?["path"]?.stringValue == broken && parts.first?["line"]?.intValue == 2)
  }

  @Test func hitsWithoutABodyMatchPointAtTheStartOfTheirText() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    // A filter-only query matches no body word: each feed item's position is its own text, not the file's 1:1.
    let out = try Binaries.run("seek", ["search", "--index", index, "--vimgrep", "--limit", "50", "type:feed"])
    #expect(out.status == 0)
    let lines = out.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count >= 5)
    for line in lines {
      let parts = line.split(separator: ":", maxSplits: 3).map(String.init)
      let (lineNumber, column) = (try #require(Int(parts[1])), try #require(Int(parts[2])))
      #expect(lineNumber > 1, "\(line)")
      let text = try String(contentsOfFile: parts[0], encoding: .utf8)
      let sourceLine = Array(text.split(separator: "\n", omittingEmptySubsequences: false)[lineNumber - 1].utf8)
      let firstWord = try #require(parts[3].split(separator: " ").first)
      let atPosition = String(decoding: sourceLine[(column - 1)...].prefix(firstWord.utf8.count), as: UTF8.self)
      #expect(atPosition == firstWord, "\(line)")
    }
  }

  @Test func indexRefusesANamedPipeAtOnce() throws {
    let root = Fixtures.temporaryDirectory("seek-cli")
    defer { Fixtures.removeTree(root) }
    let fifo = root + "/pipe.txt"
    #expect(mkfifo(fifo, 0o644) == 0)
    // A writer that comes after 10 s would end a blocked read: the run must be over long before.
    let started = Date()
    let writer = Thread {
      usleep(10_000_000)
      let fd = open(fifo, O_WRONLY | O_NONBLOCK)
      if fd >= 0 { close(fd) }
    }
    writer.start()
    let out = try Binaries.run("seek", ["index", "--index", root + "/index", fifo])
    #expect(Date().timeIntervalSince(started) < 8, "seek index waited on the FIFO")
    #expect(out.status == 2)
    #expect(out.stderr.contains("\(fifo) is a named pipe"), "stderr: \(out.stderr)")
  }

  @Test func checkOfADamagedIndexSaysHowToRebuild() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    Fixtures.write(index + "/MANIFEST", "garbage\n")
    let out = try Binaries.run("seek", ["check", "--index", index])
    #expect(out.status == 2)
    #expect(out.stderr.contains("MANIFEST"), "\(out.stderr)")
    #expect(out.stderr.contains("remove \(index) and run `seek index` on your folders again"), "\(out.stderr)")
  }

  @Test func aQueryStartingWithAMinusIsAQuery() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    // docs/query-language.md: "A query with only exclusions (`-draft`) matches every document except the excluded
    // ones" — on the command line too, before or after the options, and from Vim's :grep.
    for arguments in [["-tiktok", "--vimgrep", "--limit", "50"], ["--vimgrep", "--limit", "50", "-tiktok"]] {
      let out = try Binaries.run("seek", ["search", "--index", index] + arguments)
      #expect(out.status == 0, "\(arguments): \(out.stderr)")
      let lines = out.stdout.split(separator: "\n")
      #expect(lines.count > 10, "\(arguments)")
      #expect(!lines.contains { $0.lowercased().contains("tiktok") }, "\(arguments)")
    }
    let words = try Binaries.run("seek", ["search", "--index", index, "--explain", "-\"trade war\"", "chips"])
    #expect(words.stdout == "chips -\"trade war\"\n", "\(words.stderr)")
    let entities = try Binaries.run("seek", ["entities", "--index", index, "--json", "-tiktok", "--type", "org"])
    #expect(entities.status == 0, "\(entities.stderr)")
    #expect(try JSONValue.parse(entities.stdout)["entities"]?.objectValue != nil)  // an index without entities
    // A mistyped option is still an error, not a word.
    let typo = try Binaries.run("seek", ["search", "--index", index, "--limt", "3", "-tiktok"])
    #expect(typo.status == 2 && typo.stderr.contains("Unknown option '--limt'"), "\(typo.stderr)")
  }

  @Test func colorFollowsTheFlagAndNoColor() throws {
    let index = try Self.fixturesIndex()
    defer { Fixtures.removeTree(index + "/..") }
    let always = try Binaries.run("seek", ["search", "--index", index, "--color", "always", "deepseek"])
    #expect(always.stdout.contains("\u{1B}["))
    // Not a terminal, so auto means no color; NO_COLOR (set by Binaries.run) also turns it off.
    let auto = try Binaries.run("seek", ["search", "--index", index, "deepseek"])
    #expect(!auto.stdout.contains("\u{1B}["))
    let never = try Binaries.run("seek", ["search", "--index", index, "--color", "never", "deepseek"])
    #expect(!never.stdout.contains("\u{1B}["))
    let bad = try Binaries.run("seek", ["search", "--index", index, "--color", "sometimes", "deepseek"])
    #expect(bad.status == 2)
  }
}
