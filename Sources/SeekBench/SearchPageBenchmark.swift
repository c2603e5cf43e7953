import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `search-page`: in-process searches for a page of hits as `seek search` and seekd ask for them (the query
/// language, snippets with highlights and positions, stored fields, facets), each written as the result JSON.
///
/// One timed search is `Searcher.search` plus `SearchJSON.result`, timed by the wall clock and by the thread's CPU
/// time (steadier on a loaded machine). Unless `--no-stages`, every query is also run without snippets (stored
/// documents read: `stored`) and without stored documents (`bare`): the differences of the CPU medians are the cost
/// of reading a page's stored documents and of its snippets. `--consecutive N` runs each
/// query N times in a row (an editor's live search re-sending text whose hits do not change), otherwise the passes
/// go through the whole list. The percentiles interpolate linearly between closest ranks.
///
/// Usage: `seek-bench search-page INDEX QUERIES.tsv [--k 10] [--facets 0] [--warmup 1] [--repeat 5]
/// [--consecutive 1] [--no-stages]`. Prints one JSON line (`p50_us`, `p99_us`, `cpu_p50_us`, `cpu_p99_us`, per-stage
/// CPU medians, hits per search).
let searchPageBenchmark = Benchmark(
  name: "search-page", summary: "in-process searches with snippets and stored fields, as the CLI and seekd ask"
) { arguments in
  let args = try BenchmarkArguments(
    arguments, options: ["--k", "--facets", "--warmup", "--repeat", "--consecutive"], flags: ["--no-stages"])
  guard args.positional.count == 2 else {
    throw SeekError(
      .invalidInput,
      "usage: seek-bench search-page INDEX QUERIES.tsv [--k 10] [--facets 0] [--warmup 1] [--repeat 5] "
        + "[--consecutive 1] [--no-stages]")
  }
  let k = try args.int("--k", default: 10)
  let facets = try args.int("--facets", default: 0, minimum: 0)
  let warmup = try args.int("--warmup", default: 1, minimum: 0)
  let repeats = try args.int("--repeat", default: 5)
  let consecutive = try args.int("--consecutive", default: 1)
  let stages = !args.has("--no-stages")
  let searcher = try Searcher(reader: IndexReader.open(directory: args.positional[0]))
  let queries = try readQueries(args.positional[1])
  guard !queries.isEmpty else { throw SeekError(.invalidInput, "no queries in \(args.positional[1])") }

  var full = SearchRequest(query: "", limit: k, snippets: true, facetLimit: facets)
  var stored = SearchRequest(query: "", limit: k, snippets: false, facetLimit: facets)
  var bare = stored
  bare.storedFields = false
  var hitCount = 0
  var jsonBytes = 0
  /// One search and its JSON; returns the wall and CPU microseconds it took.
  func run(_ request: inout SearchRequest, _ text: String) throws -> Sample {
    request.query = text
    let c = threadCPUMicroseconds()
    let s = now()
    let results = try searcher.search(request)
    let json = SearchJSON.result(results, encoding: .utf8)
    let sample = Sample(wall: (now() - s) * 1e6, cpu: threadCPUMicroseconds() - c)
    hitCount += results.hits.count
    jsonBytes += json.count
    return sample
  }
  for _ in 0..<warmup {
    for (_, text) in queries { _ = try run(&full, text) }
  }
  var timings: (full: [Sample], stored: [Sample], bare: [Sample]) = ([], [], [])
  hitCount = 0
  jsonBytes = 0
  let load0 = benchLoadAverage()
  let cpu0 = cpuSeconds()
  for _ in 0..<repeats {
    for (_, text) in queries {
      for _ in 0..<consecutive { timings.full.append(try run(&full, text)) }
    }
  }
  let cpuPerSearch = (cpuSeconds() - cpu0) * 1e6 / Double(max(1, timings.full.count))
  let hitsPerSearch = Double(hitCount) / Double(max(1, timings.full.count))
  let bytesPerSearch = Double(jsonBytes) / Double(max(1, timings.full.count))
  if stages {
    for _ in 0..<repeats {
      for (_, text) in queries {
        for _ in 0..<consecutive {
          timings.stored.append(try run(&stored, text))
          timings.bare.append(try run(&bare, text))
        }
      }
    }
  }
  let wall = timings.full.map(\.wall).sorted()
  let cpu = (
    full: timings.full.map(\.cpu).sorted(), stored: timings.stored.map(\.cpu).sorted(),
    bare: timings.bare.map(\.cpu).sorted()
  )
  var fields: [(String, String)] = [
    ("kind", "\"search-page\""), ("queries", "\(queries.count)"), ("k", "\(k)"), ("facets", "\(facets)"),
    ("consecutive", "\(consecutive)"), ("samples", "\(timings.full.count)"),
    ("hits_per_search", fixed1(hitsPerSearch)), ("json_bytes_per_search", fixed1(bytesPerSearch)),
    ("p50_us", fixed1(percentile(wall, 50))), ("p99_us", fixed1(percentile(wall, 99))),
    ("cpu_p50_us", fixed1(percentile(cpu.full, 50))), ("cpu_p99_us", fixed1(percentile(cpu.full, 99))),
    ("cpu_mean_us", fixed1(cpuPerSearch)),
  ]
  if stages {
    let p50 = (full: percentile(cpu.full, 50), stored: percentile(cpu.stored, 50), bare: percentile(cpu.bare, 50))
    fields += [
      ("bare_cpu_p50_us", fixed1(p50.bare)), ("stored_cpu_p50_us", fixed1(p50.stored)),
      ("stored_documents_us", fixed1(p50.stored - p50.bare)), ("snippets_us", fixed1(p50.full - p50.stored)),
      ("snippets_us_per_hit", fixed1((p50.full - p50.stored) / max(1, hitsPerSearch))),
    ]
  }
  fields += [("loadavg_1m_start", fixed1(load0)), ("loadavg_1m_end", fixed1(benchLoadAverage()))]
  print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
}

/// One search's wall and CPU microseconds.
private struct Sample {
  var wall: Double
  var cpu: Double
}

private func threadCPUMicroseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
}

private func benchLoadAverage() -> Double {
  var loads = [Double](repeating: 0, count: 3)
  return getloadavg(&loads, 3) > 0 ? loads[0] : 0
}
