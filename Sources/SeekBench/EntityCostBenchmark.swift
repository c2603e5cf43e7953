import Foundation
import Indexer

/// `entity-cost [PATH...] [--runs N]`: what entity tagging adds to indexing (issue #5: at most twice the time).
/// Indexes the paths (default ../shared/data/reuters21578) with `IndexUpdater` as `seek index` does, with
/// entities off and on, alternating, each into a fresh index without fsync; prints the best wall and CPU time of
/// N runs (default 3) per mode and the on/off ratios. CPU time is steadier than wall time on a shared machine.
/// "commit" is the final commit alone (the segment write after the last document is added): best wall time, and
/// best CPU time of the calling thread (its critical path, which other load on the machine does not lengthen).
let entityCostBenchmark = Benchmark(
  name: "entity-cost",
  summary: "indexing time with entities on vs off (wall and CPU, best of N) and the ratios"
) { args in
  let arguments = try BenchmarkArguments(args, options: ["--runs"])
  var paths = arguments.positional.map(IndexLocation.absolute)
  let runs = try arguments.int("--runs", default: 3)
  if paths.isEmpty {
    let found = ["../shared/data/reuters21578", "../../shared/data/reuters21578"].first {
      FileManager.default.fileExists(atPath: $0)
    }
    guard let found else {
      throw SeekError(.invalidInput, "entity-cost: no Reuters-21578 folder in ../shared/data; pass paths to index")
    }
    paths = [IndexLocation.absolute(found)]
  }
  guard let tagger = try EntityTaggerLoader.load() else {
    throw SeekError(.invalidInput, "entity-cost: the entity tagger did not load")
  }
  let out = "/tmp/seek-bench-entity-cost-\(getpid())"
  var best: [Bool: (wall: Double, cpu: Double, commit: Double, commitCPU: Double, docs: Int)] = [:]
  for _ in 0..<runs {
    for on in [false, true] {
      try? FileManager.default.removeItem(atPath: out)
      let writer = try IndexWriter(directory: out, options: IndexWriter.Options(sync: false))
      let updater = IndexUpdater(writer: writer, tagger: on ? tagger : nil)
      let start = now()
      let cpuStart = cpuSeconds()
      let report = try updater.index(paths: paths)
      let commitStart = now()
      let commitCPUStart = threadCPUSeconds()
      try writer.commit()
      let commit = now() - commitStart
      let commitCPU = threadCPUSeconds() - commitCPUStart
      try writer.maybeMerge()
      let wall = now() - start
      let cpu = cpuSeconds() - cpuStart
      writer.close()
      let old = best[on] ?? (.infinity, .infinity, .infinity, .infinity, 0)
      best[on] = (
        min(old.wall, wall), min(old.cpu, cpu), min(old.commit, commit), min(old.commitCPU, commitCPU),
        report.documents
      )
    }
  }
  try? FileManager.default.removeItem(atPath: out)
  let off = best[false]!
  let on = best[true]!
  print("entity-cost: \(on.docs) documents, best of \(runs) runs per mode")
  for (label, m) in [("off:", off), ("on: ", on)] {
    print(
      String(
        format: "  entities %@ wall %.2f s, CPU %.2f s; commit wall %.3f s, its thread's CPU %.3f s", label, m.wall,
        m.cpu, m.commit, m.commitCPU))
  }
  print(String(format: "  on/off: wall %.2fx, CPU %.2fx (target: wall <= 2x)", on.wall / off.wall, on.cpu / off.cpu))
}

/// CPU seconds used by the calling thread.
private func threadCPUSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
