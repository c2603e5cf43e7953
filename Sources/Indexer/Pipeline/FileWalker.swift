#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The size and modification time of a file, from one `stat`.
public struct FileStat: Sendable, Equatable {
  /// Size in bytes.
  public var size: Int64
  /// Modification time in nanoseconds since the epoch.
  public var modificationTime: Int64
  /// Whether it is a directory.
  public var isDirectory: Bool
  /// Whether it is a regular file.
  public var isRegular: Bool

  /// Stats a path (following symbolic links).
  /// - Parameter path: the path.
  /// - Returns: its state, or nil when it does not exist or cannot be read.
  public static func of(_ path: String) -> FileStat? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    let mode = st.st_mode & S_IFMT
    return FileStat(
      size: Int64(st.st_size),
      modificationTime: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
      isDirectory: mode == S_IFDIR, isRegular: mode == S_IFREG)
  }
}

/// Walks directory trees for indexable files, without recursion on the stack.
///
/// Hidden files and folders (names starting with `.`) are skipped, as are the paths in `excluded` (the index
/// directory itself) and, during a walk, files whose extension no extractor claims.
public struct FileWalker: Sendable {
  /// Absolute paths never entered (the index directory).
  public var excluded: [String]

  /// Creates a walker.
  /// - Parameter excluded: absolute paths to skip with everything below them.
  public init(excluded: [String] = []) {
    self.excluded = excluded
  }

  /// Whether a walk would pick up this file name.
  /// - Parameter path: a file path.
  /// - Returns: true for a known document format that is not hidden or an editor's temporary file.
  public static func isCandidate(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasPrefix(".") || name.hasSuffix("~") || name.hasPrefix("#") { return false }
    return SourceFormat.forPath(name) != nil
  }

  /// Lists the indexable files below a directory (or the path itself when it is a file).
  /// - Parameters:
  ///   - root: an absolute path.
  ///   - onError: called with a path and a reason for each directory that cannot be read.
  /// - Returns: absolute file paths, sorted.
  public func files(under root: String, onError: (String, String) -> Void = { _, _ in }) -> [String] {
    var result: [String] = []
    var stack = [root]
    while let dir = stack.popLast() {
      if isExcluded(dir) { continue }
      guard let handle = opendir(dir) else {
        onError(dir, String(cString: strerror(errno)))
        continue
      }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        if name.hasPrefix(".") { continue }
        let path = dir == "/" ? "/" + name : dir + "/" + name
        var type = entry.pointee.d_type
        if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
          guard let st = FileStat.of(path) else { continue }
          type = st.isDirectory ? UInt8(DT_DIR) : st.isRegular ? UInt8(DT_REG) : 0
        }
        if type == UInt8(DT_DIR) {
          stack.append(path)
        } else if type == UInt8(DT_REG), Self.isCandidate(name) {
          result.append(path)
        }
      }
      closedir(handle)
    }
    return result.sorted()
  }

  /// Whether a path is excluded or lies below an excluded path.
  public func isExcluded(_ path: String) -> Bool {
    excluded.contains { path == $0 || path.hasPrefix($0 + "/") }
  }
}
