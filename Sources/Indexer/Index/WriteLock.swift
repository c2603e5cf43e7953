#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one-writer-at-a-time lock: `flock` on `DIR/write.lock`, which holds the holder's pid and command line.
///
/// The OS releases the lock when the holder dies (even by SIGKILL), so a stale file never blocks a new writer.
final class WriteLock {
  let path: String
  private var fd: Int32

  /// Takes the lock.
  /// - Parameter directory: the index directory.
  /// - Throws: `SeekError(.locked)` naming the holder when another writer has it; `.io` otherwise.
  init(directory: String) throws {
    path = directory + "/" + IndexFormat.lockName
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if fd < 0 { throw SeekError.io("open", path: path, errno: errno) }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let e = errno
      let holder = Self.readHolder(fd)
      close(fd)
      fd = -1
      if e == EWOULDBLOCK || e == EAGAIN {
        throw SeekError(
          .locked,
          "index \(directory) is locked by \(holder): stop it, or send the work to the running daemon with "
            + "`seek index`/the daemon's socket")
      }
      throw SeekError.io("lock", path: path, errno: e)
    }
    let text = "\(getpid()) \(Self.commandLine())\n"
    _ = ftruncate(fd, 0)
    _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
  }

  deinit { release() }

  /// Releases the lock (idempotent).
  func release() {
    if fd >= 0 {
      _ = flock(fd, LOCK_UN)
      close(fd)
      fd = -1
    }
  }

  private static func readHolder(_ fd: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return "another process (pid unknown)" }
    let text = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    guard let space = text.firstIndex(of: " ") else { return "pid \(text)" }
    return "pid \(text[..<space]) (\(text[text.index(after: space)...]))"
  }

  private static func commandLine() -> String {
    let fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return CommandLine.arguments.joined(separator: " ") }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return "" }
    let text = String(decoding: buffer[0..<n].map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    return String(text.trimmingSuffix(while: { $0 == " " }).prefix(200))
  }
}

extension String {
  fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
    var end = endIndex
    while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
    return self[..<end]
  }
}
