import ArgumentParser

/// `seek help query` (or `seek query`): the query language.
struct QueryHelpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "The query language (also: seek help query).",
    discussion: "Prints the query-language reference (docs/query-language.md).")

  func run() throws {
    print(QueryLanguageText.text)
  }

  /// Whether a command line asks for the reference through help (`help query`, `query --help`, `query -h`), which
  /// the help formatter would print re-wrapped to the terminal's width, breaking its tables.
  /// - Parameter arguments: the arguments after the program name.
  /// - Returns: true for those forms.
  static func asksForReference(_ arguments: [String]) -> Bool {
    arguments == ["help", "query"] || arguments == ["query", "--help"] || arguments == ["query", "-h"]
  }
}
