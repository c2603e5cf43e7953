import Indexer

#if canImport(Glibc)
  import Glibc
#endif

/// The daemon's claim on an index directory: an exclusive `flock` on `INDEX/seekd.pid`, held for the daemon's life
/// (the kernel drops it if the daemon is killed), with the pid and socket written in the file for the error a
/// second daemon prints.
final class InstanceLock {
  /// The lock file.
  let path: String
  private let fd: Int32

  /// Who holds the lock, as read from the file.
  struct Holder: Sendable {
    /// The holder's pid, if recorded.
    var pid: Int?
    /// The holder's socket, if recorded.
    var socket: String?
  }

  /// The outcome of ``acquire(indexDirectory:)``.
  enum Outcome {
    /// The lock is ours.
    case acquired(InstanceLock)
    /// Another live process holds it.
    case held(Holder)
  }

  private init(path: String, fd: Int32) {
    self.path = path
    self.fd = fd
  }

  deinit { close(fd) }

  /// Tries to take the lock.
  /// - Parameter indexDirectory: the index directory (must exist).
  /// - Returns: the lock, or who holds it.
  /// - Throws: ``SeekError`` when the file cannot be opened.
  static func acquire(indexDirectory: String) throws -> Outcome {
    let path = indexDirectory + "/seekd.pid"
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw SeekError.io("open", path: path, errno: errno) }
    if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .acquired(InstanceLock(path: path, fd: fd)) }
    let e = errno
    defer { close(fd) }
    guard e == EWOULDBLOCK else { throw SeekError.io("lock", path: path, errno: e) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    let lines = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").map(String.init) : []
    return .held(Holder(pid: lines.first.flatMap { Int($0) }, socket: lines.count > 1 ? lines[1] : nil))
  }

  /// Records the daemon's pid and socket in the lock file.
  /// - Parameter socket: the socket path served.
  func record(socket: String) {
    let text = Array("\(getpid())\n\(socket)\n".utf8)
    _ = ftruncate(fd, 0)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
  }

  /// Empties the file before the lock is released at exit.
  func clear() { _ = ftruncate(fd, 0) }
}
