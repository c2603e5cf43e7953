import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `search-latency`: in-process top-k search latency over an existing index, measured the way `peers.py bench`
/// measures every engine, so the figures sit beside Tantivy's in one table (`bench/latency.sh`).
///
/// One timed search is the work peers.py's tantivy adapter does per query: read the raw query text as plain words
/// (no operators), search the top k with BM25F and dynamic pruning, and fetch each hit's public id and score (from
/// the keyword columns; no snippets, no stored documents, no facets). Untimed warmup passes over all queries come
/// first; the timed passes repeat until `--min-samples` searches were timed or `--max-seconds` ran out. The
/// percentiles interpolate linearly between closest ranks, as peers.py (numpy's default) does.
///
/// Usage: `seek-bench search-latency INDEX QUERIES.tsv [--k 10] [--warmup 1] [--repeat 5] [--min-samples 0]
/// [--max-seconds 0] [--collection NAME] [--per-query FILE] [--model SPEC]`. Prints one JSON line with the same keys as
/// peers.py's bench record (`p50_us`, `p99_us`, `cpu_p50_us`, ...), engine `seek-inprocess`.
let searchLatencyBenchmark = Benchmark(
  name: "search-latency", summary: "in-process top-k latency on an index and a queries.tsv (as peers.py bench)"
) { args in
  guard args.count >= 2 else {
    throw SeekError(
      .invalidInput,
      "usage: seek-bench search-latency INDEX QUERIES.tsv [--k 10] [--warmup 1] [--repeat 5] [--min-samples N]")
  }
  let options = try SearchLatencyOptions(Array(args.dropFirst(2)))
  let searcher = try Searcher(reader: IndexReader.open(directory: args[0]), model: options.model)
  let queries = try readQueries(args[1])
  guard !queries.isEmpty else { throw SeekError(.invalidInput, "no queries in \(args[1])") }
  var request = SearchRequest(query: "", limit: options.k, snippets: false, facetLimit: 0)
  request.storedFields = false
  request.plain = true
  var fetched: [(String, Double)] = []
  fetched.reserveCapacity(options.k)
  /// One search as the tantivy adapter does it: parse, top k, ids and scores.
  func run(_ text: String) throws {
    request.query = text
    let results = try searcher.search(request)
    fetched.removeAll(keepingCapacity: true)
    for hit in results.hits { fetched.append((SearchJSON.publicID(hit), hit.score)) }
  }
  for _ in 0..<options.warmup {
    for (_, text) in queries { try run(text) }
  }
  let passes = max(options.repeats, (options.minSamples + queries.count - 1) / queries.count)
  var latencies: [Double] = []
  var cpu: [Double] = []
  var perQuery = [[Double]](repeating: [], count: queries.count)
  latencies.reserveCapacity(passes * queries.count)
  cpu.reserveCapacity(passes * queries.count)
  let load0 = loadAverage()
  let started = now()
  var done = 0
  for _ in 0..<passes {
    if options.maxSeconds > 0 && done > 0 && now() - started > options.maxSeconds { break }
    done += 1
    for (i, query) in queries.enumerated() {
      let c0 = threadCPUNanoseconds()
      let s = monotonicNanoseconds()
      try run(query.1)
      let e = monotonicNanoseconds()
      let c1 = threadCPUNanoseconds()
      let us = Double(e - s) / 1000
      latencies.append(us)
      cpu.append(Double(c1 - c0) / 1000)
      perQuery[i].append(us)
    }
  }
  let total = now() - started
  latencies.sort()
  cpu.sort()
  if let path = options.perQuery {
    var out = "qid\tmedian_us\tmin_us\tmax_us\n"
    for (i, query) in queries.enumerated() {
      let v = perQuery[i].sorted()
      out += "\(query.0)\t\(fixed1(percentile(v, 50)))\t\(fixed1(v[0]))\t\(fixed1(v[v.count - 1]))\n"
    }
    guard let f = fopen(path, "w") else { throw SeekError.io("cannot write", path: path, errno: errno) }
    fputs(out, f)
    fclose(f)
  }
  let fields: [(String, String)] = [
    ("kind", "\"bench\""), ("engine", "\"seek-inprocess\""), ("collection", "\"\(options.collection)\""),
    ("queries", "\(queries.count)"), ("k", "\(options.k)"), ("warmup_passes", "\(options.warmup)"),
    ("timed_passes", "\(done)"), ("samples", "\(latencies.count)"),
    ("p50_us", fixed1(percentile(latencies, 50))), ("p95_us", fixed1(percentile(latencies, 95))),
    ("p99_us", fixed1(percentile(latencies, 99))),
    ("mean_us", fixed1(latencies.reduce(0, +) / Double(latencies.count))),
    ("max_us", fixed1(latencies[latencies.count - 1])), ("qps", fixed1(Double(latencies.count) / total)),
    ("cpu_p50_us", fixed1(percentile(cpu, 50))), ("cpu_p99_us", fixed1(percentile(cpu, 99))),
    ("loadavg_1m_start", fixed1(load0)), ("loadavg_1m_end", fixed1(loadAverage())),
  ]
  print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
}

/// The command-line options of `search-latency` (the same names and defaults as `peers.py bench`).
struct SearchLatencyOptions {
  var k = 10
  var warmup = 1
  var repeats = 5
  var minSamples = 0
  var maxSeconds = 0.0
  var collection = ""
  var perQuery: String? = nil
  /// Ranking parameters (as `ir-run --model`), to compare a change with the defaults in the same build.
  var model = RankingModel()

  init(_ args: [String]) throws {
    var i = 0
    while i < args.count {
      guard i + 1 < args.count else { throw SeekError(.invalidInput, "option \(args[i]) needs a value") }
      let value = args[i + 1]
      switch args[i] {
      case "--k": k = try Self.int(value, args[i])
      case "--warmup": warmup = try Self.int(value, args[i])
      case "--repeat": repeats = try Self.int(value, args[i])
      case "--min-samples": minSamples = try Self.int(value, args[i])
      case "--max-seconds":
        guard let v = Double(value) else { throw SeekError(.invalidInput, "--max-seconds needs a number") }
        maxSeconds = v
      case "--collection": collection = value
      case "--per-query": perQuery = value
      case "--model": model = try parseModel(value)
      default: throw SeekError(.invalidInput, "unknown option \(args[i]) (see seek-bench search-latency)")
      }
      i += 2
    }
  }

  private static func int(_ text: String, _ option: String) throws -> Int {
    guard let v = Int(text), v >= 0 else { throw SeekError(.invalidInput, "\(option) needs a whole number >= 0") }
    return v
  }
}

/// The p-th percentile of sorted values, interpolating linearly between closest ranks (numpy's default, as
/// peers.py computes it).
/// - Parameters:
///   - sorted: values in increasing order.
///   - p: the percentile, 0...100.
/// - Returns: the percentile, or NaN for no values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
  guard !sorted.isEmpty else { return .nan }
  let x = Double(sorted.count - 1) * p / 100
  let lo = Int(x.rounded(.down))
  let hi = min(lo + 1, sorted.count - 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - Double(lo))
}

/// A number with one decimal, as peers.py rounds its figures.
func fixed1(_ x: Double) -> String {
  guard x.isFinite else { return "null" }
  return String((x * 10).rounded() / 10)
}

private func monotonicNanoseconds() -> Int {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
}

private func threadCPUNanoseconds() -> Int {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
}

private func loadAverage() -> Double {
  var loads = [Double](repeating: 0, count: 3)
  return getloadavg(&loads, 3) > 0 ? loads[0] : 0
}
