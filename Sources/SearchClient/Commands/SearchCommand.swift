import ArgumentParser
import Indexer

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

  @Option(help: "Color: auto, always or never (NO_COLOR is respected).")
  var color: ColorChoice = .auto

  func validate() throws {
    if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    if json && vimgrep { throw ValidationError("choose one of --json and --vimgrep") }
  }

  func run() throws {
    let directory = global.indexDirectory
    try IndexPresence.require(directory)
    let searcher = try Searcher(directory: directory)
    let request = SearchRequest(
      query: query.joined(separator: " "), limit: limit, offset: offset, strict: strict, snippets: true,
      facetLimit: vimgrep ? 0 : 5)
    let results = try searcher.search(request)
    let out = StandardOutput()
    if json {
      for hit in results.hits {
        var w = JSONWriter()
        SearchJSON.writeHit(hit, encoding: .utf8, to: &w)
        w.newline()
        out.write(w.bytes)
      }
      var w = JSONWriter()
      SearchJSON.writeSummary(results, to: &w)
      w.newline()
      out.write(w.bytes)
    } else if vimgrep {
      for hit in results.hits {
        let text = (hit.snippet?.text ?? hit.title).flattenedToOneLine()
        out.write("\(hit.path):\(hit.position.line):\(hit.position.column):\(text)\n")
      }
    } else {
      HitPrinter(color: color.enabled(forFileDescriptor: 1)).print(results, to: out)
    }
    out.flush()
    if results.total == 0 { throw ExitCode(1) }
  }
}
