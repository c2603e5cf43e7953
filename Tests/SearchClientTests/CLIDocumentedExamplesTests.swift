import Foundation
import Indexer
import TestSupport
import Testing

/// What the documentation promises about `seek` commands, checked against the binary: `seek help query` prints
/// docs/query-language.md, and the documented `--explain` example prints what the page says.
@Suite struct CLIDocumentedExamplesTests {
  @Test func helpQueryPrintsTheQueryLanguagePage() throws {
    let page = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/query-language.md", encoding: .utf8)
    let help = try Binaries.run("seek", ["help", "query"])
    #expect(help.status == 0)
    #expect(help.stdout == page, "seek help query differs from docs/query-language.md")
  }

  @Test func explainPrintsTheDocumentedCanonicalForm() throws {
    // The example of docs/query-language.md, "Seeing how a query was read"; no index is needed.
    let missing = Fixtures.temporaryDirectory("seek-explain") + "/no-index"
    defer { Fixtures.removeTree(missing + "/..") }
    let out = try Binaries.run(
      "seek", ["search", "--index", missing, "--explain", "deepseek AND (chips OR wafers~) lang:en -nvidia"])
    #expect(out.status == 0, "stderr: \(out.stderr)")
    #expect(out.stdout == "+deepseek +(chips wafers~1) lang:en -nvidia\n")
    let page = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/query-language.md", encoding: .utf8)
    #expect(page.contains("    " + out.stdout))
  }

  @Test func indexOptionHelpNamesEveryPlaceTheIndexIsLookedFor() throws {
    // README: "The index lives in --index DIR, else $SEEK_INDEX, else $XDG_DATA_HOME/seek (~/.local/share/seek)."
    for command in ["index", "search", "status"] {
      let help = try Binaries.run("seek", [command, "--help"])
      let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(flat.contains("$SEEK_INDEX, else $XDG_DATA_HOME/seek, else ~/.local/share/seek"), "\(command)")
    }
  }

  @Test func explainWithStrictReportsTheColumn() throws {
    let out = try Binaries.run("seek", ["search", "--explain", "--strict", "chips \"export"])
    #expect(out.status == 2)
    #expect(out.stderr.contains("column 7"))
    let lenient = try Binaries.run("seek", ["search", "--explain", "chips \"export"])
    #expect(lenient.status == 0)
    #expect(lenient.stdout == "chips \"export\"\n")
  }
}
