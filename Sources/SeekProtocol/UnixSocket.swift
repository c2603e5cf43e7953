import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small POSIX helpers for Unix stream sockets, shared by `seekd` and its clients.
public enum UnixSocket {
  /// The longest socket path the kernel accepts (`sun_path` is 108 bytes including the terminating NUL).
  public static let maxPathBytes = 107

  /// Builds a socket address.
  /// - Parameter path: the socket file's path.
  /// - Returns: the address and its length.
  /// - Throws: ``SeekError`` when the path is longer than ``maxPathBytes``.
  public static func address(_ path: String) throws -> (sockaddr_un, socklen_t) {
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard !bytes.isEmpty, bytes.count <= maxPathBytes else {
      throw SeekError(
        .invalidInput,
        "socket path \(path) is \(bytes.count) bytes; Unix sockets allow at most \(maxPathBytes): choose a shorter --socket"
      )
    }
    withUnsafeMutableBytes(of: &addr.sun_path) { raw in
      for (i, b) in bytes.enumerated() { raw[i] = b }
      raw[bytes.count] = 0
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
    return (addr, length)
  }

  /// Creates a stream socket with close-on-exec set.
  /// - Returns: the descriptor.
  /// - Throws: ``SeekError`` when `socket` fails.
  public static func makeSocket() throws -> Int32 {
    #if canImport(Glibc)
      let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
      let fd = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw SeekError.io("socket", path: "AF_UNIX", errno: errno) }
    return fd
  }

  /// Connects to a socket.
  /// - Parameter path: the socket file.
  /// - Returns: the connected descriptor, or the `errno` of the failure (`ECONNREFUSED` for a stale file,
  ///   `ENOENT` when absent).
  /// - Throws: ``SeekError`` when the path is too long or no socket can be created.
  public static func connect(path: String) throws -> Result<Int32, Errno> {
    var (addr, length) = try address(path)
    let fd = try makeSocket()
    let rc = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
    }
    if rc != 0 {
      let e = errno
      Glibc.close(fd)
      return .failure(Errno(e))
    }
    return .success(fd)
  }

  /// An `errno` value as an error.
  public struct Errno: Error, Sendable, Equatable, CustomStringConvertible {
    /// The raw value.
    public var code: Int32
    /// Wraps a value.
    /// - Parameter code: the `errno`.
    public init(_ code: Int32) { self.code = code }
    public var description: String { String(cString: strerror(code)) }
  }

  /// Writes all bytes, waiting at most `timeout` seconds for the peer to drain its buffer (each `send` is
  /// non-blocking, so the timeout holds on a blocking socket too).
  /// - Parameters:
  ///   - fd: a socket, blocking or not.
  ///   - bytes: what to write.
  ///   - timeout: seconds to wait in total for writability.
  /// - Returns: true when everything was written, false on error, peer close or timeout.
  public static func writeAll(_ fd: Int32, _ bytes: [UInt8], timeout: Double) -> Bool {
    let deadline = monotonicSeconds() + timeout
    return bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        if n > 0 {
          offset += n
          continue
        }
        if n < 0 && errno == EINTR { continue }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
          let remaining = deadline - monotonicSeconds()
          if remaining <= 0 { return false }
          var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
          let rc = poll(&p, 1, Int32(min(remaining, 1e6) * 1000) + 1)
          if rc < 0 && errno != EINTR { return false }
          continue
        }
        return false
      }
      return true
    }
  }

  /// Waits until `fd` is readable.
  /// - Parameters:
  ///   - fd: a descriptor.
  ///   - timeout: seconds; negative waits forever.
  /// - Returns: true when readable (or hung up), false on timeout.
  public static func waitReadable(_ fd: Int32, timeout: Double) -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let ms: Int32 = timeout < 0 ? -1 : Int32(min(timeout, 1e6) * 1000)
    while true {
      let rc = poll(&p, 1, ms)
      if rc < 0 && errno == EINTR { continue }
      return rc > 0
    }
  }

  /// Seconds on a monotonic clock.
  /// - Returns: the time.
  public static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
