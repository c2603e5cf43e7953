/// One file-level change reported by the watcher. Directories are always expanded to the files they contain.
enum Change: Sendable, Hashable, CustomStringConvertible {
  /// The file was created, modified, or moved to this path: (re)index it.
  case upsert(String)
  /// The file was deleted or moved away from this path: remove it from the index.
  case remove(String)

  /// The file concerned.
  var path: String {
    switch self {
    case .upsert(let p), .remove(let p): return p
    }
  }

  var description: String {
    switch self {
    case .upsert(let p): return "upsert \(p)"
    case .remove(let p): return "remove \(p)"
    }
  }
}
