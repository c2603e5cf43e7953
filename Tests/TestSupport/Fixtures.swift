import Foundation
import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Locations of the repository's fixtures and of the optional shared corpora, for every test target.
public enum Fixtures {
  /// The repository root, found from this file's location.
  public static let repositoryRoot: String = {
    var path = #filePath
    for _ in 0..<3 {
      if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
  }()

  /// The `Fixtures` folder.
  public static var directory: String { repositoryRoot + "/Fixtures" }

  /// A file under `Fixtures`.
  /// - Parameter name: a path relative to `Fixtures`.
  /// - Returns: its absolute path.
  public static func path(_ name: String) -> String { directory + "/" + name }

  /// `../shared/data` beside the repository, else `$SEEK_SHARED_DATA` (a checkout elsewhere, such as a worktree),
  /// or nil when neither exists (a user's fresh clone): tests over it skip.
  public static var sharedData: String? {
    let path = repositoryRoot + "/../shared/data"
    if access(path, F_OK) == 0 { return path }
    guard let env = getenv("SEEK_SHARED_DATA") else { return nil }
    let fromEnvironment = String(cString: env)
    return access(fromEnvironment, F_OK) == 0 ? fromEnvironment : nil
  }

  /// The contents of a file of the shared corpora, or nil (after printing why the caller skips) when absent.
  /// - Parameter relativePath: a path below `../shared/data`, such as `reuters21578/reut2-000.sgm`.
  public static func sharedFile(_ relativePath: String) -> [UInt8]? {
    guard let root = sharedData else {
      print("skipping: ../shared/data is absent (set SEEK_SHARED_DATA to run)")
      return nil
    }
    guard let data = FileManager.default.contents(atPath: root + "/" + relativePath) else {
      print("skipping: \(root)/\(relativePath) is absent")
      return nil
    }
    return [UInt8](data)
  }

  /// Creates a fresh temporary directory.
  /// - Parameter prefix: a name prefix.
  /// - Returns: its path.
  public static func temporaryDirectory(_ prefix: String = "seek-test") -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(result != nil, "mkdtemp failed")
    return String(cString: template)
  }

  /// Writes a file, creating nothing else.
  /// - Parameters:
  ///   - path: the file.
  ///   - bytes: its content.
  public static func write(_ path: String, _ bytes: [UInt8]) {
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot create \(path)")
  }

  /// Writes a text file.
  public static func write(_ path: String, _ text: String) { write(path, Array(text.utf8)) }

  /// Removes a directory tree.
  public static func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
  }
}
