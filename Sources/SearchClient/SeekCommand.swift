import ArgumentParser
import Indexer
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `seek`: the command-line client.
///
/// Exit status as grep: 0 when something matched or the command succeeded, 1 when a search matched nothing,
/// 2 on errors (one clear line on standard error, never a stack trace).
@main
struct SeekCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seek",
    abstract: "Full-text search over your documents, with named entities.",
    discussion: """
      The index is --index DIR, else $SEEK_INDEX, else $XDG_DATA_HOME/seek (~/.local/share/seek).
      Start with: seek index ~/notes && seek search 'export controls org:Huawei'
      Query syntax: seek help query
      """,
    subcommands: [
      IndexCommand.self, SearchCommand.self, RemoveCommand.self, ExtractCommand.self, ShowCommand.self,
      EntitiesCommand.self, StatusCommand.self, CheckCommand.self, StatsCommand.self, WatchCommand.self,
      DaemonCommand.self, CompletionsCommand.self, QueryHelpCommand.self,
    ]
  )

  /// Runs the command line, mapping every failure to one line on standard error and exit status 2.
  static func main() {
    // No command at all is a usage error, as for grep: the help on standard error, status 2.
    if CommandLine.arguments.count <= 1 {
      printError(helpMessage(), newline: false)
      Glibc.exit(2)
    }
    // `seek help query` prints the reference as written: the help formatter would re-wrap its tables.
    if QueryHelpCommand.asksForReference(Array(CommandLine.arguments.dropFirst())) {
      print(QueryLanguageText.text)
      return
    }
    do {
      var command = try parseAsRoot(SearchArguments.reordered(Array(CommandLine.arguments.dropFirst())))
      try command.run()
    } catch let error as SeekError {
      printError("seek: \(error.message)")
      Glibc.exit(2)
    } catch let error as RPCError {
      printError("seek: \(error.message) (from seekd)")
      Glibc.exit(2)
    } catch let code as ExitCode {
      Glibc.exit(code.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      printError(fullMessage(for: error))
      Glibc.exit(2)
    }
  }
}
