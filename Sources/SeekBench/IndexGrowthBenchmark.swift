import Foundation
import Indexer

/// `index-growth PATH... [--out DIR] [--budget MB] [--batch FILES] [--keep]`: indexes files and folders into one
/// new index with `IndexUpdater`, exactly as `seek index --no-entities` does, and prints the wall time per
/// document and per KB of source for each tenth of the documents (interpolated between the updater's progress
/// reports, one per batch of files). Flat figures mean indexing does not slow down as the index grows.
let indexGrowthBenchmark = Benchmark(
  name: "index-growth",
  summary: "index many sources into one index; wall time per document for each tenth (flat = no slowdown)"
) { args in
  let arguments = try BenchmarkArguments(
    args, options: ["--budget", "--batch", "--out"], flags: ["--keep"])
  let paths = arguments.positional.map(IndexLocation.absolute)
  let budget = try arguments.int("--budget", default: 256)
  let batchSize = try arguments.int("--batch", default: 8)
  let out = arguments.string("--out") ?? "/tmp/seek-bench-growth-\(getpid())"
  let keep = arguments.has("--keep")
  if paths.isEmpty {
    throw SeekError(.invalidInput, "index-growth needs files or folders (see bench/storage.sh)")
  }
  try? FileManager.default.removeItem(atPath: out)
  let writer = try IndexWriter(directory: out, options: IndexWriter.Options(memoryBudget: budget << 20, sync: true))
  let updater = IndexUpdater(writer: writer, tagger: nil)
  updater.batchSize = batchSize
  let start = now()
  let cpuStart = cpuSeconds()
  // (documents written, source bytes read, seconds since start) after each batch.
  var marks: [(docs: Double, bytes: Double, time: Double)] = [(0, 0, 0)]
  let report = try updater.index(paths: paths) { p in
    marks.append((Double(p.documentsDone), Double(p.bytesDone), now() - start))
  }
  let addDone = now()
  try writer.commit()
  let end = now()
  let cpu = cpuSeconds() - cpuStart
  let segments = writer.segmentCount
  writer.close()
  let n = report.documents
  print(
    "index-growth: \(n) documents, \(report.added) files, \(String(format: "%.1f", Double(report.bytes) / 1e6)) MB, "
      + "budget \(budget) MB, batches of \(batchSize) files")
  print(
    String(
      format: "  wall %.2f s (adding %.2f s, final commit %.2f s), CPU %.2f s, %.0f docs/s, %d segments",
      end - start, addDone - start, end - addDone, cpu, Double(n) / (end - start), segments))
  print("  tenth | docs  | us/doc | us/KB")
  for t in 0..<10 {
    let from = Double(t * n / 10)
    let to = Double((t + 1) * n / 10)
    guard to > from else { continue }
    let seconds = interpolate(marks, at: to, \.time) - interpolate(marks, at: from, \.time)
    let kilobytes = (interpolate(marks, at: to, \.bytes) - interpolate(marks, at: from, \.bytes)) / 1000
    print(
      String(
        format: "  %5d | %5d | %6.1f | %5.1f", t + 1, Int(to - from), seconds / (to - from) * 1e6,
        seconds / max(kilobytes, 1e-9) * 1e6))
  }
  let check = IndexChecker.check(directory: out)
  print(
    "  index \(check.totalBytes) bytes; peak RSS (VmHWM) \(peakRSSKilobytes()) kB; checker "
      + (check.isHealthy ? "ok" : check.problems.joined(separator: "; ")))
  if !keep { try? FileManager.default.removeItem(atPath: out) }
}

/// A progress value (time or bytes) at a document count, interpolated linearly between progress reports.
private func interpolate(
  _ marks: [(docs: Double, bytes: Double, time: Double)], at docs: Double,
  _ value: KeyPath<(docs: Double, bytes: Double, time: Double), Double>
) -> Double {
  guard let upper = marks.firstIndex(where: { $0.docs >= docs }) else { return marks.last![keyPath: value] }
  if upper == 0 { return marks[0][keyPath: value] }
  let a = marks[upper - 1]
  let b = marks[upper]
  let f = b.docs > a.docs ? (docs - a.docs) / (b.docs - a.docs) : 1
  return a[keyPath: value] + f * (b[keyPath: value] - a[keyPath: value])
}
