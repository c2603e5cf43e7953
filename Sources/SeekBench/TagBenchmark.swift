import Foundation
import Indexer

/// `seek-bench tag [DIR] [DOCS]`: entity-tagger throughput (model + rules + normalization) on one core, over
/// Reuters-21578 bodies (default ../shared/data/reuters21578, first 5000 documents), plus model load time.
let tagBenchmark = Benchmark(
  name: "tag",
  summary: "entity tagger tokens/second over Reuters-21578 bodies (one core) and model load time"
) { args in
  let directory =
    args.first ?? ["../shared/data/reuters21578", "../../shared/data/reuters21578"].first {
      FileManager.default.fileExists(atPath: $0)
    } ?? "../shared/data/reuters21578"
  let limit = args.count > 1 ? Int(args[1]) ?? 5000 : 5000
  let texts = WordClusters.reutersTexts(directory: directory).prefix(limit).map {
    String(decoding: $0, as: UTF8.self)
  }
  guard !texts.isEmpty else {
    throw SeekError(.invalidInput, "seek-bench tag: no Reuters SGML files in \(directory); pass the folder")
  }
  var t0 = now()
  let tagger = try EntityTagger.load()
  let loadMs = (now() - t0) * 1000
  t0 = now()
  if let path = EntityTagger.bundledModelPath { _ = try EntityTagger(modelPath: path) }
  let reloadMs = (now() - t0) * 1000
  var tokens = 0
  var bytes = 0
  for t in texts {
    tokens += NERTokenizer.tokenize(Array(t.utf8)).count
    bytes += t.utf8.count
  }
  var best = Double.infinity
  var entities = 0
  for _ in 0..<3 {
    t0 = now()
    entities = 0
    for t in texts { entities += tagger.tag(t).count }
    best = min(best, now() - t0)
  }
  print(
    String(
      format: "tag: %d docs, %d tokens, %.1f MB, %d entities; best of 3: %.3f s = %.0f tokens/s, %.1f MB/s",
      texts.count, tokens, Double(bytes) / 1e6, entities, best, Double(tokens) / best, Double(bytes) / 1e6 / best))
  print(String(format: "model load: first %.1f ms, again from file %.1f ms", loadMs, reloadMs))
  let counting = NERScoreCache()
  for t in texts { _ = tagger.tag(t, cache: counting) }
  let scored = counting.scoredTokens
  let skipped = counting.skippedTokens
  print(
    String(
      format: "scored %d tokens, tagged %d obvious O's without scoring (%.1f%%)", scored, skipped,
      100 * Double(skipped) / Double(max(scored + skipped, 1))))
}
