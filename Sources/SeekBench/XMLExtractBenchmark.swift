import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `extract-sgml [DIR]`: extraction of every Reuters-21578 file (default `../shared/data/reuters21578`).
let extractSGMLBenchmark = Benchmark(
  name: "extract-sgml", summary: "extract all Reuters-21578 .sgm files; prints documents and MB/s"
) { args in
  let dir = args.first ?? "../shared/data/reuters21578"
  let paths = (0..<22).map { dir + "/reut2-0" + ($0 < 10 ? "0" : "") + String($0) + ".sgm" }
  try runExtractBenchmark(paths: paths)
}

/// `extract-ndjson [FILE]`: extraction of an NDJSON file (default `../shared/data/ir/scifact/docs.jsonl`).
let extractNDJSONBenchmark = Benchmark(
  name: "extract-ndjson", summary: "extract a docs.jsonl file; prints documents and MB/s"
) { args in
  try runExtractBenchmark(paths: [args.first ?? "../shared/data/ir/scifact/docs.jsonl"])
}

/// An error naming a file the benchmark cannot read.
private struct BenchmarkInputError: Error, CustomStringConvertible {
  var description: String
}

/// Loads the files, then extracts them from memory five times; prints the best run.
/// - Parameter paths: the input files.
/// - Throws: ``BenchmarkInputError`` when a file cannot be read.
private func runExtractBenchmark(paths: [String]) throws {
  var inputs: [(String, [UInt8])] = []
  for path in paths {
    guard let f = fopen(path, "rb") else {
      throw BenchmarkInputError(description: "cannot open \(path); pass the file or folder as an argument")
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    fclose(f)
    inputs.append((path, bytes))
  }
  let totalBytes = inputs.reduce(0) { $0 + $1.1.count }
  let extractor = Extractor()
  var best = Double.infinity
  var documents = 0
  var withBody = 0
  var diagnostics = 0
  for _ in 0..<5 {
    let start = now()
    documents = 0
    withBody = 0
    diagnostics = 0
    for (path, bytes) in inputs {
      let result = extractor.extract(bytes: bytes, path: path)
      documents += result.documents.count
      diagnostics += result.diagnostics.count
      for doc in result.documents {
        if !doc.body.isEmpty { withBody += 1 }
        diagnostics += doc.diagnostics.count
      }
    }
    best = min(best, now() - start)
  }
  let mb = Double(totalBytes) / 1e6
  print(
    "files \(inputs.count)  MB \(format2(mb))  documents \(documents)  with body \(withBody)  "
      + "diagnostics \(diagnostics)  best of 5: \(format2(best)) s  \(format2(mb / best)) MB/s")
}

/// A number with two decimals.
private func format2(_ v: Double) -> String {
  let scaled = Int((v * 100).rounded())
  let frac = scaled % 100
  return "\(scaled / 100).\(frac < 10 ? "0" : "")\(frac)"
}
