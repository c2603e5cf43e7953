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
    if !report.isHealthy { throw ExitCode(2) }
  }
}
