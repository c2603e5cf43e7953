/// Every benchmark, by name. Add a line when you add a benchmark file.
let allBenchmarks: [Benchmark] = [
  irRunBenchmark,
  TokenizeBenchmark.tokenize, TokenizeBenchmark.analyze,
  extractSGMLBenchmark, extractNDJSONBenchmark,
]
