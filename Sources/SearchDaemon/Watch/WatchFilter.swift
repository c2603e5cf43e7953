/// Which entries the watcher ignores: hidden files and folders, editor temporaries, and excluded folders (the
/// index itself, so indexing never feeds back into the watcher).
struct WatchFilter: Sendable {
  /// Absolute folders never descended into.
  var excluded: [String] = []

  /// True when a file or folder named `name` is skipped.
  /// - Parameter name: the entry's name.
  /// - Returns: whether to ignore it.
  func skips(name: String) -> Bool {
    guard let first = name.utf8.first else { return true }
    if first == UInt8(ascii: ".") { return true }  // hidden, and Emacs lock files .#x
    if name.hasSuffix("~") { return true }  // backups
    if name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".swo") { return true }  // Vim
    if first == UInt8(ascii: "#") && name.hasSuffix("#") { return true }  // Emacs auto-save
    if name == "4913" { return true }  // Vim's write-permission probe
    return false
  }

  /// True when the folder at `path` is excluded.
  /// - Parameter path: an absolute folder path.
  /// - Returns: whether to skip it.
  func excludes(path: String) -> Bool {
    excluded.contains { path == $0 || path.hasPrefix($0 + "/") }
  }
}
