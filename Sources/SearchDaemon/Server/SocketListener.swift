import Indexer
import Logging
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The listening Unix socket: created with mode 0600, accepts connections until woken through a pipe, unlinks its
/// file when closed.
final class SocketListener: @unchecked Sendable {
  /// The socket file.
  let path: String
  private let fd: Int32
  private var wakePipe: [Int32] = [-1, -1]
  private let logger: Logger

  /// Binds and listens.
  /// - Parameters:
  ///   - path: the socket file (must not exist).
  ///   - logger: the daemon's logger.
  /// - Throws: ``SeekError`` naming the path when bind or listen fails.
  init(path: String, logger: Logger) throws {
    self.path = path
    self.logger = logger
    var (addr, length) = try UnixSocket.address(path)
    fd = try UnixSocket.makeSocket()
    let oldMask = umask(0o077)
    let rc = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    let bindErrno = errno
    umask(oldMask)
    guard rc == 0 else {
      Glibc.close(fd)
      throw SeekError.io("bind", path: path, errno: bindErrno)
    }
    chmod(path, 0o600)
    guard listen(fd, 512) == 0 else {
      let e = errno
      Glibc.close(fd)
      unlink(path)
      throw SeekError.io("listen", path: path, errno: e)
    }
    guard pipe(&wakePipe) == 0 else {
      let e = errno
      Glibc.close(fd)
      unlink(path)
      throw SeekError.io("pipe", path: path, errno: e)
    }
    for p in wakePipe { _ = fcntl(p, F_SETFD, FD_CLOEXEC) }
  }

  /// Accepts connections until ``wake()``; each accepted socket is close-on-exec and non-blocking.
  /// - Parameter onAccept: receives each accepted socket (ownership passes to it).
  func acceptLoop(_ onAccept: (Int32) -> Void) {
    var fds = [
      pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0),
    ]
    while true {
      let rc = poll(&fds, 2, -1)
      if rc < 0 {
        if errno == EINTR { continue }
        logger.error("poll on the listening socket failed: \(String(cString: strerror(errno)))")
        return
      }
      if fds[1].revents != 0 { return }
      guard fds[0].revents != 0 else { continue }
      let client = accept(fd, nil, nil)
      if client < 0 {
        let e = errno
        if e == EINTR || e == EAGAIN || e == ECONNABORTED { continue }
        logger.error("accept failed: \(String(cString: strerror(e))); retrying")
        if e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM { usleep(100_000) }
        continue
      }
      _ = fcntl(client, F_SETFD, FD_CLOEXEC)
      _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
      onAccept(client)
    }
  }

  /// Makes ``acceptLoop(_:)`` return (async-signal-safe: one `write`).
  func wake() {
    var b: UInt8 = 1
    _ = write(wakePipe[1], &b, 1)
  }

  /// Stops listening and removes the socket file.
  func close() {
    Glibc.close(fd)
    unlink(path)
  }
}
