/// Every benchmark, by name. Add a line when you add a benchmark file.
let allBenchmarks: [Benchmark] = [
  irRunBenchmark,
  daemonLoadBenchmark,
  TokenizeBenchmark.tokenize, TokenizeBenchmark.analyze,
  extractSGMLBenchmark, extractNDJSONBenchmark, extractFeedBenchmark,
  tagBenchmark, entityCostBenchmark,
  htmlExtractBenchmark,
  extractAnalyzeBenchmark,
  indexWriteBenchmark, indexGrowthBenchmark,
  indexReadBenchmark,
  searchLatencyBenchmark, searchPageBenchmark,
  socketCodecBenchmark,
]
