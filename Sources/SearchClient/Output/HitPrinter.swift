import Indexer

/// Prints search results for people: rank, title, path:line:column, snippet with highlights, top entities,
/// and a summary line.
struct HitPrinter {
  /// Whether to use ANSI colors.
  var color: Bool

  private func styled(_ text: String, _ style: String) -> String { color ? style + text + Style.reset : text }

  /// Prints all hits and the summary.
  func print(_ results: SearchResults, to out: StandardOutput) {
    for hit in results.hits {
      let title = hit.title.isEmpty ? (hit.path.split(separator: "/").last.map(String.init) ?? hit.path) : hit.title
      out.write("\(styled(String(hit.rank), Style.number)). \(styled(title.flattenedToOneLine(), Style.bold))")
      out.write(styled("  \(formatScore(hit.score))", Style.dim) + "\n")
      out.write("   \(styled(hit.id, Style.path)):\(hit.position.line):\(hit.position.column)\n")
      if let snippet = hit.snippet, !snippet.text.isEmpty {
        out.write("   \(highlighted(snippet).flattenedToOneLine())\n")
      }
      if !hit.entities.isEmpty {
        let names = hit.entities.prefix(6).map { "\($0.name) (\($0.type.rawValue.lowercased()))" }
        out.write("   " + styled(names.joined(separator: " · "), Style.entity) + "\n")
      }
      out.write("\n")
    }
    var facetLine = ""
    for type in [EntityType.person, .org, .loc] {
      guard let list = results.facets[type], !list.isEmpty else { continue }
      facetLine += "  \(type.queryField): " + list.prefix(3).map { "\($0.name) \($0.count)" }.joined(separator: ", ")
    }
    let shown = results.hits.count
    out.write(styled("\(shown) of \(results.total) matches in \(Self.milliseconds(results.tookMicros))", Style.dim) + "\n")
    if !facetLine.isEmpty { out.write(styled(String(facetLine.dropFirst(2)), Style.dim) + "\n") }
  }

  private func formatScore(_ s: Double) -> String {
    let r = (s * 100).rounded() / 100
    return String(r)
  }

  /// The snippet text with highlighted matches (bracketed without color, so they remain visible).
  private func highlighted(_ snippet: Snippet) -> String {
    let bytes = Array(snippet.text.utf8)
    var out: [UInt8] = []
    var at = 0
    let open = Array((color ? Style.match : "[").utf8)
    let close = Array((color ? Style.reset : "]").utf8)
    for h in snippet.highlights.sorted(by: { $0.snippet.utf8Start < $1.snippet.utf8Start }) {
      let s = h.snippet.utf8Start
      let e = h.snippet.utf8End
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
}

extension HitPrinter {
  /// Microseconds as "1.23 ms".
  static func milliseconds(_ micros: Int) -> String {
    let hundredths = micros / 10
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
  }
}
