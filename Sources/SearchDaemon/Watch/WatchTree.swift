import Foundation
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// A watched directory: its path now and the files seen in it (so a folder moved away or a rescan can be expanded
/// into file-level removals).
struct WatchedDirectory: Sendable {
  /// The absolute path.
  var path: String
  /// Names of the regular files in it that pass the filter.
  var files: Set<String>
}

/// The watcher's table of inotify watches (one per directory) and the files under them. Not thread-safe: the
/// ``InotifyWatcher`` holds its lock around every use.
struct WatchTree {
  let inotifyFD: Int32
  var filter: WatchFilter
  /// Pretend the kernel refuses watches beyond this many (tests of the ENOSPC path); nil for the real limit.
  var watchLimit: Int?
  var logger: Logger
  private(set) var directories: [Int32: WatchedDirectory] = [:]
  private(set) var wdByPath: [String: Int32] = [:]
  /// Problems worth showing in `status` (watch limit reached, unreadable roots).
  private(set) var errors: [String] = []
  private var limitReported = false

  init(inotifyFD: Int32, filter: WatchFilter, watchLimit: Int?, logger: Logger) {
    self.inotifyFD = inotifyFD
    self.filter = filter
    self.watchLimit = watchLimit
    self.logger = logger
  }

  /// Records a problem for `status`.
  mutating func record(error: String) {
    if !errors.contains(error) { errors.append(error) }
  }

  /// The watched directory at `path`, if any.
  func directory(at path: String) -> WatchedDirectory? {
    wdByPath[path].flatMap { directories[$0] }
  }

  /// The directory watched by `wd`.
  func directory(wd: Int32) -> WatchedDirectory? { directories[wd] }

  /// Counts watched directories and their files at or under `path`.
  func counts(under path: String) -> (directories: Int, files: Int) {
    var d = 0
    var f = 0
    for dir in directories.values where Self.isWithin(dir.path, path) {
      d += 1
      f += dir.files.count
    }
    return (d, f)
  }

  /// True when `path` is `ancestor` or inside it.
  static func isWithin(_ path: String, _ ancestor: String) -> Bool {
    path == ancestor
      || (path.hasPrefix(ancestor) && path.utf8.dropFirst(ancestor.utf8.count).first == UInt8(ascii: "/"))
  }

  /// Records a file seen in a watched directory.
  mutating func insertFile(_ name: String, wd: Int32) { directories[wd]?.files.insert(name) }

  /// Forgets a file of a watched directory.
  mutating func removeFile(_ name: String, wd: Int32) { directories[wd]?.files.remove(name) }

  /// Forgets a watch the kernel dropped (`IN_IGNORED`).
  mutating func forget(wd: Int32) {
    if let d = directories.removeValue(forKey: wd), wdByPath[d.path] == wd { wdByPath[d.path] = nil }
  }

  /// Watches `path` and every directory below it, reporting each file found as an upsert.
  /// - Parameters:
  ///   - path: an absolute directory.
  ///   - emit: receives the changes.
  mutating func addTree(_ path: String, emit: (Change) -> Void) {
    var stack = [path]
    while let dir = stack.popLast() {
      if filter.excludes(path: dir) { continue }
      let wd = wdByPath[dir] ?? addWatch(dir)
      guard let entries = Self.list(dir) else {
        if wd >= 0 { forget(wd: wd) }
        continue
      }
      var files = Set<String>()
      for (name, isDirectory) in entries where !filter.skips(name: name) {
        let child = dir + "/" + name
        if isDirectory {
          stack.append(child)
        } else {
          files.insert(name)
          emit(.upsert(child))
        }
      }
      if wd >= 0 {
        directories[wd] = WatchedDirectory(path: dir, files: files)
        wdByPath[dir] = wd
      }
    }
  }

  /// Forgets `path` and everything below it, reporting their files as removed.
  /// - Parameters:
  ///   - path: an absolute directory.
  ///   - unwatch: also remove the kernel watches (for folders that still exist elsewhere or are unwatched).
  ///   - emit: receives the changes.
  mutating func removeTree(_ path: String, unwatch: Bool, emit: (Change) -> Void) {
    for (wd, dir) in directories where Self.isWithin(dir.path, path) {
      for name in dir.files.sorted() { emit(.remove(dir.path + "/" + name)) }
      if unwatch { inotify_rm_watch(inotifyFD, wd) }
      directories[wd] = nil
      if wdByPath[dir.path] == wd { wdByPath[dir.path] = nil }
    }
  }

  /// Moves the watched subtree at `old` to `new` (a rename inside the watched tree): the watches stay, paths are
  /// updated, and every file is reported removed at its old path and upserted at its new one.
  mutating func renameTree(from old: String, to new: String, emit: (Change) -> Void) {
    removeTree(new, unwatch: true, emit: emit)
    for (wd, dir) in directories where Self.isWithin(dir.path, old) {
      let moved = new + dir.path.dropFirst(old.count)
      for name in dir.files.sorted() {
        emit(.remove(dir.path + "/" + name))
        emit(.upsert(moved + "/" + name))
      }
      if wdByPath[dir.path] == wd { wdByPath[dir.path] = nil }
      directories[wd]?.path = moved
      wdByPath[moved] = wd
    }
  }

  /// Paths of every file known at or below `path`.
  func files(under path: String) -> Set<String> {
    var out = Set<String>()
    for dir in directories.values where Self.isWithin(dir.path, path) {
      for name in dir.files { out.insert(dir.path + "/" + name) }
    }
    return out
  }

  private mutating func addWatch(_ dir: String) -> Int32 {
    var wd: Int32
    var e: Int32 = 0
    if let limit = watchLimit, directories.count >= limit {
      wd = -1
      e = ENOSPC
    } else {
      wd = inotify_add_watch(inotifyFD, dir, InotifyMask.watched)
      if wd < 0 { e = errno }
    }
    if wd < 0 {
      if e == ENOSPC {
        reportLimit(dir)
      } else if e != ENOENT && e != ENOTDIR {
        logger.warning("cannot watch \(dir): \(String(cString: strerror(e)))")
      }
      return -1
    }
    if let existing = directories[wd], existing.path != dir {
      logger.debug("\(dir) is the same directory as \(existing.path); watched once")
      return -1
    }
    return wd
  }

  private mutating func reportLimit(_ dir: String) {
    guard !limitReported else { return }
    limitReported = true
    let current = Self.maxUserWatches()
    let suggestion = max(524_288, (current ?? 65536) * 4)
    let message =
      "inotify watch limit reached while watching \(dir): fs.inotify.max_user_watches is "
      + "\(current.map(String.init) ?? "unknown"); folders beyond it are not watched live. Raise it with "
      + "`sudo sysctl fs.inotify.max_user_watches=\(suggestion)` (persist it in /etc/sysctl.d/)"
    logger.error("\(message)")
    record(error: message)
  }

  /// The kernel's per-user watch limit, from /proc.
  static func maxUserWatches() -> Int? {
    let fd = open("/proc/sys/fs/inotify/max_user_watches", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return nil }
    return Int(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Lists a directory without following symbolic links: (name, isDirectory) for directories and regular files.
  static func list(_ dir: String) -> [(String, Bool)]? {
    guard let d = opendir(dir) else { return nil }
    defer { closedir(d) }
    var out: [(String, Bool)] = []
    while let entry = readdir(d) {
      var ent = entry.pointee
      let name = withUnsafePointer(to: &ent.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      var type = ent.d_type
      if type == UInt8(DT_UNKNOWN) {
        var st = stat()
        guard lstat(dir + "/" + name, &st) == 0 else { continue }
        let fmt = st.st_mode & S_IFMT
        type = fmt == S_IFDIR ? UInt8(DT_DIR) : fmt == S_IFREG ? UInt8(DT_REG) : UInt8(DT_UNKNOWN)
      }
      if type == UInt8(DT_DIR) {
        out.append((name, true))
      } else if type == UInt8(DT_REG) {
        out.append((name, false))
      }
    }
    return out
  }
}
