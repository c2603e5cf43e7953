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
  var bodyBytes = 0
  var boilerplateBytes = 0
  var diagnostics = 0
  for round in 0..<3 {
    bodyBytes = 0
    boilerplateBytes = 0
    diagnostics = 0
    let start = now()
    for (path, bytes) in files {
      let result = extractor.extract(bytes: bytes, path: path, format: .html)
      for doc in result.documents {
        bodyBytes += doc.body.utf8.count
        boilerplateBytes += doc.boilerplate.utf8.count
        diagnostics += doc.diagnostics.count
      }
    }
    let seconds = now() - start
    best = min(best, seconds)
    print(
      "round \(round + 1): \(String(format: "%.3f", seconds)) s, "
        + "\(String(format: "%.1f", Double(totalBytes) / seconds / 1e6)) MB/s")
  }
  print(
    "extract-html: \(files.count) files, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB, main content "
      + "\(mainContent ? "on" : "off"): best \(String(format: "%.3f", best)) s = "
      + "\(String(format: "%.1f", Double(totalBytes) / best / 1e6)) MB/s; body \(bodyBytes / 1000) KB, "
      + "boilerplate \(boilerplateBytes / 1000) KB, \(diagnostics) diagnostics")
}
