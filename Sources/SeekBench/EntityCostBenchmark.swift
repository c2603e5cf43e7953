import Foundation
import Indexer

/// `entity-cost [PATH...] [--runs N]`: what entity tagging adds to indexing (issue #5: at most twice the time).
/// Indexes the paths (default ../shared/data/reuters21578) with `IndexUpdater` as `seek index` does, with
/// entities off and on, alternating, each into a fresh index without fsync; prints the best wall and CPU time of
/// N runs (default 3) per mode and the on/off ratios. CPU time is steadier than wall time on a shared machine.
/// "commit" is the final commit alone (the segment write after the last document is added): best wall time, and
/// best CPU time of the calling thread (its critical path, which other load on the machine does not lengthen).
/// `--breakdown` samples every thread's CPU time during each run and prints, per phase (reading and extracting the
/// first batch, adding the documents, commit, merge), the cores in use, and the time the writer waited for chunks.
let entityCostBenchmark = Benchmark(
  name: "entity-cost",
  summary: "indexing time with entities on vs off (wall and CPU, best of N) and the ratios"
) { args in
  let arguments = try BenchmarkArguments(args, options: ["--runs"], flags: ["--breakdown"])
  let breakdown = arguments.has("--breakdown")
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
      var phases: [(String, Double)] = []
      if breakdown { updater.phaseObserver = { phases.append(($0, now())) } }
      let sampler = breakdown ? ThreadCPUSampler() : nil
      let start = now()
      let cpuStart = cpuSeconds()
      let report = try updater.index(paths: paths)
      phases.append(("indexed", now()))
      let commitStart = now()
      let commitCPUStart = threadCPUSeconds()
      try writer.commit()
      let commit = now() - commitStart
      let commitCPU = threadCPUSeconds() - commitCPUStart
      try writer.maybeMerge()
      let wall = now() - start
      let cpu = cpuSeconds() - cpuStart
      phases.append(("committed", commitStart + commit))
      phases.append(("merged", start + wall))
      if let samples = sampler?.stop() {
        printBreakdown(
          on: on, start: start, phases: phases, samples: samples, writerWait: updater.writerWaitSeconds,
          analysisWait: updater.analysisWaitSeconds)
      }
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

/// Prints, per phase of one run, its wall time, the cores the process kept busy and the run-queue wait.
private func printBreakdown(
  on: Bool, start: Double, phases: [(String, Double)], samples: [ThreadCPUSampler.Sample], writerWait: Double,
  analysisWait: Double
) {
  var parts: [String] = []
  var from = (name: "start", time: start)
  for (name, time) in phases where time > from.time {
    let u = ThreadCPUSampler.usage(samples, in: from.time...time)
    parts.append(
      String(
        format: "%@->%@ %.3f s x %.2f cores (queue wait %.2f; runnable %.2f)", from.name, name, time - from.time,
        u.cores, u.wait, u.demand))
    from = (name, time)
  }
  let total = ThreadCPUSampler.usage(samples, in: start...from.time)
  print(
    String(
      format:
        "  %@: %.2f cores over %.2f s (runnable %.2f); writer waited %.3f s for chunks, analysis %.3f s for the writer",
      on ? "on " : "off", total.cores, from.time - start, total.demand, writerWait, analysisWait))
  for part in parts { print("    " + part) }
  // Each thread's CPU time: its last sample (threads that ended are in earlier samples only).
  var lastRun: [Int: Int] = [:]
  var firstRun: [Int: Int] = [:]
  for (k, sample) in samples.enumerated() {
    for (tid, v) in sample.threads {
      lastRun[tid] = v.run
      if firstRun[tid] == nil { firstRun[tid] = k == 0 ? v.run : 0 }
    }
  }
  let perThread = lastRun.map { tid, run in (main: tid == Int(getpid()), cpu: Double(run - firstRun[tid]!) / 1e9) }
  print(
    "    CPU s per thread (* the writer's): "
      + perThread.filter { $0.cpu >= 0.01 }.sorted { $0.cpu > $1.cpu }.map {
        String(format: "%.2f%@", $0.cpu, $0.main ? "*" : "")
      }.joined(separator: " "))
  var line = "    runnable (at most 2) per 0.1 s:"
  var t = start
  while t < from.time {
    line += String(format: " %.1f", ThreadCPUSampler.usage(samples, in: t...min(from.time, t + 0.1)).demand)
    t += 0.1
  }
  print(line)
}

/// CPU seconds used by the calling thread.
private func threadCPUSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
