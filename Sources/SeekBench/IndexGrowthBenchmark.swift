import Dispatch
import Foundation
import Indexer

/// `index-growth PATH... [--out DIR] [--budget MB] [--batch FILES] [--keep]`: indexes files and folders into one
/// new index the way `seek index` does (parallel extraction and analysis per batch of files, entity tagging off,
/// bodies of text and NDJSON records kept in their sources, one commit at the end) and prints the wall time per
/// document for each tenth of the documents: the extraction time of a batch shared by its documents plus each
/// document's own time in the index writer (buffering, flushes, merges). Flat figures mean indexing does not slow
/// down as the index grows; the writer-only column isolates the part that could.
let indexGrowthBenchmark = Benchmark(
  name: "index-growth",
  summary: "index many sources into one index; wall time per document for each tenth (flat = no slowdown)"
) { args in
  var paths: [String] = []
  var budget = 256
  var batchSize = 16
  var out = "/tmp/seek-bench-growth-\(getpid())"
  var keep = false
  var i = 0
  while i < args.count {
    switch args[i] {
    case "--budget":
      i += 1
      budget = Int(args[i]) ?? budget
    case "--batch":
      i += 1
      batchSize = max(1, Int(args[i]) ?? batchSize)
    case "--out":
      i += 1
      out = args[i]
    case "--keep": keep = true
    default: paths.append(args[i])
    }
    i += 1
  }
  if paths.isEmpty {
    throw SeekError(.invalidInput, "index-growth needs files or folders (see bench/storage.sh)")
  }
  let files = expandGrowthPaths(paths)
  try? FileManager.default.removeItem(atPath: out)
  let writer = try IndexWriter(directory: out, options: IndexWriter.Options(memoryBudget: budget << 20, sync: true))
  let extractor = Extractor()
  let builder = IndexableDocumentBuilder()
  var totalCost: [Double] = []
  var writerCost: [Double] = []
  var kinds: [DocumentKind] = []
  var docBytes: [Double] = []
  var inputBytes = 0
  let start = now()
  let cpuStart = cpuSeconds()
  var next = 0
  while next < files.count {
    let batch = Array(files[next..<min(files.count, next + batchSize)])
    next += batch.count
    let t0 = now()
    let results = GrowthResults(count: batch.count)
    DispatchQueue.concurrentPerform(iterations: batch.count) { k in
      guard let data = FileManager.default.contents(atPath: batch[k]) else { return }
      let bytes = [UInt8](data)
      let extracted = extractor.extract(bytes: bytes, path: batch[k])
      var docs: [IndexableDocument] = []
      bytes.withUnsafeBufferPointer { fileBytes in
        var locator = ExternalBodyLocator(fileBytes)
        for doc in extracted.documents {
          var indexable = builder.build(doc)
          indexable.externalBody = locator.reference(for: doc)
          docs.append(indexable)
        }
      }
      results.set(k, docs: docs, bytes: bytes.count)
    }
    let all = results.all()
    inputBytes += all.bytes
    let share = (now() - t0) / Double(max(1, all.docs.count))
    let bytesShare = Double(all.bytes) / Double(max(1, all.docs.count))
    for doc in all.docs {
      let w0 = now()
      try writer.update(doc)
      let spent = now() - w0
      totalCost.append(share + spent)
      writerCost.append(spent)
      kinds.append(doc.stored.kind)
      docBytes.append(bytesShare)
    }
  }
  let addDone = now()
  try writer.commit()
  let end = now()
  let cpu = cpuSeconds() - cpuStart
  let segments = writer.segmentCount
  writer.close()
  let n = totalCost.count
  print(
    "index-growth: \(n) documents, \(files.count) files, \(String(format: "%.1f", Double(inputBytes) / 1e6)) MB, "
      + "budget \(budget) MB")
  print(
    String(
      format: "  wall %.2f s (adding %.2f s, final commit %.2f s), CPU %.2f s, %.0f docs/s, %d segments",
      end - start, addDone - start, end - addDone, cpu, Double(n) / (end - start), segments))
  print("  tenth | docs  | us/doc (all) | us/doc (writer) | us/KB (all) | mix")
  for t in 0..<10 {
    let range = (t * n / 10)..<((t + 1) * n / 10)
    guard !range.isEmpty else { continue }
    let all = totalCost[range].reduce(0, +) / Double(range.count) * 1e6
    let writes = writerCost[range].reduce(0, +) / Double(range.count) * 1e6
    let perKB = totalCost[range].reduce(0, +) / max(1, docBytes[range].reduce(0, +) / 1000) * 1e6
    var mix: [String: Int] = [:]
    for k in kinds[range] { mix[k.rawValue, default: 0] += 1 }
    let mixText = mix.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print(
      String(format: "  %5d | %5d | %12.1f | %15.1f | %11.1f | ", t + 1, range.count, all, writes, perKB) + mixText)
  }
  let report = IndexChecker.check(directory: out)
  print(
    "  index \(report.totalBytes) bytes; peak RSS (VmHWM) \(peakRSSKilobytes()) kB; checker "
      + (report.isHealthy ? "ok" : report.problems.joined(separator: "; ")))
  if !keep { try? FileManager.default.removeItem(atPath: out) }
}

/// Files below the given paths (folders walked recursively, sorted), in argument order.
private func expandGrowthPaths(_ paths: [String]) -> [String] {
  var files: [String] = []
  for path in paths {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
    if !isDirectory.boolValue {
      files.append(path)
      continue
    }
    let children = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
    for child in children.sorted() where SourceFormat.forPath(child) != nil {
      files.append(path + "/" + child)
    }
  }
  return files
}

/// The documents of one batch of files, filled in parallel (each slot by one thread).
private final class GrowthResults: @unchecked Sendable {
  private var docs: [[IndexableDocument]]
  private var bytes: [Int]

  init(count: Int) {
    docs = Array(repeating: [], count: count)
    bytes = Array(repeating: 0, count: count)
  }

  func set(_ k: Int, docs d: [IndexableDocument], bytes b: Int) {
    docs[k] = d
    bytes[k] = b
  }

  func all() -> (docs: [IndexableDocument], bytes: Int) {
    (docs.flatMap { $0 }, bytes.reduce(0, +))
  }
}
