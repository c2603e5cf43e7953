import Foundation
import Indexer
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The changes of commit `generation` in the crash test's deterministic schedule: five new documents, one update
/// and one delete of earlier ones.
private func applySchedule(_ generation: Int, to model: inout [String: String]) -> (
  adds: [(String, String)], deletes: [String]
) {
  var adds: [(String, String)] = []
  var deletes: [String] = []
  for i in 0..<5 { adds.append(("g\(generation)-\(i)", "gen\(generation) doc \(i) words \(generation % 7) common")) }
  if generation > 2 { adds.append(("g\(generation - 2)-1", "updated in gen\(generation) common")) }
  if generation > 3 { deletes.append("g\(generation - 3)-2") }
  for d in deletes { model[d] = nil }
  for (id, body) in adds { model[id] = body }
  return (adds, deletes)
}

/// Runs only inside the child process the crash test spawns (the environment names the index); a no-op otherwise.
@Suite struct IndexCrashChild {
  @Test func writesAndCommitsUntilKilled() throws {
    guard let dir = ProcessInfo.processInfo.environment["SEEK_CRASH_CHILD_INDEX"] else { return }
    let writer = try IndexWriter(
      directory: dir, options: IndexWriter.Options(memoryBudget: 128 << 10, mergeFactor: 3, sync: false))
    var model: [String: String] = [:]
    var generation = writer.committedGeneration
    while true {
      generation += 1
      let (adds, deletes) = applySchedule(generation, to: &model)
      for d in deletes { writer.delete(id: d) }
      for (id, body) in adds { try writer.update(IndexTestDocs.document(id: id, body: body)) }
      try writer.commit()
    }
  }
}

/// Spawns the test binary as a writer that commits in a loop, kills it with SIGKILL at random moments, and checks
/// after every kill that the index opens at its last commit with every document of that commit, and passes the
/// checker.
@Suite struct IndexCrashTests {
  @Test func sigkillDuringCommitsLeavesLastCommitIntact() throws {
    let dir = TemporaryIndex()
    var rng = SeededRandom(seed: UInt64(getpid()))
    guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
      print("crash test skipped: /proc/self/exe is not available")
      return
    }
    var generations: [Int] = []
    for round in 0..<20 {
      let before = manifestInode(dir.path)
      let pid = try spawnChild(executable, index: dir.path)
      // The child is a whole test binary; under load it can take longer than the kill delay to start. Wait until
      // it has committed once in this round, so every kill lands inside the commit loop.
      let started = waitForNewCommit(dir.path, after: before, child: pid)
      #expect(started, "round \(round): the child never committed within 60 s")
      usleep(UInt32(Int.random(in: 0..<350_000, using: &rng)))
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      guard access(dir.path + "/MANIFEST", F_OK) == 0 else { continue }
      let reader = try IndexReader.open(directory: dir.path)
      var model: [String: String] = [:]
      if reader.generation > 0 { for g in 1...reader.generation { _ = applySchedule(g, to: &model) } }
      #expect(reader.liveCount == model.count, "round \(round), generation \(reader.generation)")
      for (id, body) in model {
        let address = try #require(reader.find(id: id), "round \(round): \(id) missing")
        #expect(try reader.storedDocument(address).body == body)
      }
      let report = IndexChecker.check(directory: dir.path)
      #expect(report.isHealthy, "round \(round): \(report.problems)")
      generations.append(reader.generation)
    }
    print("crash test: generations after each kill: \(generations)")
    #expect(generations.count >= 10)
    #expect((generations.last ?? 0) > 0)
  }

  /// The inode of the index's `MANIFEST`, or 0 when there is none; a commit replaces the file, so it changes.
  private func manifestInode(_ index: String) -> UInt64 {
    var info = stat()
    return stat(index + "/MANIFEST", &info) == 0 ? UInt64(info.st_ino) : 0
  }

  /// Polls until `MANIFEST` is replaced (the child committed) or the child exits, for at most 60 seconds.
  private func waitForNewCommit(_ index: String, after inode: UInt64, child: pid_t) -> Bool {
    for _ in 0..<12_000 {
      if manifestInode(index) != inode { return true }
      var status: Int32 = 0
      if waitpid(child, &status, WNOHANG) == child { return false }
      usleep(5_000)
    }
    return false
  }

  private func spawnChild(_ executable: String, index: String) throws -> pid_t {
    let args = [executable, "--testing-library", "swift-testing", "--filter", "IndexCrashChild"]
    var environment = ProcessInfo.processInfo.environment
    environment["SEEK_CRASH_CHILD_INDEX"] = index
    let env = environment.map { "\($0.key)=\($0.value)" }
    var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
    if rc != 0 { throw SeekError.io("posix_spawn", path: executable, errno: rc) }
    return pid
  }
}
