import Dispatch
import Foundation
import Indexer
import Logging
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Watches folders recursively with inotify and delivers debounced batches of file-level ``Change``s.
///
/// Every directory gets a watch; new directories are watched and then scanned (files created before the watch
/// exist); renames are paired by cookie; a queue overflow rescans every root; when the kernel's watch limit is
/// reached the error names the sysctl that raises it. Hidden entries and editor temporaries are skipped, symbolic
/// links are not followed. A batch is delivered after `quietPeriod` without events, or at the latest
/// `maxLatency` after its first change, on a serial queue (so a slow consumer never stalls event reading).
final class InotifyWatcher: @unchecked Sendable {
  private let fd: Int32
  private var wakePipe: [Int32] = [-1, -1]
  private let lock = NSLock()
  private var tree: WatchTree
  private var roots: [String] = []
  private var rootErrors: [String: String] = [:]
  private var pending = PendingChanges()
  private var movedDirectories: [UInt32: (path: String, at: Double)] = [:]
  private var batches = 0
  private var running = false
  private let quietPeriod: Double
  private let maxLatency: Double
  private let logger: Logger
  private let deliverQueue = DispatchQueue(label: "seekd.watch.deliver")
  private let deliver: @Sendable ([Change]) -> Void
  private let stopped = DispatchSemaphore(value: 0)

  /// Creates a watcher (not yet running).
  /// - Parameters:
  ///   - filter: entries and folders to skip.
  ///   - quietPeriod: seconds without events before a batch is delivered.
  ///   - maxLatency: the longest a change waits before delivery, even during a continuous burst.
  ///   - watchLimit: pretend the kernel allows only this many watches (tests); nil for the real limit.
  ///   - logger: the daemon's logger.
  ///   - deliver: receives each batch, on a serial background queue.
  /// - Throws: ``SeekError`` when inotify is unavailable.
  init(
    filter: WatchFilter = WatchFilter(), quietPeriod: Double = 0.25, maxLatency: Double = 1.0,
    watchLimit: Int? = nil, logger: Logger, deliver: @escaping @Sendable ([Change]) -> Void
  ) throws {
    fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard fd >= 0 else { throw SeekError.io("inotify_init1", path: "inotify", errno: errno) }
    guard pipe(&wakePipe) == 0 else {
      let e = errno
      close(fd)
      throw SeekError.io("pipe", path: "inotify wake pipe", errno: e)
    }
    for p in wakePipe {
      _ = fcntl(p, F_SETFD, FD_CLOEXEC)
      _ = fcntl(p, F_SETFL, fcntl(p, F_GETFL) | O_NONBLOCK)
    }
    tree = WatchTree(inotifyFD: fd, filter: filter, watchLimit: watchLimit, logger: logger)
    self.quietPeriod = quietPeriod
    self.maxLatency = maxLatency
    self.logger = logger
    self.deliver = deliver
  }

  deinit {
    close(fd)
    close(wakePipe[0])
    close(wakePipe[1])
  }

  /// Starts the event thread.
  func start() {
    lock.lock()
    running = true
    lock.unlock()
    let thread = Thread { [self] in run() }
    thread.name = "seekd-watch"
    thread.start()
  }

  /// Stops the event thread, delivering what is pending first.
  func stop() {
    lock.lock()
    let wasRunning = running
    running = false
    lock.unlock()
    guard wasRunning else { return }
    wake()
    stopped.wait()
    deliverQueue.sync {}
  }

  /// Starts watching a folder and everything below it; its files are reported as upserts (the initial scan).
  /// - Parameter path: a folder.
  /// - Returns: the folder's canonical path (symbolic links resolved).
  /// - Throws: ``SeekError`` when the path is not a readable folder.
  @discardableResult
  func add(root path: String) throws -> String {
    guard let resolved = realpath(path, nil) else {
      throw SeekError.io("watch", path: path, errno: errno)
    }
    let root = String(cString: resolved)
    free(resolved)
    var st = stat()
    guard stat(root, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
      throw SeekError(.invalidInput, "cannot watch \(path): not a folder")
    }
    lock.lock()
    defer { lock.unlock() }
    if roots.contains(where: { WatchTree.isWithin(root, $0) }) { return root }
    // A new root containing existing ones absorbs them.
    for inner in roots where WatchTree.isWithin(inner, root) {
      roots.removeAll { $0 == inner }
      rootErrors[inner] = nil
    }
    roots.append(root)
    let now = UnixSocket.monotonicSeconds()
    tree.addTree(root) { pending.add($0, now: now) }
    if tree.directory(at: root) == nil {
      rootErrors[root] = tree.errors.last ?? "not watched"
    }
    logger.info("watching \(root): \(tree.counts(under: root).directories) folders")
    wake()
    return root
  }

  /// Stops watching a root folder (its files are not reported as removed: unwatching is not deleting).
  /// - Parameter path: a folder given to ``add(root:)``.
  /// - Returns: true when it was watched.
  func remove(root path: String) -> Bool {
    let canonical: String
    if let resolved = realpath(path, nil) {
      canonical = String(cString: resolved)
      free(resolved)
    } else {
      canonical = SeekPaths.absolute(path)
    }
    lock.lock()
    defer { lock.unlock() }
    guard let root = roots.first(where: { $0 == canonical || $0 == SeekPaths.absolute(path) }) else { return false }
    roots.removeAll { $0 == root }
    rootErrors[root] = nil
    tree.removeTree(root, unwatch: true) { _ in }
    logger.info("stopped watching \(root)")
    return true
  }

  /// A snapshot for `status`.
  var status: WatchStatus {
    lock.lock()
    defer { lock.unlock() }
    let list = roots.map { r -> WatchStatus.Root in
      let c = tree.counts(under: r)
      return WatchStatus.Root(path: r, directories: c.directories, files: c.files, error: rootErrors[r])
    }
    return WatchStatus(roots: list, errors: tree.errors, pending: pending.count, batchesDelivered: batches)
  }

  /// Applies events as if read from the kernel (tests of paths the kernel rarely takes, such as a queue overflow).
  /// - Parameter events: the events.
  func inject(_ events: [InotifyEvent]) {
    lock.lock()
    for e in events { handle(e) }
    lock.unlock()
    wake()
  }

  private func wake() {
    var b: UInt8 = 1
    _ = write(wakePipe[1], &b, 1)
  }

  // MARK: event thread

  private func run() {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var fds = [
      pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0),
    ]
    while true {
      lock.lock()
      let keepGoing = running
      let due = pending.dueTime(quiet: quietPeriod, maxLatency: maxLatency)
      let movesDue = movedDirectories.values.map { $0.at + 0.05 }.min()
      lock.unlock()
      if !keepGoing { break }
      let next = [due, movesDue].compactMap { $0 }.min()
      let timeout: Int32 = next.map { Int32(max(0, ($0 - UnixSocket.monotonicSeconds()) * 1000).rounded(.up)) } ?? -1
      let rc = poll(&fds, 2, timeout)
      if rc < 0 && errno != EINTR { break }
      if fds[1].revents != 0 {
        buffer.withUnsafeMutableBytes { while read(wakePipe[0], $0.baseAddress, $0.count) > 0 {} }
      }
      if fds[0].revents != 0 {
        while true {
          let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
          if n <= 0 { break }
          let events = buffer.withUnsafeBytes { InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
          lock.lock()
          for e in events { handle(e) }
          lock.unlock()
        }
      }
      flushIfDue(force: false)
    }
    flushIfDue(force: true)
    stopped.signal()
  }

  private func flushIfDue(force: Bool) {
    lock.lock()
    let now = UnixSocket.monotonicSeconds()
    // A folder moved out of the tree has no IN_MOVED_TO partner: after a short wait its files are removed.
    for (cookie, move) in movedDirectories where force || now - move.at >= 0.05 {
      movedDirectories[cookie] = nil
      tree.removeTree(move.path, unwatch: true) { pending.add($0, now: now) }
    }
    guard let due = pending.dueTime(quiet: quietPeriod, maxLatency: maxLatency), force || due <= now else {
      lock.unlock()
      return
    }
    let batch = pending.take()
    batches += 1
    lock.unlock()
    logger.debug("delivering \(batch.count) changes")
    let deliver = self.deliver
    deliverQueue.async { deliver(batch) }
  }

  /// Applies one event to the tree and the pending changes (lock held).
  private func handle(_ e: InotifyEvent) {
    let now = UnixSocket.monotonicSeconds()
    let emit: (Change) -> Void = { self.pending.add($0, now: now) }
    if e.mask & InotifyMask.queueOverflow != 0 {
      logger.warning("inotify queue overflowed; rescanning \(roots.count) watched folders")
      rescanAll(emit)
      return
    }
    if e.mask & InotifyMask.ignored != 0 {
      tree.forget(wd: e.wd)
      return
    }
    guard let dir = tree.directory(wd: e.wd) else { return }
    if e.mask & (InotifyMask.deleteSelf | InotifyMask.unmount) != 0
      || (e.mask & InotifyMask.moveSelf != 0 && roots.contains(dir.path))
    {
      if roots.contains(dir.path) {
        logger.warning("watched folder \(dir.path) was deleted or moved away")
        rootErrors[dir.path] = "folder deleted or moved away"
      }
      tree.removeTree(dir.path, unwatch: e.mask & InotifyMask.deleteSelf == 0, emit: emit)
      return
    }
    if e.name.isEmpty || tree.filter.skips(name: e.name) { return }
    let path = dir.path + "/" + e.name
    let isDirectory = e.mask & InotifyMask.isDir != 0
    if isDirectory {
      if e.mask & InotifyMask.create != 0 {
        tree.addTree(path, emit: emit)
      } else if e.mask & InotifyMask.movedTo != 0 {
        if let from = movedDirectories.removeValue(forKey: e.cookie) {
          tree.renameTree(from: from.path, to: path, emit: emit)
        } else {
          tree.addTree(path, emit: emit)
        }
      } else if e.mask & InotifyMask.movedFrom != 0 {
        movedDirectories[e.cookie] = (path, now)
      } else if e.mask & InotifyMask.delete != 0 {
        tree.removeTree(path, unwatch: false, emit: emit)
      }
      return
    }
    if e.mask & (InotifyMask.create | InotifyMask.closeWrite | InotifyMask.movedTo) != 0 {
      // Only regular files: symbolic links, sockets and fifos are skipped as in the scan; a file already gone
      // will get its own delete event.
      var st = stat()
      guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return }
      tree.insertFile(e.name, wd: e.wd)
      emit(.upsert(path))
    } else if e.mask & (InotifyMask.delete | InotifyMask.movedFrom) != 0 {
      tree.removeFile(e.name, wd: e.wd)
      emit(.remove(path))
    }
  }

  /// Re-reads every root after an overflow: everything present is upserted, everything gone is removed.
  private func rescanAll(_ emit: (Change) -> Void) {
    movedDirectories.removeAll()
    for root in roots {
      let before = tree.files(under: root)
      tree.removeTree(root, unwatch: true) { _ in }
      var now = Set<String>()
      tree.addTree(root) {
        now.insert($0.path)
        emit($0)
      }
      for gone in before.subtracting(now) { emit(.remove(gone)) }
    }
  }
}
