import Foundation
import Indexer

/// `seek-bench extract-analyze [DIR] [--limit N] [--rounds N] [--no-main-content]`: what indexing costs before the
/// index writer, on one thread: extraction (`Extractor`) plus analysis (`IndexableDocumentBuilder.build`, the
/// indexer's own step), no entity tagging, no index writing.
///
/// Files are read from disk in every round (as `seek index` does); the split between reading, extraction and
/// analysis is timed with this thread's CPU clock. Throughput is source bytes per second.
let extractAnalyzeBenchmark = Benchmark(
  name: "extract-analyze",
  summary: "extraction + analysis MB/s on one thread, split by stage (default ../shared/data/html/wikipedia-2007)"
) { args in
  let arguments = try BenchmarkArguments(
    args, options: ["--limit", "--rounds"], flags: ["--no-main-content"])
  let directory = arguments.positional.last ?? "/work/shared/data/html/wikipedia-2007"
  let limit = try arguments.int("--limit", default: Int.max)
  let rounds = try arguments.int("--rounds", default: 3)
  let mainContent = !arguments.has("--no-main-content")
  let paths = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().prefix(limit).map {
    directory + "/" + $0
  }
  guard !paths.isEmpty else {
    throw SeekError(.invalidInput, "seek-bench extract-analyze: no files in \(directory); pass a folder of pages")
  }
  let extractor = Extractor(options: ExtractOptions(mainContent: mainContent))
  let builder = IndexableDocumentBuilder()
  var best = ExtractAnalyzeRound()
  for round in 1...rounds {
    let result = ExtractAnalyzeRound.run(paths, extractor: extractor, builder: builder)
    print(
      String(
        format: "round %d: %.3f s wall, %.3f s CPU (read %.3f, extract %.3f, analyze %.3f) = %.1f MB/s of CPU time",
        round, result.wall, result.cpu, result.read, result.extract, result.analyze,
        Double(result.bytes) / result.cpu / 1e6))
    if round == 1 || result.cpu < best.cpu { best = result }
  }
  let mb = Double(best.bytes) / 1e6
  print(
    String(
      format:
        "extract-analyze: %d files, %.1f MB, %d documents, %d terms; best of %d: %.1f MB/s of one core's CPU time "
        + "(%.1f MB/s wall); extract %.1f MB/s, analyze %.1f MB/s, read %.0f MB/s (CPU)",
      paths.count, mb, best.documents, best.terms, rounds, mb / best.cpu, mb / best.wall, mb / best.extract,
      mb / best.analyze, mb / best.read))
}

/// The figures of one pass over the files.
struct ExtractAnalyzeRound {
  var bytes = 0
  var documents = 0
  var terms = 0
  var wall = 0.0
  var cpu = 0.0
  var read = 0.0
  var extract = 0.0
  var analyze = 0.0

  /// Reads, extracts and analyzes every file once on the calling thread.
  static func run(_ paths: [String], extractor: Extractor, builder: IndexableDocumentBuilder) -> ExtractAnalyzeRound {
    var r = ExtractAnalyzeRound()
    let wallStart = now()
    let cpuStart = threadCPUSeconds()
    for path in paths {
      let t0 = threadCPUSeconds()
      // Read as the indexer reads (`FileBytes`: straight into the array, no `Data` copy).
      guard case .success(let bytes) = FileBytes.load(path: path, limit: Int.max) else { continue }
      let t1 = threadCPUSeconds()
      let result = extractor.extract(bytes: bytes, path: path)
      let t2 = threadCPUSeconds()
      for doc in result.documents {
        let indexable = builder.build(doc)
        for field in indexable.fields { r.terms += field.terms.count }
      }
      let t3 = threadCPUSeconds()
      r.read += t1 - t0
      r.extract += t2 - t1
      r.analyze += t3 - t2
      r.bytes += bytes.count
      r.documents += result.documents.count
    }
    r.cpu = threadCPUSeconds() - cpuStart
    r.wall = now() - wallStart
    return r
  }

  private static func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
