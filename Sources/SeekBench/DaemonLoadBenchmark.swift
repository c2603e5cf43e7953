import Dispatch
import Foundation
import Indexer
import SeekProtocol

/// `daemon-load`: many concurrent clients sending searches to a running seekd; reports errors, lost responses and
/// latency percentiles. Run it while the daemon indexes (see `bench/daemon-load.sh`).
///
/// Usage: `seek-bench daemon-load --socket S [--clients 32] [--requests 2000] [--queries queries.tsv]`.
let daemonLoadBenchmark = Benchmark(name: "daemon-load", summary: "concurrent clients searching a running seekd") {
  args in
  var socket = ""
  var clients = 32
  var requests = 2000
  var queriesPath = "/work/shared/data/ir/scifact/queries.tsv"
  var i = 0
  while i + 1 < args.count {
    switch args[i] {
    case "--socket": socket = args[i + 1]
    case "--clients": clients = Int(args[i + 1]) ?? clients
    case "--requests": requests = Int(args[i + 1]) ?? requests
    case "--queries": queriesPath = args[i + 1]
    default: throw SeekError(.invalidInput, "unknown option \(args[i])")
    }
    i += 2
  }
  guard !socket.isEmpty else { throw SeekError(.invalidInput, "--socket is required") }
  let queries = try readQueries(queriesPath).map { sanitize($0.1) }.filter { !$0.isEmpty }
  guard !queries.isEmpty else { throw SeekError(.invalidInput, "no queries in \(queriesPath)") }
  let totals = LoadTotals()
  let (socketPath, perClient) = (socket, requests)
  let started = now()
  DispatchQueue.concurrentPerform(iterations: clients) { c in
    var local: [Double] = []
    var localErrors: [String] = []
    var localAnswered = 0
    do {
      let client = try SeekClient(socketPath: socketPath, timeout: 60)
      for r in 0..<perClient {
        let q = queries[(c * 7919 + r) % queries.count]
        let t = now()
        do {
          let result = try client.call(
            "search", params: .object([("query", .string(q)), ("limit", .number(10)), ("facets", .number(0))]))
          if result["hits"] != nil { localAnswered += 1 } else { localErrors.append("no hits member") }
        } catch {
          localErrors.append("\(error)")
        }
        local.append((now() - t) * 1e6)
      }
    } catch {
      localErrors.append("connect: \(error)")
    }
    totals.add(local, localErrors, localAnswered)
  }
  var latencies = totals.latencies
  let errors = totals.errors
  let answered = totals.answered
  let seconds = now() - started
  latencies.sort()
  func pct(_ p: Double) -> Int {
    latencies.isEmpty ? 0 : Int(latencies[min(latencies.count - 1, Int(Double(latencies.count - 1) * p))])
  }
  print(
    "clients \(clients) × \(requests): answered \(answered) of \(clients * requests), errors \(errors.count); "
      + "p50 \(pct(0.5)) us, p99 \(pct(0.99)) us, max \(pct(1.0)) us; \(Int(Double(answered) / seconds)) searches/s")
  for e in Set(errors).prefix(5) { print("error: \(e)") }
}

/// Results gathered from the client threads.
private final class LoadTotals: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var latencies: [Double] = []
  private(set) var errors: [String] = []
  private(set) var answered = 0

  func add(_ l: [Double], _ e: [String], _ a: Int) {
    lock.lock()
    latencies += l
    errors += e
    answered += a
    lock.unlock()
  }
}
