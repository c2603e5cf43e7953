import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the index and the daemon's socket live by default; shared by `seekd` and `seek` so both find the same
/// socket for the same index.
public enum SeekPaths {
  /// The index directory: `explicit`, else `SEEK_INDEX`, else `$XDG_DATA_HOME/seek`, else
  /// `~/.local/share/seek`; made absolute against the current directory.
  /// - Parameters:
  ///   - explicit: the `--index` option, if given.
  ///   - environment: the process environment.
  /// - Returns: an absolute path without a trailing slash.
  public static func indexDirectory(explicit: String?, environment: [String: String]) -> String {
    IndexLocation.resolve(explicit, environment: environment)
  }

  /// The socket path: `explicit`, else `SEEK_SOCKET`, else `INDEX/seekd.sock`; when that exceeds the 107-byte
  /// limit, `$XDG_RUNTIME_DIR/seek-HASH.sock`, else `/tmp/seek-UID/seek-HASH.sock` (HASH from the index path).
  /// - Parameters:
  ///   - explicit: the `--socket` option, if given.
  ///   - indexDirectory: the absolute index directory.
  ///   - environment: the process environment.
  /// - Returns: the socket path.
  public static func socketPath(explicit: String?, indexDirectory: String, environment: [String: String]) -> String {
    if let explicit, !explicit.isEmpty { return absolute(explicit) }
    if let env = environment["SEEK_SOCKET"], !env.isEmpty { return absolute(env) }
    let inIndex = indexDirectory + "/seekd.sock"
    if inIndex.utf8.count <= UnixSocket.maxPathBytes { return inIndex }
    let name = "seek-" + hash(indexDirectory) + ".sock"
    if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
      let candidate = runtime + "/" + name
      if candidate.utf8.count <= UnixSocket.maxPathBytes { return candidate }
    }
    return "/tmp/seek-\(getuid())/" + name
  }

  /// A 16-hex-digit FNV-1a hash of a path.
  /// - Parameter text: the path.
  /// - Returns: the hash in hex.
  public static func hash(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    let s = String(h, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
  }

  /// Makes a path absolute against the current directory and drops `.` components and trailing slashes (the same
  /// rule as the CLI's ``IndexLocation/absolute(_:)``, so both derive the same socket path).
  /// - Parameter path: a path.
  /// - Returns: the absolute path.
  public static func absolute(_ path: String) -> String { IndexLocation.absolute(path) }
}
