import Indexer
import Logging
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Makes a socket path ready to bind: its folder exists and is private, a stale socket file left by a killed
/// daemon is removed, and a live daemon answering on it is reported.
enum SocketPreparation {
  /// What was found at the socket path.
  enum Outcome {
    /// Nothing in the way: bind.
    case ready
    /// A daemon answers there; the text says which.
    case live(String)
  }

  /// Creates `path` and missing parents with mode 0700.
  /// - Parameter path: an absolute folder.
  /// - Throws: ``SeekError`` when a component cannot be created.
  static func makeDirectories(_ path: String) throws {
    var current = ""
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o700) != 0 && errno != EEXIST {
        throw SeekError.io("mkdir", path: current, errno: errno)
      }
    }
  }

  /// Prepares the socket's folder and path.
  /// - Parameters:
  ///   - socketPath: the socket.
  ///   - indexDirectory: the index served (for messages).
  ///   - logger: where the stale-socket notice goes.
  /// - Returns: ``Outcome/ready`` or ``Outcome/live(_:)``.
  /// - Throws: ``SeekError`` when the folder is unsafe or the path is taken by something else.
  static func prepare(socketPath: String, logger: Logger) throws -> Outcome {
    _ = try UnixSocket.address(socketPath)
    let folder = socketPath.split(separator: "/").dropLast().map { "/" + $0 }.joined()
    let dir = folder.isEmpty ? "/" : folder
    var st = stat()
    if lstat(dir, &st) != 0 { try makeDirectories(dir) }
    if dir.hasPrefix("/tmp/seek-") {
      // A shared /tmp: the folder must be ours, a real folder (not a symbolic link), and private.
      guard lstat(dir, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_uid == getuid() else {
        throw SeekError(.io, "\(dir) is not a folder owned by you; remove it or pass --socket")
      }
      if st.st_mode & 0o077 != 0 { chmod(dir, 0o700) }
    }
    guard lstat(socketPath, &st) == 0 else { return .ready }
    guard st.st_mode & S_IFMT == S_IFSOCK else {
      throw SeekError(.io, "\(socketPath) exists and is not a socket; remove it or choose another --socket")
    }
    switch try UnixSocket.connect(path: socketPath) {
    case .failure(let e) where e.code == ECONNREFUSED:
      logger.notice("replacing stale socket \(socketPath) (no daemon answers on it)")
      unlink(socketPath)
      return .ready
    case .failure(let e):
      throw SeekError(.io, "cannot check existing socket \(socketPath): \(e); remove it or choose another --socket")
    case .success(let fd):
      close(fd)
      return .live(describeLiveDaemon(socketPath))
    }
  }

  /// Asks the daemon on `socketPath` which index it serves.
  private static func describeLiveDaemon(_ socketPath: String) -> String {
    if let client = try? SeekClient(socketPath: socketPath, timeout: 2),
      let status = try? client.call(RPCMethod.status)
    {
      let index = status["index"]?.stringValue ?? "an index"
      let pid = status["pid"]?.intValue.map(String.init) ?? "?"
      return "seekd already serves \(index) on \(socketPath) (pid \(pid))"
    }
    return "a daemon already answers on \(socketPath); stop it or choose another --socket"
  }
}
