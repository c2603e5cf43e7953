import Indexer
import SeekProtocol

/// `socket-codec`: the daemon's per-request JSON work outside the search, in isolation. It parses peers.py's search
/// request (`RPCMessage.decode`) and writes a response shaped like seekd's answer to it: 10 hits with `type`,
/// `rank`, `id` and `score`, then the summary members, framed with `RPCEncoder.response`. Run it under
/// `valgrind --tool=callgrind` for instruction counts (`--iterations N`, default 200,000).
let socketCodecBenchmark = Benchmark(
  name: "socket-codec",
  summary: "seekd's request parsing and search-response writing, ns per request [--iterations N]"
) { args in
  var iterations = 200_000
  if let i = args.firstIndex(of: "--iterations"), i + 1 < args.count, let n = Int(args[i + 1]) { iterations = n }
  let request = Array(
    #"{"jsonrpc": "2.0", "id": 1, "method": "search", "params": {"query": "0-dimensional biomaterials show inductive properties.", "limit": 10, "snippets": false, "facets": 0, "fields": ["score"], "syntax": "plain"}}"#
      .utf8)
  let ids = (0..<10).map { String(4_983 + $0 * 7_919) }
  let scores = (0..<10).map { 25.123456 - Double($0) * 1.37123 }

  func response() -> [UInt8] {
    var w = JSONWriter(capacity: 4096)
    w.beginObject()
    w.key("hits")
    w.beginArray()
    for i in 0..<10 {
      w.beginObject()
      w.key(static: "type")
      w.string(static: "hit")
      w.key(static: "rank")
      w.int(i + 1)
      w.key(static: "id")
      w.string(ids[i])
      w.key(static: "score")
      w.double(scores[i], digits: 4)
      w.endObject()
    }
    w.endArray()
    w.key("total")
    w.int(3_512)
    w.key("total_exact")
    w.bool(false)
    w.key("took_us")
    w.int(131)
    w.key("query")
    w.string("(plain) 0 dimensional biomaterials show inductive properties")
    w.key("positionEncoding")
    w.string("utf-8")
    w.key("facets")
    w.beginObject()
    w.endObject()
    w.endObject()
    return RPCEncoder.response(id: .int(1), result: w.bytes)
  }

  var sink = 0
  let decodeStart = cpuSeconds()
  for _ in 0..<iterations {
    if case .single(.request(_, let method, let params)) = RPCMessage.decode(request) {
      sink &+= method.utf8.count &+ (params?["limit"]?.intValue ?? 0)
    }
  }
  let decodeSeconds = cpuSeconds() - decodeStart
  let writeStart = cpuSeconds()
  for _ in 0..<iterations { sink &+= response().count }
  let writeSeconds = cpuSeconds() - writeStart
  print("response: \(String(decoding: response(), as: UTF8.self))")
  print(
    "socket-codec: \(iterations) iterations; decode request \(Int(decodeSeconds / Double(iterations) * 1e9)) ns, "
      + "write response \(Int(writeSeconds / Double(iterations) * 1e9)) ns (CPU time; checksum \(sink & 0xFF))")
}
