import Foundation
import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `index-write [DOCS.jsonl...] [--budget MB] [--repeat N] [--commit-every N] [--out DIR] [--keep]`: builds an
/// index from BEIR-style docs.jsonl files (`id`, `title`, `text`; `--repeat` indexes them N times under new ids)
/// with plain lowercase alphanumeric tokenization done here, and prints documents per second, MB per second,
/// CPU time per tenth of the input (flat = no slowdown as the index grows), index bytes per file kind, peak RSS.
let indexWriteBenchmark = Benchmark(
  name: "index-write",
  summary: "index docs.jsonl (default ../shared/data/ir/scifact) with simple tokenization; docs/s, MB/s, bytes, RSS"
) { args in
  let arguments = try BenchmarkArguments(
    args, options: ["--budget", "--repeat", "--commit-every", "--out"], flags: ["--keep"])
  let paths = arguments.positional.isEmpty ? ["../shared/data/ir/scifact/docs.jsonl"] : arguments.positional
  let budget = try arguments.int("--budget", default: 256)
  let repeatCount = try arguments.int("--repeat", default: 1)
  let commitEvery = try arguments.int("--commit-every", default: 0, minimum: 0)
  let out = arguments.string("--out") ?? "/tmp/seek-bench-index-\(getpid())"
  let keep = arguments.has("--keep")
  try? FileManager.default.removeItem(atPath: out)
  // Parse first so the figures are about indexing.
  var docs: [(id: String, title: String, text: String)] = []
  var inputBytes = 0
  for round in 0..<repeatCount {
    for (fileIndex, path) in paths.enumerated() {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw SeekError(.invalidInput, "cannot read \(path)")
      }
      inputBytes += data.count
      for line in [UInt8](data).split(separator: 0x0A) {
        let v = try line.withUnsafeBufferPointer { try JSONValue.parse($0) }
        let id = "\(round)/\(fileIndex)/" + (v["id"]?.scalarText ?? "")
        docs.append((id, v["title"]?.stringValue ?? "", v["text"]?.stringValue ?? ""))
      }
    }
  }
  let path = paths.joined(separator: " ")
  var tenthCPU: [Double] = []
  var tenthStart = cpuSeconds()
  let start = now()
  let cpuStart = cpuSeconds()
  var tokenSeconds = 0.0
  var tokens = 0
  let writer = try IndexWriter(
    directory: out, options: IndexWriter.Options(memoryBudget: budget << 20, sync: true))
  for (n, d) in docs.enumerated() {
    if (n + 1) * 10 / docs.count != n * 10 / docs.count || n + 1 == docs.count {
      let c = cpuSeconds()
      if tenthCPU.count < 10 { tenthCPU.append(c - tenthStart) }
      tenthStart = c
    }
    let t0 = now()
    let titleTerms = tokenize(d.title)
    let bodyTerms = tokenize(d.text)
    tokens += titleTerms.count + bodyTerms.count
    tokenSeconds += now() - t0
    let stored = Document(id: d.id, path: path + "#" + d.id, kind: .ndjson, title: d.title, body: d.text)
    try writer.add(
      IndexableDocument(
        id: d.id, path: path,
        fields: [FieldTerms(field: .title, terms: titleTerms), FieldTerms(field: .body, terms: bodyTerms)],
        stored: stored))
    if commitEvery > 0 && (n + 1) % commitEvery == 0 { try writer.commit() }
  }
  let addDone = now()
  try writer.commit()
  let end = now()
  let cpu = cpuSeconds() - cpuStart
  writer.close()
  let report = IndexChecker.check(directory: out)
  let seconds = end - start
  let mb = Double(inputBytes) / 1e6
  print("index-write: \(docs.count) docs, \(tokens) tokens, \(String(format: "%.1f", mb)) MB from \(path)")
  print(
    String(
      format: "  total %.2f s: %.0f docs/s, %.1f MB/s (tokenize %.2f s, add %.2f s, commit %.2f s)", seconds,
      Double(docs.count) / seconds, mb / seconds, tokenSeconds, addDone - start - tokenSeconds, end - addDone))
  print(String(format: "  CPU %.2f s (user+sys; wall time is noisy on a shared machine)", cpu))
  let perTenth = tenthCPU.map { String(format: "%.0f", $0 / Double(max(1, docs.count / 10)) * 1e6) }
  print("  CPU us per document, by tenth of the input: " + perTenth.joined(separator: " "))
  print("  index \(report.totalBytes) bytes, \(report.segmentCount) segments, \(report.termCount) terms")
  for k in report.bytesByKind.keys.sorted() { print("    \(k): \(report.bytesByKind[k]!)") }
  let postingsOnly = ["ter", "tix", "doc", "pos", "nrm"].reduce(0) { $0 + (report.bytesByKind[$1] ?? 0) }
  print("  without stored fields: \(postingsOnly) bytes")
  print(
    "  peak RSS (VmHWM): \(peakRSSKilobytes()) kB; checker: \(report.isHealthy ? "ok" : report.problems.joined(separator: "; "))"
  )
  let t0 = now()
  _ = try IndexReader.open(directory: out)
  print(String(format: "  open with full checksum verification: %.1f ms", (now() - t0) * 1000))
  if !keep { try? FileManager.default.removeItem(atPath: out) }
}

/// Lowercase ASCII alphanumeric runs; other bytes >= 0x80 are kept inside tokens.
private func tokenize(_ text: String) -> [String] {
  var out: [String] = []
  var t = text
  t.withUTF8 { bytes in
    var token: [UInt8] = []
    for b in bytes {
      if b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) {
        token.append(b)
      } else if b >= 0x41 && b <= 0x5A {
        token.append(b + 32)
      } else if !token.isEmpty {
        out.append(String(decoding: token, as: UTF8.self))
        token.removeAll(keepingCapacity: true)
      }
    }
    if !token.isEmpty { out.append(String(decoding: token, as: UTF8.self)) }
  }
  return out
}

/// Peak resident set size from /proc/self/status.
func peakRSSKilobytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
  }
  return 0
}
