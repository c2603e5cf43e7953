import Foundation
import Indexer
import SeekProtocol
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `seek status` as people read it, against a stand-in daemon that answers one `status` request with a chosen
/// result (states a real seekd passes through too briefly to catch in a test).
@Suite struct StatusOutputTests {
  @Test func statusShowsFilesAWatchHasNotHandedOnYet() throws {
    let root = Fixtures.temporaryDirectory("seek-status")
    defer { Fixtures.removeTree(root) }
    let socketPath = root + "/s.sock"
    let result =
      "{\"pid\":42,\"socket\":\"\(socketPath)\",\"documents\":0,\"segments\":0,\"pending\":0,"
      + "\"watches\":[{\"path\":\"/home/u/notes\",\"directories\":1,\"files\":3294}],\"watch_errors\":[],"
      + "\"watch_pending\":3294}"
    let server = try OneAnswerServer(path: socketPath, result: result)
    let out = try Binaries.run("seek", ["status", "--index", root + "/index", "--socket", socketPath])
    server.stop()
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stdout.contains("daemon     running (pid 42)"), "\(out.stdout)")
    #expect(out.stdout.contains("\nwatch      3294 changed files waiting to be indexed\n"), "\(out.stdout)")
  }
}

/// A Unix socket server that answers the first newline-delimited JSON-RPC request of one connection with `result`.
private final class OneAnswerServer: @unchecked Sendable {
  private let fd: Int32
  private let done = DispatchSemaphore(value: 0)

  /// Listens on `path` and answers in the background.
  /// - Parameters:
  ///   - path: the socket file (must not exist).
  ///   - result: the JSON text of the answer's `result`.
  /// - Throws: `SeekError` when the socket cannot be made.
  init(path: String, result: String) throws {
    var (addr, length) = try UnixSocket.address(path)
    let listener = try UnixSocket.makeSocket()
    fd = listener
    let bound = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
    }
    guard bound == 0, listen(listener, 4) == 0 else { throw SeekError(.io, "cannot listen on \(path)") }
    let done = self.done
    Thread {
      defer { done.signal() }
      // The listening socket may be non-blocking: wait for the client first.
      guard UnixSocket.waitReadable(listener, timeout: 30) else { return }
      let c = accept(listener, nil, nil)
      guard c >= 0 else { return }
      defer { close(c) }
      var request: [UInt8] = []
      var byte: UInt8 = 0
      while UnixSocket.waitReadable(c, timeout: 30) && read(c, &byte, 1) == 1 && byte != 0x0A { request.append(byte) }
      let id = (try? JSONValue.parse(request))?["id"]?.intValue ?? 0
      let reply = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\(result)}\n"
      _ = UnixSocket.writeAll(c, Array(reply.utf8), timeout: 30)
    }.start()
  }

  /// Waits for the answer to be sent (or the wait to give up) and closes the socket.
  func stop() {
    done.wait()
    close(fd)
  }
}
