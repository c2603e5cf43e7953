import Foundation
import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `index-write [DOCS.jsonl] [--budget MB] [--out DIR] [--keep]`: builds an index from a BEIR-style docs.jsonl
/// (`id`, `title`, `text`) with plain lowercase alphanumeric tokenization done here, and prints documents per
/// second, MB per second, index bytes per file kind, and peak RSS.
let indexWriteBenchmark = Benchmark(
  name: "index-write",
  summary: "index docs.jsonl (default ../shared/data/ir/scifact) with simple tokenization; docs/s, MB/s, bytes, RSS"
) { args in
  var path = "../shared/data/ir/scifact/docs.jsonl"
  var budget = 256
  var out = "/tmp/seek-bench-index-\(getpid())"
  var keep = false
  var i = 0
  while i < args.count {
    switch args[i] {
    case "--budget":
      i += 1
      budget = Int(args[i]) ?? budget
    case "--out":
      i += 1
      out = args[i]
    case "--keep": keep = true
    default: path = args[i]
    }
    i += 1
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw SeekError(.invalidInput, "cannot read \(path)")
  }
  try? FileManager.default.removeItem(atPath: out)
  let lines = [UInt8](data).split(separator: 0x0A)
  // Parse first so the figures are about indexing.
  var docs: [(id: String, title: String, text: String)] = []
  for line in lines {
    let v = try line.withUnsafeBufferPointer { try JSONValue.parse($0) }
    docs.append((v["id"]?.scalarText ?? "", v["title"]?.stringValue ?? "", v["text"]?.stringValue ?? ""))
  }
  let start = now()
  let cpuStart = cpuSeconds()
  var tokenSeconds = 0.0
  var tokens = 0
  let writer = try IndexWriter(
    directory: out, options: IndexWriter.Options(memoryBudget: budget << 20, sync: true))
  for d in docs {
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
  }
  let addDone = now()
  try writer.commit()
  let end = now()
  let cpu = cpuSeconds() - cpuStart
  writer.close()
  let report = IndexChecker.check(directory: out)
  let seconds = end - start
  let mb = Double(data.count) / 1e6
  print("index-write: \(docs.count) docs, \(tokens) tokens, \(String(format: "%.1f", mb)) MB from \(path)")
  print(
    String(
      format: "  total %.2f s: %.0f docs/s, %.1f MB/s (tokenize %.2f s, add %.2f s, commit %.2f s)", seconds,
      Double(docs.count) / seconds, mb / seconds, tokenSeconds, addDone - start - tokenSeconds, end - addDone))
  print(String(format: "  CPU %.2f s (user+sys; wall time is noisy on a shared machine)", cpu))
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

/// User + system CPU seconds of this process.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Peak resident set size from /proc/self/status.
func peakRSSKilobytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
  }
  return 0
}
