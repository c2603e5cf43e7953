import Foundation
import Indexer
import SeekProtocol
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Starting, refusing, cancelling and stopping a real seekd.
@Suite(.serialized)
struct LifecycleEndToEndTests {
  @Test func socketAndFolderArePrivate() throws {
    let base = Fixtures.temporaryDirectory("seekd-perm")
    defer { Fixtures.removeTree(base) }
    let daemon = try DaemonProcess(directory: base, socketPath: base + "/run/sub/seekd.sock")
    var st = stat()
    #expect(lstat(daemon.socketPath, &st) == 0)
    #expect(st.st_mode & 0o777 == 0o600)
    #expect(stat(base + "/run/sub", &st) == 0)
    #expect(st.st_mode & 0o777 == 0o700)
    #expect(stat(daemon.indexDirectory, &st) == 0)
    #expect(st.st_mode & 0o777 == 0o700)
    daemon.stop()
  }

  @Test func sigtermStopsCleanlyAfterInFlightRequests() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let id = try client.sendRequest(RPCMethod.testSleep, params: .object([("ms", .number(300))]))
    usleep(100_000)
    daemon.signal(SIGTERM)
    let reply = try client.waitForResponse(id: id)
    if case .result(_, let r) = reply {
      #expect(r["slept_ms"]?.intValue == 300)
    } else {
      Issue.record("the in-flight request was not answered: \(reply)")
    }
    #expect(daemon.waitForExit() == 0)
    #expect(access(daemon.socketPath, F_OK) != 0)
    #expect(daemon.log.contains("SIGTERM"))
  }

  @Test func aClientThatNeverReadsDoesNotHoldUpShutdown() throws {
    let daemon = try DaemonProcess(arguments: ["--shutdown-grace", "1"])
    let fd = try UnixSocket.connect(path: daemon.socketPath).get()
    defer { close(fd) }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var bytes: [UInt8] = []
    for i in 0..<20000 { bytes += Array("{\"jsonrpc\":\"2.0\",\"id\":\(i),\"method\":\"initialize\"}\n".utf8) }
    // Fills both socket buffers: the daemon's worker blocks writing, its reader stops reading.
    _ = UnixSocket.writeAll(fd, bytes, timeout: 2)
    #expect(try daemon.client().call(RPCMethod.status)["pid"] != nil)
    let start = Date()
    daemon.signal(SIGTERM)
    #expect(daemon.waitForExit(timeout: 8) == 0)
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(access(daemon.socketPath, F_OK) != 0)
  }

  @Test func aSecondSignalExitsAtOnce() throws {
    let daemon = try DaemonProcess(arguments: ["--shutdown-grace", "30"])
    let client = try daemon.client()
    try client.sendRequest(RPCMethod.testSleep, params: .object([("ms", .number(30_000))]))
    usleep(100_000)
    daemon.signal(SIGINT)
    usleep(200_000)
    #expect(daemon.process.isRunning)
    let start = Date()
    daemon.signal(SIGINT)
    #expect(daemon.waitForExit(timeout: 5) == 1)
    #expect(Date().timeIntervalSince(start) < 2)
    #expect(access(daemon.socketPath, F_OK) != 0)
  }

  @Test func sigintStopsToo() throws {
    let daemon = try DaemonProcess()
    daemon.signal(SIGINT)
    #expect(daemon.waitForExit() == 0)
    #expect(access(daemon.socketPath, F_OK) != 0)
  }

  @Test func shutdownMethodAnswersThenStops() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client(.contentLength)
    #expect(try client.call(RPCMethod.shutdown) == .null)
    #expect(daemon.waitForExit() == 0)
    #expect(access(daemon.socketPath, F_OK) != 0)
  }

  @Test func staleSocketIsReplaced() throws {
    let base = Fixtures.temporaryDirectory("seekd-stale")
    defer { Fixtures.removeTree(base) }
    let socketPath = base + "/s.sock"
    // Leave a socket file with nobody listening, as a killed daemon does.
    let fd = try UnixSocket.makeSocket()
    var (addr, length) = try UnixSocket.address(socketPath)
    let rc = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    #expect(rc == 0)
    close(fd)
    #expect(access(socketPath, F_OK) == 0)
    let daemon = try DaemonProcess(directory: base, socketPath: socketPath)
    #expect(try daemon.client().call(RPCMethod.status)["pid"] != nil)
    #expect(daemon.log.contains("stale socket"))
    daemon.stop()
  }

  @Test func restartAfterKillReplacesTheStaleSocket() throws {
    let base = Fixtures.temporaryDirectory("seekd-kill")
    defer { Fixtures.removeTree(base) }
    let first = try DaemonProcess(directory: base)
    first.signal(SIGKILL)
    _ = first.waitForExit()
    #expect(access(first.socketPath, F_OK) == 0)
    let second = try DaemonProcess(directory: base)
    #expect(try second.client().call(RPCMethod.status)["pid"]?.intValue == Int(second.process.processIdentifier))
    second.stop()
  }

  @Test func secondDaemonOnTheSameIndexIsRefused() throws {
    let daemon = try DaemonProcess()
    let pid = daemon.process.processIdentifier
    // Same index, same socket.
    let twin = try DaemonProcess(directory: daemon.directory, waitUntilReady: false)
    #expect(twin.waitForExit() == 1)
    #expect(twin.log.contains("seekd already serves \(daemon.indexDirectory) on \(daemon.socketPath) (pid \(pid))"))
    // Another index on the same socket.
    let other = Fixtures.temporaryDirectory("seekd-other")
    defer { Fixtures.removeTree(other) }
    let squatter = try DaemonProcess(directory: other, socketPath: daemon.socketPath, waitUntilReady: false)
    #expect(squatter.waitForExit() == 1)
    #expect(squatter.log.contains("already serves \(daemon.indexDirectory) on \(daemon.socketPath) (pid \(pid))"))
    // The first daemon is unharmed.
    #expect(try daemon.client().call(RPCMethod.status)["pid"]?.intValue == Int(pid))
  }

  @Test(arguments: Framing.allCases)
  func cancelRequestStopsARunningRequest(framing: Framing) throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client(framing)
    let started = Date()
    let running = try client.sendRequest(RPCMethod.testSleep, params: .object([("ms", .number(10_000))]))
    let queued = try client.sendRequest(RPCMethod.testSleep, params: .object([("ms", .number(10_000))]))
    usleep(100_000)
    try client.notify(RPCMethod.cancelRequest, params: .object([("id", running.jsonValue)]))
    try client.notify(RPCMethod.cancelRequest, params: .object([("id", queued.jsonValue)]))
    #expect(errorOf(try client.waitForResponse(id: running))?.error.code == RPCErrorCode.requestCancelled)
    #expect(errorOf(try client.waitForResponse(id: queued))?.error.code == RPCErrorCode.requestCancelled)
    #expect(Date().timeIntervalSince(started) < 3)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  /// The adaptive poll for the next request is on by default (a closing connection logs how its polls ended) and
  /// `--no-adaptive-spin` turns it off (no poll, so no such line).
  @Test(arguments: [true, false])
  func adaptivePollIsTheDefault(defaultFlags: Bool) throws {
    let daemon = try DaemonProcess(arguments: defaultFlags ? [] : ["--no-adaptive-spin"])
    let client = try daemon.client()
    for _ in 0..<3 { #expect(try client.call(RPCMethod.status)["pid"] != nil) }
    client.close()
    let deadline = Date().addingTimeInterval(5)
    while defaultFlags && !daemon.log.contains("after inline answers") && Date() < deadline { usleep(20_000) }
    if !defaultFlags { usleep(200_000) }
    #expect(daemon.log.contains("after inline answers") == defaultFlags, "\(daemon.log)")
  }

  @Test func badLogLevelIsAUsageError() throws {
    let daemon = try DaemonProcess(arguments: ["--log-level", "loud"], waitUntilReady: false)
    #expect(daemon.waitForExit() == 64)
    #expect(daemon.log.contains("unknown log level 'loud'"))
  }

  @Test func defaultSocketLivesInTheIndexFolder() throws {
    let base = Fixtures.temporaryDirectory("seekd-default")
    defer { Fixtures.removeTree(base) }
    let index = base + "/index"
    let expected = SeekPaths.socketPath(explicit: nil, indexDirectory: index, environment: [:])
    #expect(expected == index + "/seekd.sock")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(DaemonProcess.binary))
    process.arguments = []
    var env = ProcessInfo.processInfo.environment
    env["SEEK_INDEX"] = index
    env.removeValue(forKey: "SEEK_SOCKET")
    process.environment = env
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
      }
    }
    var connected = false
    for _ in 0..<500 where !connected {
      if case .success(let fd) = try UnixSocket.connect(path: expected) {
        close(fd)
        connected = true
      } else {
        usleep(20_000)
      }
    }
    #expect(connected)
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
