import Foundation
import Indexer

/// `seek-bench extract-html [DIR] [--no-main-content] [--limit N]`: HTML extraction speed on one core.
///
/// Loads every file of the directory into memory first, then times `Extractor.extract(bytes:path:format:)` alone
/// (charset choice, libxml2 parse, tree walk, main-content selection, source anchors) and prints MB/s.
let htmlExtractBenchmark = Benchmark(
  name: "extract-html",
  summary: "HTML extraction MB/s over a directory (default ../shared/data/html/wikipedia-2007)"
) { args in
  var directory = "/work/shared/data/html/wikipedia-2007"
  var mainContent = true
  var limit = Int.max
  var i = 0
  while i < args.count {
    switch args[i] {
    case "--no-main-content": mainContent = false
    case "--limit":
      i += 1
      limit = i < args.count ? Int(args[i]) ?? Int.max : Int.max
    default: directory = args[i]
    }
    i += 1
  }
  let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().prefix(limit)
  var files: [(String, [UInt8])] = []
  var totalBytes = 0
  for name in names {
    let path = directory + "/" + name
    guard let data = FileManager.default.contents(atPath: path) else { continue }
    files.append((path, [UInt8](data)))
    totalBytes += data.count
  }
  guard !files.isEmpty else {
    print("extract-html: no files in \(directory)")
    return
  }
  let extractor = Extractor(options: ExtractOptions(mainContent: mainContent))
  var best = Double.infinity
  var bestCPU = Double.infinity
  var bodyBytes = 0
  var boilerplateBytes = 0
  var diagnostics = 0
  for round in 0..<3 {
    bodyBytes = 0
    boilerplateBytes = 0
    diagnostics = 0
    let start = now()
    let startCPU = threadCPUTime()
    for (path, bytes) in files {
      let result = extractor.extract(bytes: bytes, path: path, format: .html)
      for doc in result.documents {
        bodyBytes += doc.body.utf8.count
        boilerplateBytes += doc.boilerplate.utf8.count
        diagnostics += doc.diagnostics.count
      }
    }
    let seconds = now() - start
    let cpu = threadCPUTime() - startCPU
    best = min(best, seconds)
    bestCPU = min(bestCPU, cpu)
    print(
      "round \(round + 1): \(String(format: "%.3f", seconds)) s wall, \(String(format: "%.3f", cpu)) s CPU, "
        + "\(String(format: "%.1f", Double(totalBytes) / cpu / 1e6)) MB/s of CPU time")
  }
  print(
    "extract-html: \(files.count) files, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB, main content "
      + "\(mainContent ? "on" : "off"): best \(String(format: "%.1f", Double(totalBytes) / bestCPU / 1e6)) MB/s "
      + "of one core's CPU time (\(String(format: "%.1f", Double(totalBytes) / best / 1e6)) MB/s wall); body \(bodyBytes / 1000) KB, "
      + "boilerplate \(boilerplateBytes / 1000) KB, \(diagnostics) diagnostics")
}

/// CPU seconds used by the calling thread (wall time is unreliable on a shared machine).
private func threadCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
