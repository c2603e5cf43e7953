import Foundation
import Indexer

/// `tokenize` and `analyze`: tokenizer and full analyzer throughput over plain text.
///
/// The corpus is the title and text of every record in `../shared/data/ir/*/docs.jsonl` (English, ~10 MB), or with
/// the argument `html` the raw bytes of the first 400 `../shared/data/html/wikipedia-2007` pages, or any files
/// given as arguments.
enum TokenizeBenchmark {
  static let tokenize = Benchmark(
    name: "tokenize", summary: "Tokenizer (folding, no stemming) over plain text, MB/s [html|FILES...]"
  ) { args in
    let corpus = try loadCorpus(args)
    let tokenizer = Tokenizer()
    let began = now()
    _ = tokenizer.tokens("warm up the table")
    print(String(format: "character table ready in %.1f ms (first use)", (now() - began) * 1000))
    measure(corpus, label: "tokenize") { buffer in
      var count = 0
      var bytes = 0
      tokenizer.tokenize(buffer) { _, _, folded in
        count += 1
        bytes &+= folded.count
      }
      return count + (bytes & 1)
    }
  }

  static let analyze = Benchmark(
    name: "analyze",
    summary: "Analyzer (tokenize + Snowball English stemming), Token and TokenBytes paths, MB/s [html|FILES...]"
  ) { args in
    let corpus = try loadCorpus(args)
    let analyzer = Analyzer(language: "en")
    measure(corpus, label: "analyze") { buffer in
      var count = 0
      analyzer.analyze(buffer) { token in count += token.term.utf8.count > 0 ? 1 : 0 }
      return count
    }
    measure(corpus, label: "analyze, bytes path") { buffer in
      var count = 0
      analyzer.analyzeBytes(buffer) { token in count += token.term.count > 0 ? 1 : 0 }
      return count
    }
  }

  /// Runs `body` over the corpus ten times and prints the best throughput, by wall clock and by this thread's CPU
  /// time (steadier on a shared machine).
  private static func measure(_ corpus: [UInt8], label: String, _ body: (UnsafeBufferPointer<UInt8>) -> Int) {
    corpus.withUnsafeBufferPointer { buffer in
      var bestWall = Double.infinity
      var bestCPU = Double.infinity
      var tokens = 0
      for _ in 0..<10 {
        let wall = now()
        let cpu = threadCPUSeconds()
        tokens = body(buffer)
        bestCPU = min(bestCPU, threadCPUSeconds() - cpu)
        bestWall = min(bestWall, now() - wall)
      }
      let megabytes = Double(corpus.count) / 1_000_000
      print(
        String(
          format: "%@: %.1f MB, %d tokens; best of 10: wall %.3f s = %.0f MB/s, thread CPU %.3f s = %.0f MB/s", label,
          megabytes, tokens, bestWall, megabytes / bestWall, bestCPU, megabytes / bestCPU))
    }
  }

  private static func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  private static func loadCorpus(_ args: [String]) throws -> [UInt8] {
    let data = "/work/shared/data"
    var corpus: [UInt8] = []
    if args.first == "html" {
      let folder = data + "/html/wikipedia-2007"
      let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().prefix(400)
      for name in names { corpus += (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) ?? Data() }
    } else if !args.isEmpty {
      for path in args { corpus += try Data(contentsOf: URL(fileURLWithPath: path)) }
    } else {
      for set in ["cisi", "cranfield", "scifact"] {
        let text = try String(contentsOfFile: "\(data)/ir/\(set)/docs.jsonl", encoding: .utf8)
        for line in text.split(separator: "\n") {
          guard let record = try? JSONValue.parse(String(line)) else { continue }
          for field in ["title", "text"] {
            if let value = record[field]?.stringValue {
              corpus += value.utf8
              corpus.append(10)
            }
          }
        }
      }
    }
    guard !corpus.isEmpty else {
      throw SeekError(.invalidInput, "seek-bench tokenize: the corpus is empty; pass text files as arguments")
    }
    print("corpus: \(corpus.count) bytes")
    return corpus
  }
}
