import Foundation
import Indexer
import SeekProtocol
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A real `seekd` process on a temporary index and socket, for end-to-end tests.
final class DaemonProcess {
  /// The temporary folder holding the index (and the socket).
  let directory: String
  /// The index folder.
  let indexDirectory: String
  /// The socket.
  let socketPath: String
  /// The child process.
  let process: Process
  /// The daemon's stderr log file.
  let logPath: String
  private let ownsDirectory: Bool

  /// The built `seekd` binary (found beside the test bundle by ``Binaries``).
  static let binary: String? = {
    let path = Binaries.path("seekd")
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }()

  /// Starts a daemon and waits until it answers.
  /// - Parameters:
  ///   - arguments: extra command-line arguments.
  ///   - environment: extra environment variables.
  ///   - directory: reuse this folder (for restart tests); a fresh one otherwise.
  ///   - waitUntilReady: wait for the socket to accept connections.
  init(
    arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil,
    socketPath: String? = nil, waitUntilReady: Bool = true
  ) throws {
    guard let binary = Self.binary else {
      throw SeekError(.io, "seekd binary not found; run `swift build` first")
    }
    ownsDirectory = directory == nil
    self.directory = directory ?? Fixtures.temporaryDirectory("seekd-test")
    indexDirectory = self.directory + "/index"
    self.socketPath = socketPath ?? self.directory + "/s.sock"
    logPath = self.directory + "/seekd-\(UInt32.random(in: 0...UInt32.max)).log"
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--index", indexDirectory, "--socket", self.socketPath, "--log-level", "debug"] + arguments
    var env = ProcessInfo.processInfo.environment
    env["SEEKD_TEST_METHODS"] = "1"
    env.removeValue(forKey: "SEEK_SOCKET")
    env.removeValue(forKey: "SEEK_INDEX")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.standardError = FileHandle(forWritingAtPath: logPath)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    if waitUntilReady { try self.waitUntilReady() }
  }

  /// Waits until a connection succeeds.
  func waitUntilReady(timeout: Double = 20) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if case .success(let fd) = try UnixSocket.connect(path: socketPath) {
        close(fd)
        return
      }
      guard process.isRunning else {
        throw SeekError(.io, "seekd exited with \(process.terminationStatus) before serving: \(log)")
      }
      usleep(20_000)
    }
    throw SeekError(.io, "seekd did not start within \(timeout) s: \(log)")
  }

  /// The daemon's log so far.
  var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  /// A new client.
  func client(_ framing: Framing = .newlineDelimited, timeout: Double = 10) throws -> SeekClient {
    try SeekClient(socketPath: socketPath, framing: framing, timeout: timeout)
  }

  /// Sends a signal.
  func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

  /// Waits for the process to exit.
  /// - Returns: its exit status, or nil on timeout.
  func waitForExit(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    return process.isRunning ? nil : process.terminationStatus
  }

  /// Stops the daemon (SIGTERM, then SIGKILL) and removes its folder.
  func stop() {
    if process.isRunning {
      signal(SIGTERM)
      if waitForExit(timeout: 10) == nil {
        signal(SIGKILL)
        _ = waitForExit(timeout: 5)
      }
    }
    if ownsDirectory { Fixtures.removeTree(directory) }
  }

  deinit { stop() }
}

/// Reads the error of a response, failing when the message is not an error.
func errorOf(_ message: RPCMessage) -> (id: RPCID, error: RPCError)? {
  switch message {
  case .error(let id, let error), .invalid(let id, let error): return (id, error)
  default: return nil
  }
}
