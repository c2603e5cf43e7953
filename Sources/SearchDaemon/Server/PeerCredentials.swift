#if canImport(Glibc)
  import Glibc
#endif

/// The process at the other end of a Unix socket, from `SO_PEERCRED`.
struct PeerCredentials: Sendable, Equatable {
  /// The peer's process id.
  var pid: Int32
  /// The peer's user id.
  var uid: UInt32
  /// The peer's group id.
  var gid: UInt32

  /// Reads the credentials of a connected socket's peer.
  /// - Parameter fd: a connected Unix socket.
  /// - Returns: the credentials, or nil when the kernel does not report them.
  static func of(_ fd: Int32) -> PeerCredentials? {
    // struct ucred { pid_t pid; uid_t uid; gid_t gid; } needs _GNU_SOURCE to be imported: read it as three words.
    var cred: (Int32, UInt32, UInt32) = (0, 0, 0)
    var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
    let soPeerCred: Int32 = 17  // SO_PEERCRED on Linux
    guard getsockopt(fd, SOL_SOCKET, soPeerCred, &cred, &length) == 0, length == 12 else { return nil }
    return PeerCredentials(pid: cred.0, uid: cred.1, gid: cred.2)
  }
}
