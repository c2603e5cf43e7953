import Foundation
import Indexer
import Logging
import SeekProtocol
import Synchronization
import Testing

@testable import SearchDaemon

#if canImport(Glibc)
  import Glibc
#endif

/// Which thread requests ran on ("reader" or "worker"), by tag.
final class ThreadLog: Sendable {
  private let names = Mutex<[String: String]>([:])
  /// The connection whose threads are told apart.
  let connection = Mutex<Connection?>(nil)

  func record(_ tag: String) {
    let name = connection.withLock { $0?.isReaderThread ?? false } ? "reader" : "worker"
    names.withLock { $0[tag] = name }
  }

  func name(_ tag: String) -> String { names.withLock { $0[tag] ?? "" } }
}

/// The client end of a connection under test.
final class InlineHarness: @unchecked Sendable {
  let client: Int32
  let connection: Connection
  let closed = DispatchSemaphore(value: 0)
  private let threads = ThreadLog()
  private var pending: [UInt8] = []

  init(spinSeconds: Double = 0, adaptiveSpin: Bool = false) throws {
    var fds: [Int32] = [0, 0]
    try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
    _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
    client = fds[0]
    var limits = ConnectionLimits()
    limits.spinSeconds = spinSeconds
    limits.adaptiveSpin = adaptiveSpin
    let threads = self.threads
    // `search` answers `{"tag":TAG}` after `ms` milliseconds, polling its cancellation every millisecond.
    let search: MethodHandler = { params, context in
      if let tag = try params.optionalString("tag") {
        threads.record(tag)
      }
      let ms = try params.optionalInt("ms", in: 0...60_000) ?? 0
      let start = UnixSocket.monotonicSeconds()
      while (UnixSocket.monotonicSeconds() - start) * 1000 < Double(ms) {
        try context.cancellation.check()
        usleep(1000)
      }
      return Array("{\"tag\":\"\(try params.optionalString("tag") ?? "")\"}".utf8)
    }
    let dispatcher = Dispatcher(
      handlers: [RPCMethod.search: search, RPCMethod.index: search], logger: Logger(label: "test"))
    let closed = self.closed
    connection = Connection(
      id: 1, fd: fds[1], limits: limits, dispatcher: dispatcher, logger: Logger(label: "test"),
      onClose: { _ in closed.signal() })
    threads.connection.withLock { $0 = connection }
    connection.start()
  }

  deinit { close(client) }

  /// The name of the thread the request tagged `tag` ran on.
  func thread(_ tag: String) -> String { threads.name(tag) }

  /// Waits until the handler of the request tagged `tag` has started (a loaded machine may take longer than any
  /// fixed pause to read a request), at most `timeout` seconds.
  /// - Returns: whether it started.
  func waitStarted(_ tag: String, timeout: Double = 5) -> Bool {
    let deadline = UnixSocket.monotonicSeconds() + timeout
    while threads.name(tag).isEmpty {
      if UnixSocket.monotonicSeconds() > deadline { return false }
      usleep(1000)
    }
    return true
  }

  /// Sends raw lines in one write.
  func send(_ lines: [String]) {
    let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
    _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
  }

  /// Reads one response line (nil after `timeout` seconds).
  func receive(timeout: Double = 5) -> JSONValue? {
    let deadline = UnixSocket.monotonicSeconds() + timeout
    while true {
      if let nl = pending.firstIndex(of: 0x0A) {
        let line = Array(pending[..<nl])
        pending.removeFirst(nl + 1)
        return try? JSONValue.parse(line)
      }
      let left = deadline - UnixSocket.monotonicSeconds()
      guard left > 0, UnixSocket.waitReadable(client, timeout: left) else { return nil }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = chunk.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
      guard n > 0 else { return nil }
      pending += chunk[0..<n]
    }
  }
}

/// A ``Connection`` on one end of a socket pair, with handlers that record the thread they ran on: which requests
/// run on the reader thread, and whether order, cancellation and the spin before sleeping still hold there.
@Suite struct ConnectionInlineTests {
  static func request(_ id: Int, tag: String, ms: Int = 0, method: String = RPCMethod.search) -> String {
    #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":{"tag":"\#(tag)","ms":\#(ms)}}"#
  }

  static func cancel(_ target: Int, id: Int? = nil) -> String {
    let idMember = id.map { #""id":\#($0),"# } ?? ""
    return #"{"jsonrpc":"2.0",\#(idMember)"method":"$/cancelRequest","params":{"id":\#(target)}}"#
  }

  @Test func aLoneReadOnlyRequestRunsOnTheReaderThreadAndWritesRunOnTheWorker() throws {
    let h = try InlineHarness()
    h.send([Self.request(1, tag: "a")])
    #expect(h.receive()?["result"]?["tag"]?.stringValue == "a")
    #expect(h.thread("a") == "reader")
    h.send([Self.request(2, tag: "b", method: RPCMethod.index)])
    #expect(h.receive()?["result"]?["tag"]?.stringValue == "b")
    #expect(h.thread("b") == "worker")
  }

  @Test func pipelinedRequestsGoToTheWorkerAndKeepTheirOrder() throws {
    let h = try InlineHarness()
    h.send([Self.request(1, tag: "a", ms: 50), Self.request(2, tag: "b"), Self.request(3, tag: "c", ms: 10)])
    let ids = (0..<3).compactMap { _ in h.receive()?["id"]?.intValue }
    #expect(ids == [1, 2, 3])
    #expect(h.thread("a") == "worker")
    // The last message of a read, with the worker idle, may run on the reader thread; order holds either way.
    h.send([Self.request(4, tag: "d", ms: 50)])
    h.send([Self.request(5, tag: "e")])
    #expect(h.receive()?["id"]?.intValue == 4)
    #expect(h.receive()?["id"]?.intValue == 5)
  }

  @Test func cancelStopsARequestRunningOnTheReaderThread() throws {
    let h = try InlineHarness()
    let started = UnixSocket.monotonicSeconds()
    h.send([Self.request(1, tag: "long", ms: 10_000)])
    // The cancellation must come in a later read than the request (in one read, the request would be pipelined
    // to the worker).
    #expect(h.waitStarted("long"))
    h.send([Self.cancel(1, id: 2)])
    let first = h.receive()
    #expect(first?["id"]?.intValue == 1)
    #expect(first?["error"]?["code"]?.intValue == RPCErrorCode.requestCancelled)
    let second = h.receive()
    #expect(second?["id"]?.intValue == 2)
    #expect(second?["result"] == .null)
    #expect(UnixSocket.monotonicSeconds() - started < 5)
    #expect(h.thread("long") == "reader")
  }

  @Test func requestsReadAheadAreAnsweredInOrderAndCanBeCancelled() throws {
    let h = try InlineHarness()
    let started = UnixSocket.monotonicSeconds()
    h.send([Self.request(1, tag: "first", ms: 300)])
    #expect(h.waitStarted("first"))
    // Read ahead while "first" runs: a long request, its cancellation, and a short one.
    h.send([Self.request(2, tag: "second", ms: 10_000), Self.cancel(2), Self.request(3, tag: "third")])
    let answers = (0..<3).compactMap { _ in h.receive() }
    #expect(answers.map { $0["id"]?.intValue } == [1, 2, 3])
    #expect(answers.first?["result"]?["tag"]?.stringValue == "first")
    #expect(answers.dropFirst().first?["error"]?["code"]?.intValue == RPCErrorCode.requestCancelled)
    #expect(answers.last?["result"]?["tag"]?.stringValue == "third")
    #expect(UnixSocket.monotonicSeconds() - started < 5)
    #expect(h.thread("first") == "reader")
  }

  @Test func spinningBeforeSleepingAnswersLateRequestsAndStillCloses() throws {
    let h = try InlineHarness(spinSeconds: 0.02)
    for (i, pause) in [0, 5_000, 50_000, 1_000].enumerated() {
      usleep(UInt32(pause))
      h.send([Self.request(i + 1, tag: "t\(i)")])
      #expect(h.receive()?["id"]?.intValue == i + 1)
    }
    shutdown(h.client, Int32(SHUT_WR))
    #expect(h.closed.wait(timeout: .now() + 5) == .success)
  }

  @Test func adaptiveSpinAnswersBackToBackAndPausingClientsAndStillCloses() throws {
    let h = try InlineHarness(spinSeconds: 0.002, adaptiveSpin: true)
    for (i, pause) in [0, 0, 0, 20_000, 0, 300, 0, 5_000, 0].enumerated() {
      usleep(UInt32(pause))
      h.send([Self.request(i + 1, tag: "t\(i)")])
      #expect(h.receive()?["id"]?.intValue == i + 1)
      #expect(h.thread("t\(i)") == "reader")
    }
    shutdown(h.client, Int32(SHUT_WR))
    #expect(h.closed.wait(timeout: .now() + 5) == .success)
  }

  @Test func stopReadingEndsASpinningConnection() throws {
    let h = try InlineHarness(spinSeconds: 0.05)
    h.send([Self.request(1, tag: "a")])
    #expect(h.receive()?["id"]?.intValue == 1)
    h.connection.stopReading()
    #expect(h.closed.wait(timeout: .now() + 5) == .success)
  }
}
