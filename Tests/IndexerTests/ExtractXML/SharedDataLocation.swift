import TestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The shared corpora: `Fixtures.sharedData`, else `$SEEK_SHARED_DATA` (for worktrees not beside `shared/`).
enum SharedDataLocation {
  static var path: String? {
    if let path = Fixtures.sharedData { return path }
    guard let env = getenv("SEEK_SHARED_DATA") else { return nil }
    let path = String(cString: env)
    return access(path, F_OK) == 0 ? path : nil
  }
}
