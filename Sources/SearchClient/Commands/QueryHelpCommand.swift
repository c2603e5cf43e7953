import ArgumentParser

/// `seek help query` (or `seek query`): the query language.
struct QueryHelpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "The query language (also: seek help query).", discussion: QueryLanguageText.text)

  func run() throws {
    print(QueryLanguageText.text)
  }
}
