import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ir-run`: indexes a judged collection's docs.jsonl in-process, runs its queries the way peers.py runs every
/// engine (lower-cased, word characters only, OR semantics), writes a TREC run for `peers.py eval`, and reports
/// indexing time, index size and per-query latency.
///
/// Usage: `seek-bench ir-run DIR [--k 1000] [--run FILE] [--index DIR] [--repeat N] [--model SPEC] [--reuse 1]`
/// where DIR holds docs.jsonl, queries.tsv (and qrels.tsv for peers.py eval). `--reuse 1` searches an index left
/// by an earlier run in the same `--index` folder instead of rebuilding it (for parameter sweeps).
let irRunBenchmark = Benchmark(name: "ir-run", summary: "index a docs.jsonl, run its queries, write a TREC run") {
  args in
  guard let dir = args.first else {
    throw SeekError(.invalidInput, "usage: seek-bench ir-run DIR [--k N] [--run FILE]")
  }
  var k = 1000
  var runPath = "/tmp/seek.run"
  var index = "/tmp/seek-ir-index"
  var repeats = 3
  var model = RankingModel()
  var reuse = false
  var i = 1
  while i + 1 < args.count {
    switch args[i] {
    case "--k": k = Int(args[i + 1]) ?? k
    case "--run": runPath = args[i + 1]
    case "--index": index = args[i + 1]
    case "--repeat": repeats = Int(args[i + 1]) ?? repeats
    case "--model": model = try parseModel(args[i + 1])
    case "--reuse": reuse = args[i + 1] == "1"
    default: throw SeekError(.invalidInput, "unknown option \(args[i])")
    }
    i += 2
  }
  if !reuse || access(index, F_OK) != 0 {
    _ = system("rm -rf '\(index)'")
    let t0 = now()
    let writer = try IndexWriter(directory: index, options: IndexWriter.Options(sync: false))
    let updater = IndexUpdater(writer: writer, tagger: nil)
    let report = try updater.index(paths: [dir + "/docs.jsonl"])
    try writer.commit()
    try writer.forceMerge()
    try writer.commit()
    writer.close()
    let indexSeconds = now() - t0
    let check = IndexChecker.check(directory: index)
    print("indexed \(report.documents) docs in \(String(format3(indexSeconds))) s; index \(check.totalBytes) bytes")
  }

  let searcher = try Searcher(reader: IndexReader.open(directory: index), model: model)
  let queries = try readQueries(dir + "/queries.tsv")
  var lines: [String] = []
  var samples: [Double] = []
  for pass in 0..<max(1, repeats) {
    for (qid, text) in queries {
      let q = text
      let s = now()
      var request = SearchRequest(query: q, limit: k, snippets: false, facetLimit: 0)
      request.storedFields = false
      request.plain = true
      let results = try searcher.search(request)
      samples.append((now() - s) * 1e6)
      if pass == 0 {
        for hit in results.hits {
          let docid = hit.id.split(separator: "#", maxSplits: 1).last.map(String.init) ?? hit.id
          lines.append("\(qid) Q0 \(docid) \(hit.rank) \(hit.score) seek")
        }
      }
    }
  }
  let out = lines.joined(separator: "\n") + "\n"
  guard let f = fopen(runPath, "w") else { throw SeekError.io("cannot write", path: runPath, errno: errno) }
  fputs(out, f)
  fclose(f)
  samples.sort()
  func pct(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count - 1) * p))] }
  print(
    "queries \(queries.count) × \(repeats): p50 \(Int(pct(0.5))) us, p99 \(Int(pct(0.99))) us (k=\(k)); run: \(runPath)"
  )
}

/// Parses `k1=1.2,title=2,title.b=0.5,headings=1.5,body.b=0.75,...` over the default model (for tuning runs).
func parseModel(_ text: String) throws -> RankingModel {
  var m = RankingModel()
  for part in text.split(separator: ",") {
    let kv = part.split(separator: "=")
    guard kv.count == 2, let v = Float(kv[1]) else { throw SeekError(.invalidInput, "bad model parameter \(part)") }
    switch kv[0] {
    case "k1": m.k1 = v
    case "title": m.title.weight = v
    case "title.b": m.title.b = v
    case "headings": m.headings.weight = v
    case "body": m.body.weight = v
    case "body.b": m.body.b = v
    case "headings.b": m.headings.b = v
    case "prox.window": m.proximityWindow = Int(v)
    case "prox.adjacent": m.proximityAdjacentPairs = v != 0
    case "stop": m.stopwordWeight = v
    case "stop.min": m.stopwordMinWords = Int(v)
    case "delta": m.lowerBound = v
    case "exact": m.exactMatch = v
    case "exact.depth": m.exactMatchDepth = Int(v)
    case "fb": m.feedbackDocs = Int(v)
    case "fb.terms": m.feedbackTerms = Int(v)
    case "fb.weight": m.feedbackWeight = v
    case "fb.min": m.feedbackMinWords = Int(v)
    case "fb.idf": m.feedbackIDF = v != 0
    case "fb.temp": m.feedbackTemperature = v
    case "fb.vectors": m.feedbackVectors = v != 0
    case "fb.depth": m.feedbackDepth = Int(v)
    case "fb.mindocs": m.feedbackMinDocs = Int(v)
    case "fb.maxshare": m.feedbackMaxShare = v
    case "coord": m.coordination = v
    case "fb.rsj": m.feedbackReweight = v
    case "prox": m.proximity = v
    case "prox.depth": m.proximityDepth = Int(v)
    case "prox.maxwords": m.proximityMaxWords = Int(v)
    default: throw SeekError(.invalidInput, "unknown model parameter \(kv[0])")
    }
  }
  return m
}

func format3(_ x: Double) -> String { String(Double(Int(x * 1000)) / 1000) }

/// What peers.py does to every query: lower-case, keep runs of letters and digits.
func sanitize(_ text: String) -> String {
  var words: [String] = []
  var current = ""
  for scalar in text.lowercased().unicodeScalars {
    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
      current.unicodeScalars.append(scalar)
    } else if !current.isEmpty {
      words.append(current)
      current = ""
    }
  }
  if !current.isEmpty { words.append(current) }
  return words.filter { !["and", "or", "not"].contains($0) }.joined(separator: " ")
}

func readQueries(_ path: String) throws -> [(String, String)] {
  guard let f = fopen(path, "r") else { throw SeekError.io("cannot read", path: path, errno: errno) }
  defer { fclose(f) }
  var queries: [(String, String)] = []
  var line: UnsafeMutablePointer<CChar>? = nil
  var cap = 0
  while getline(&line, &cap, f) > 0 {
    let s = String(cString: line!).trimmingTrailingNewline()
    let parts = s.split(separator: "\t", maxSplits: 1).map(String.init)
    if parts.count == 2 && !["id", "qid", "query-id", "query_id"].contains(parts[0].lowercased()) {
      queries.append((parts[0], parts[1]))
    }
  }
  free(line)
  return queries
}

extension String {
  func trimmingTrailingNewline() -> String {
    var s = self
    while s.hasSuffix("\n") || s.hasSuffix("\r") { s.removeLast() }
    return s
  }
}
