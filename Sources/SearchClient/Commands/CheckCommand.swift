import ArgumentParser
import Indexer

/// `seek check`: verifies every checksum and structural invariant of the index.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Verify the index (checksums and invariants); exit status 2 on damage.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let directory = global.indexDirectory
    try IndexPresence.require(directory)
    let report = IndexChecker.check(directory: directory)
    print(report.summary)
    for problem in report.problems { printError("seek check: \(problem)") }
    if !report.isHealthy {
      // The problems say "rebuild the index"; say how.
      printError(
        "seek check: to rebuild, stop seekd if it runs (seek daemon stop), remove \(directory) and run "
          + "`seek index` on your folders again")
      throw ExitCode(2)
    }
  }
}
