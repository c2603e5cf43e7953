import Foundation
import Indexer

/// Thread CPU seconds: timings here are CPU time, steadier than wall time on a shared machine.
private func cpuNow() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `index-read INDEX_DIR`: reads an index written by `index-write --keep --out INDEX_DIR`: open time, term
/// lookups, postings and positions decoding, skipping, stored-document fetches.
let indexReadBenchmark = Benchmark(
  name: "index-read",
  summary: "open, term lookup, postings/positions decode, advance, stored fetch on an index (index-write --keep)"
) { args in
  guard let dir = args.first else { throw SeekError(.invalidInput, "usage: seek-bench index-read INDEX_DIR") }
  var t = cpuNow()
  let reader = try IndexReader.open(directory: dir)
  print("index-read (thread CPU time)")
  print(String(format: "  open (all checksums) %.2f ms", (cpuNow() - t) * 1000))
  t = cpuNow()
  _ = try IndexReader.open(directory: dir, verification: .structure)
  print(String(format: "  open (structure) %.2f ms", (cpuNow() - t) * 1000))
  // Collect the terms.
  var terms: [(Int, String)] = []
  for (i, s) in reader.segments.enumerated() {
    let e = s.terms(.body)
    while e.next() { terms.append((i, e.termString)) }
  }
  var rng = SystemRandomNumberGenerator()
  terms.shuffle(using: &rng)
  t = cpuNow()
  var found = 0
  for (s, term) in terms where reader.segments[s].termInfo(.body, term) != nil { found += 1 }
  var dt = cpuNow() - t
  print(String(format: "  term lookup: %d terms, %.0f ns each", found, dt / Double(terms.count) * 1e9))
  // Postings decode.
  var docs = 0
  var checksum: UInt64 = 0
  t = cpuNow()
  for s in reader.segments {
    let e = s.terms(.body)
    while e.next() {
      let it = s.postings(e.info)
      while it.nextDoc() != PostingsIterator.noMoreDocs {
        docs += 1
        checksum &+= UInt64(it.doc) &+ UInt64(it.freq)
      }
    }
  }
  dt = cpuNow() - t
  print(
    String(format: "  postings: %d (doc, freq) pairs in %.1f ms, %.0f M/s", docs, dt * 1000, Double(docs) / dt / 1e6))
  var positions = 0
  var buffer: [UInt32] = []
  t = cpuNow()
  for s in reader.segments {
    let e = s.terms(.body)
    while e.next() {
      let it = s.postings(e.info)
      while it.nextDoc() != PostingsIterator.noMoreDocs {
        it.readPositions(into: &buffer)
        positions += buffer.count
        checksum &+= UInt64(buffer.last ?? 0)
      }
    }
  }
  dt = cpuNow() - t
  print(
    String(
      format: "  with positions: %d positions in %.1f ms, %.0f M/s", positions, dt * 1000, Double(positions) / dt / 1e6)
  )
  // advance(to:) on the longest postings with strides.
  var longest: (SegmentReader, TermInfo)?
  for s in reader.segments {
    let e = s.terms(.body)
    while e.next() { if e.info.docFreq > (longest?.1.docFreq ?? 0) { longest = (s, e.info) } }
  }
  if let (s, info) = longest {
    _ = s
    for stride in [2, 16, 128, 1024] {
      var hits = 0
      t = cpuNow()
      for _ in 0..<20 {
        let it = s.postings(info)
        var target: UInt32 = 0
        while it.advance(to: target) != PostingsIterator.noMoreDocs {
          hits += 1
          target = it.doc + UInt32(stride)
        }
      }
      dt = cpuNow() - t
      print(
        String(
          format: "  advance stride %4d over df=%d: %.0f ns per advance", stride, info.docFreq, dt / Double(hits) * 1e9)
      )
    }
  }
  // Stored documents.
  let n = min(2000, reader.maxDoc)
  t = cpuNow()
  var bytes = 0
  for _ in 0..<n {
    let g = Int.random(in: 0..<reader.maxDoc, using: &rng)
    bytes += try reader.storedDocument(reader.address(ofGlobal: g)!).body.utf8.count
  }
  dt = cpuNow() - t
  print(String(format: "  stored fetch: %.1f us per document (%d random)", dt / Double(n) * 1e6, n))
  print("  (checksum \(checksum % 1000), \(bytes) body bytes)")
}
