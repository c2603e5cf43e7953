import Foundation
import Indexer
import SeekProtocol
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The engine behind a real seekd: indexing through the socket, searching, documents, entities, notifications,
/// and watched folders whose changes search follows.
@Suite(.serialized)
struct EngineEndToEndTests {
  @Test func indexThenSearchOverTheSocketInBothEncodings() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client(timeout: 60)
    _ = try client.call(RPCMethod.initialize, params: .object([]))
    let report = try client.call(RPCMethod.index, params: .object([("paths", .array([.string(Fixtures.directory)]))]))
    #expect((report["added"]?.intValue ?? 0) >= 10)
    #expect(report["failed"]?.arrayValue?.isEmpty == true)
    // A commit is announced to initialized clients.
    func isChanged(_ m: RPCMessage) -> Bool {
      if case .request(nil, let method, _) = m { return method == "index/changed" }
      return false
    }
    var changed = client.notifications.contains(where: isChanged)
    for _ in 0..<50 where !changed {
      if let message = try? client.nextMessage(timeout: 0.1), case .request(nil, let method, _) = message {
        changed = method == "index/changed"
      }
    }
    #expect(changed)

    let result = try client.call(
      RPCMethod.search, params: .object([("query", .string("Zhengfei")), ("limit", .number(5))]))
    let hit = try #require(result["hits"]?.arrayValue?.first)
    #expect(hit["path"]?.stringValue == Fixtures.path("seed-article.txt"))
    let line = try #require(hit["line"]?.intValue)
    let column = try #require(hit["column"]?.intValue)
    let text = try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8)
    let sourceLine = String(text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1])
    #expect(String(decoding: Array(sourceLine.utf8)[(column - 1)...].prefix(8), as: UTF8.self) == "Zhengfei")

    // Line 2 has an en dash and curly apostrophes before "Tencent": UTF-16 columns are smaller than byte columns.
    func position(_ encoding: String) throws -> (Int, Int) {
      let r = try client.call(
        RPCMethod.search,
        params: .object([("query", .string("tencent path:seed-article.txt")), ("positionEncoding", .string(encoding))]))
      let h = try #require(r["hits"]?.arrayValue?.first)
      return (h["line"]?.intValue ?? 0, h["column"]?.intValue ?? 0)
    }
    let (line8, column8) = try position("utf-8")
    let (line16, column16) = try position("utf-16")
    #expect(line8 == line16)
    let tencentLine = String(text.split(separator: "\n", omittingEmptySubsequences: false)[line8 - 1])
    let before = Array(tencentLine.utf8)[..<(column8 - 1)]
    #expect(String(decoding: Array(tencentLine.utf8)[(column8 - 1)...].prefix(7), as: UTF8.self) == "Tencent")
    #expect(column16 == String(decoding: before, as: UTF8.self).utf16.count + 1)
    #expect(column16 < column8)

    let doc = try client.call(RPCMethod.document, params: .object([("id", .string(Fixtures.path("seed-article.txt")))]))
    #expect(doc["body"]?.stringValue == text)
    let entities = try client.call(RPCMethod.entities, params: .object([("type", .string("person"))]))
    let people = entities["entities"]?["PERSON"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(people.contains("Xi Jinping"))
    let status = try client.call(RPCMethod.status)
    #expect((status["documents"]?.intValue ?? 0) >= 20)
    // The engine members docs/protocol.md names, with their documented forms.
    for key in ["documents", "deleted", "segments", "generation", "bytes", "pending", "commits"] {
      #expect(status[key]?.intValue != nil, "status lacks \(key)")
    }
    let lastCommit = try #require(status["last_commit"]?.stringValue, "status lacks last_commit")
    #expect(lastCommit.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "not ISO 8601: \(lastCommit)")
    #expect(lastCommit.hasPrefix("20"))
    #expect(status["entities"]?.boolValue != nil)
  }

  @Test func watchedFolderChangesAreSearchableWithinTwoSeconds() throws {
    let folder = Fixtures.temporaryDirectory("seekd-live")
    defer { Fixtures.removeTree(folder) }
    let daemon = try DaemonProcess(arguments: ["--watch", folder, "--no-entities"])
    let client = try daemon.client()
    func ids(_ q: String) throws -> [String] {
      let r = try client.call(RPCMethod.search, params: .object([("query", .string(q)), ("facets", .number(0))]))
      return (r["hits"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }
    func eventually(_ q: String, _ expected: [String], _ what: String) throws {
      let start = Date()
      var got: [String] = []
      while Date().timeIntervalSince(start) < 2.0 {
        got = try ids(q)
        if got == expected { return }
        usleep(50_000)
      }
      Issue.record("\(what): search for \(q) gave \(got), expected \(expected) within 2 s")
    }
    let a = folder + "/alpha.txt"
    Fixtures.write(a, "BeiDou satellites\n")
    try eventually("beidou", [a], "create")
    Fixtures.write(a, "Galileo satellites\n")
    try eventually("galileo", [a], "modify")
    try eventually("beidou", [], "modify removes old words")
    let b = folder + "/beta.txt"
    #expect(rename(a, b) == 0)
    try eventually("galileo", [b], "rename")
    mkdir(folder + "/sub", 0o755)
    Fixtures.write(folder + "/sub/gamma.md", "# Kirin chips\n")
    try eventually("kirin", [folder + "/sub/gamma.md"], "new folder")
    #expect(unlink(b) == 0)
    try eventually("galileo", [], "delete")
  }

  @Test func cliRoutesThroughTheRunningDaemon() throws {
    let daemon = try DaemonProcess(arguments: ["--no-entities"])
    let env = ["SEEK_SOCKET": daemon.socketPath]
    let index = try Binaries.run(
      "seek", ["index", "--index", daemon.indexDirectory, "--json", Fixtures.directory], environment: env)
    #expect(index.status == 0, "\(index.stderr)")
    let search = try Binaries.run(
      "seek", ["search", "--index", daemon.indexDirectory, "--json", "deepseek"], environment: env)
    #expect(search.status == 0)
    #expect(search.stdout.split(separator: "\n").count >= 2)
    let status = try Binaries.run("seek", ["status", "--index", daemon.indexDirectory], environment: env)
    #expect(status.stdout.contains("daemon     running"))
    // The daemon holds the writer lock, yet the CLI's writes succeed because they go through it.
    let remove = try Binaries.run(
      "seek", ["remove", "--index", daemon.indexDirectory, Fixtures.path("seed-article.txt")], environment: env)
    #expect(remove.status == 0, "\(remove.stderr)")
    let gone = try Binaries.run(
      "seek", ["search", "--index", daemon.indexDirectory, "Zhengfei"], environment: env)
    #expect(gone.status == 1)
  }

  @Test func searchesAreAnsweredWhileABigIndexingRequestRuns() throws {
    let folder = Fixtures.temporaryDirectory("seekd-busy")
    defer { Fixtures.removeTree(folder) }
    for i in 0..<1500 {
      Fixtures.write(folder + "/f\(i).txt", "Document \(i) about export controls, chips and satellites number \(i).\n")
    }
    Fixtures.write(folder + "/first.txt", "BeiDou\n")
    let daemon = try DaemonProcess(arguments: ["--no-entities"])
    let writer = try daemon.client(timeout: 120)
    let reader = try daemon.client()
    let id = try writer.sendRequest(RPCMethod.index, params: .object([("paths", .array([.string(folder)]))]))
    // While the index request is pending, searches answer from the last commit.
    var answeredWhilePending = 0
    for _ in 0..<200 {
      let status = try reader.call(RPCMethod.status)
      guard status["pending"]?.intValue == 1 else {
        usleep(5_000)
        continue
      }
      let result = try reader.call(RPCMethod.search, params: .object([("query", .string("satellites"))]))
      #expect(result["hits"] != nil)
      if try reader.call(RPCMethod.status)["pending"]?.intValue == 1 { answeredWhilePending += 1 }
      if answeredWhilePending >= 3 { break }
    }
    #expect(answeredWhilePending >= 1, "no search was answered while indexing ran")
    guard case .result(_, let report) = try writer.waitForResponse(id: id) else {
      Issue.record("index request failed")
      return
    }
    #expect(report["added"]?.intValue == 1501)
  }

  @Test func sigtermCommitsAndTheIndexReopensWithEverything() throws {
    let daemon = try DaemonProcess(arguments: ["--no-entities"])
    let client = try daemon.client(timeout: 60)
    _ = try client.call(RPCMethod.index, params: .object([("paths", .array([.string(Fixtures.directory)]))]))
    let documents = try client.call(RPCMethod.status)["documents"]?.intValue ?? 0
    #expect(documents > 10)
    daemon.signal(SIGTERM)
    #expect(daemon.waitForExit() == 0)
    #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    let reader = try IndexReader.open(directory: daemon.indexDirectory)
    #expect(reader.liveCount == documents)
    #expect(IndexChecker.check(directory: daemon.indexDirectory).isHealthy)
  }
}
