import Indexer

/// Prints search results for people: rank, title, path:line:column, snippet with highlights, top entities,
/// and a summary line with the facets. Works on the JSON result (the same whether the daemon or the CLI searched).
struct HitPrinter {
  /// Whether to use ANSI colors.
  var color: Bool

  private func styled(_ text: String, _ style: String) -> String { color ? style + text + Style.reset : text }

  /// Prints all hits and the summary.
  func print(_ result: JSONValue, to out: StandardOutput) {
    for hit in result["hits"]?.arrayValue ?? [] {
      let path = hit["path"]?.stringValue ?? ""
      let id = hit["document"]?.stringValue ?? hit["id"]?.stringValue ?? path
      var title = hit["title"]?.stringValue ?? ""
      if title.isEmpty { title = path.split(separator: "/").last.map(String.init) ?? path }
      let rank = hit["rank"]?.intValue ?? 0
      out.write("\(styled(String(rank), Style.number)). \(styled(title.flattenedToOneLine(), Style.bold))")
      out.write(styled("  \(formatScore(hit["score"]?.doubleValue ?? 0))", Style.dim) + "\n")
      let line = hit["line"]?.intValue ?? 1
      let column = hit["column"]?.intValue ?? 1
      out.write("   \(styled(id, Style.path)):\(line):\(column)\n")
      if let snippet = hit["snippet"]?.stringValue, !snippet.isEmpty {
        out.write("   \(highlighted(snippet, hit["highlights"]?.arrayValue ?? []).flattenedToOneLine())\n")
      }
      let entities = (hit["entities"]?.arrayValue ?? []).prefix(6).compactMap { e -> String? in
        guard let name = e["name"]?.stringValue, let type = e["type"]?.stringValue else { return nil }
        return "\(name) (\(type.lowercased()))"
      }
      if !entities.isEmpty { out.write("   " + styled(entities.joined(separator: " · "), Style.entity) + "\n") }
      out.write("\n")
    }
    let shown = result["hits"]?.arrayValue?.count ?? 0
    let total = result["total"]?.intValue ?? 0
    let atLeast = result["total_exact"]?.boolValue == false ? "at least " : ""
    let took = Self.milliseconds(result["took_us"]?.intValue ?? 0)
    // A page after the first says which ranks it shows ("9-10 of 10 matches").
    let first = result["hits"]?.arrayValue?.first?["rank"]?.intValue ?? 1
    let range = shown > 0 && first > 1 ? "\(first)-\(first + shown - 1)" : "\(shown)"
    out.write(styled("\(range) of \(atLeast)\(total) matches in \(took)", Style.dim) + "\n")
    var facetParts: [String] = []
    for type in [EntityType.person, .org, .loc] {
      guard let list = result["facets"]?[type.rawValue]?.arrayValue, !list.isEmpty else { continue }
      let names = list.prefix(3).map { "\($0["name"]?.stringValue ?? "") \($0["count"]?.intValue ?? 0)" }
      facetParts.append("\(type.queryField): " + names.joined(separator: ", "))
    }
    if !facetParts.isEmpty { out.write(styled(facetParts.joined(separator: "  "), Style.dim) + "\n") }
  }

  private func formatScore(_ s: Double) -> String { String((s * 100).rounded() / 100) }

  /// The snippet text with highlighted matches (bracketed without color, so they stay visible).
  private func highlighted(_ snippet: String, _ highlights: [JSONValue]) -> String {
    let bytes = Array(snippet.utf8)
    var out: [UInt8] = []
    var at = 0
    let open = Array((color ? Style.match : "[").utf8)
    let close = Array((color ? Style.reset : "]").utf8)
    let ranges = highlights.compactMap { h -> (Int, Int)? in
      guard let s = h["start"]?.intValue, let e = h["end"]?.intValue else { return nil }
      return (s, e)
    }.sorted { $0.0 < $1.0 }
    for (s, e) in ranges {
      guard s >= at, e <= bytes.count, s < e else { continue }
      out.append(contentsOf: bytes[at..<s])
      out.append(contentsOf: open)
      out.append(contentsOf: bytes[s..<e])
      out.append(contentsOf: close)
      at = e
    }
    out.append(contentsOf: bytes[at...])
    return String(decoding: out, as: UTF8.self)
  }

  /// Microseconds as "1.23 ms".
  static func milliseconds(_ micros: Int) -> String {
    let hundredths = micros / 10
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
  }
}
