import ArgumentParser
import Indexer
import SeekProtocol

/// `seek search QUERY`: ranked hits with snippets, positions and entities.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search", abstract: "Search the index (exit status 1 when nothing matches).",
    discussion: "Query syntax: seek help query")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The query, e.g. 'export controls org:Huawei'.")
  var query: [String]

  @Option(help: "Hits to show.")
  var limit: Int = 10

  @Option(help: "Hits to skip.")
  var offset: Int = 0

  @Flag(help: "One JSON object per line: the hits, then a summary.")
  var json = false

  @Flag(help: "One line per hit: path:line:column:snippet (for Vim's grepprg, fzf, telescope).")
  var vimgrep = false

  @Flag(help: "Report malformed queries as errors (with their column) instead of reading them leniently.")
  var strict = false

  @Flag(help: "Read the query as plain words: no operators, fields, quotes or wildcards.")
  var plain = false

  @Option(help: "Color: auto, always or never (NO_COLOR is respected).")
  var color: ColorChoice = .auto

  @Flag(help: "Print how the query is read, in canonical form, instead of searching (no index needed).")
  var explain = false

  func validate() throws {
    if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    if json && vimgrep { throw ValidationError("choose one of --json and --vimgrep") }
  }

  func run() throws {
    let text = query.joined(separator: " ")
    if explain {
      print(try Searcher.explain(text, strict: strict, plain: plain))
      return
    }
    let facets = vimgrep ? 0 : 5
    let result: JSONValue
    if let client = try DaemonRoute.client(global) {
      let params: JSONValue = .object([
        ("query", .string(text)), ("limit", .number(Double(limit))), ("offset", .number(Double(offset))),
        ("strict", .bool(strict)), ("facets", .number(Double(facets))),
        ("syntax", .string(plain ? "plain" : "query")),
      ])
      result = try client.call("search", params: params)
    } else {
      let directory = global.indexDirectory
      try IndexPresence.require(directory)
      var request = SearchRequest(
        query: text, limit: limit, offset: offset, strict: strict, snippets: true, facetLimit: facets)
      request.plain = plain
      // One search in this process: no term samples built at open (see `IndexReader.Preparation`), and no hash of
      // the large files (their decoders are safe on damaged bytes; `seek check` verifies every checksum).
      let searcher = Searcher(
        reader: try IndexReader.openForOneCommand(directory: directory))
      result = try JSONValue.parse(SearchJSON.result(try searcher.search(request), encoding: .utf8))
    }
    let hits = result["hits"]?.arrayValue ?? []
    let out = StandardOutput()
    if json {
      for hit in hits { out.write(Self.line(hit)) }
      var summary: [(String, JSONValue)] = [("type", .string("summary"))]
      for key in ["total", "total_exact", "took_us", "query", "facets"] {
        if let v = result[key] { summary.append((key, v)) }
      }
      out.write(Self.line(.object(summary)))
    } else if vimgrep {
      for hit in hits {
        let snippet = (hit["snippet"]?.stringValue ?? hit["title"]?.stringValue ?? "").flattenedToOneLine()
        out.write(
          "\(hit["path"]?.stringValue ?? ""):\(hit["line"]?.intValue ?? 1):\(hit["column"]?.intValue ?? 1):\(snippet)\n"
        )
      }
    } else {
      HitPrinter(color: color.enabled(forFileDescriptor: 1)).print(result, to: out)
    }
    out.flush()
    if (result["total"]?.intValue ?? 0) == 0 { throw ExitCode(1) }
  }

  static func line(_ value: JSONValue) -> [UInt8] {
    var w = JSONWriter()
    w.value(value)
    w.newline()
    return w.bytes
  }
}
