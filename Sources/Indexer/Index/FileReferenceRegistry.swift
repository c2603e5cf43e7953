import Foundation

/// Counts, per absolute file path, how many open segments and snapshots in this process use a file, so a writer
/// deletes only files no open snapshot needs.
///
/// Other processes are not tracked: on Linux a snapshot keeps reading files unlinked after it mapped them, and a
/// reader that finds a file gone while opening retries with the newer manifest (see ``IndexReader/open(directory:verification:preparation:)``).
final class FileReferenceRegistry: @unchecked Sendable {
  static let shared = FileReferenceRegistry()
  private let lock = NSLock()
  private var counts: [String: Int] = [:]

  func retain(_ paths: [String]) {
    lock.lock()
    for p in paths { counts[p, default: 0] += 1 }
    lock.unlock()
  }

  func release(_ paths: [String]) {
    lock.lock()
    for p in paths {
      if let c = counts[p] {
        if c <= 1 { counts[p] = nil } else { counts[p] = c - 1 }
      }
    }
    lock.unlock()
  }

  func isReferenced(_ path: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return counts[path] != nil
  }
}

/// Holds references to files for its lifetime.
final class FileReferences: @unchecked Sendable {
  let paths: [String]
  init(_ paths: [String]) {
    self.paths = paths
    FileReferenceRegistry.shared.retain(paths)
  }
  deinit { FileReferenceRegistry.shared.release(paths) }
}
