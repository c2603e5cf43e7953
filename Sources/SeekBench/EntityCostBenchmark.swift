import Foundation
import Indexer

/// `entity-cost [PATH...] [--runs N]`: what entity tagging adds to indexing (issue #5: at most twice the time).
/// Indexes the paths (default ../shared/data/reuters21578) with `IndexUpdater` as `seek index` does, with
/// entities off and on, alternating, each into a fresh index without fsync; prints the best wall and CPU time of
/// N runs (default 3) per mode and the on/off ratios. CPU time is steadier than wall time on a shared machine.
/// "commit" is the best wall time of the final commit alone (the segment write after the last document is added).
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
  var best: [Bool: (wall: Double, cpu: Double, commit: Double, docs: Int)] = [:]
  for _ in 0..<runs {
    for on in [false, true] {
      try? FileManager.default.removeItem(atPath: out)
      let writer = try IndexWriter(directory: out, options: IndexWriter.Options(sync: false))
      let updater = IndexUpdater(writer: writer, tagger: on ? tagger : nil)
      let start = now()
      let cpuStart = cpuSeconds()
      let report = try updater.index(paths: paths)
      let commitStart = now()
      try writer.commit()
      let commit = now() - commitStart
      try writer.maybeMerge()
      let wall = now() - start
      let cpu = cpuSeconds() - cpuStart
      writer.close()
      let old = best[on] ?? (Double.infinity, Double.infinity, Double.infinity, 0)
      best[on] = (min(old.wall, wall), min(old.cpu, cpu), min(old.commit, commit), report.documents)
    }
  }
  try? FileManager.default.removeItem(atPath: out)
  let off = best[false]!
  let on = best[true]!
  print("entity-cost: \(on.docs) documents, best of \(runs) runs per mode")
  print(String(format: "  entities off: wall %.2f s, CPU %.2f s, commit %.3f s", off.wall, off.cpu, off.commit))
  print(String(format: "  entities on:  wall %.2f s, CPU %.2f s, commit %.3f s", on.wall, on.cpu, on.commit))
  print(String(format: "  on/off: wall %.2fx, CPU %.2fx (target: wall <= 2x)", on.wall / off.wall, on.cpu / off.cpu))
}
