import Indexer

/// A benchmark's command-line arguments: `--name VALUE` options, `--flag` switches and positional values.
///
/// Benchmarks parse their arguments through this, so a missing value or an unknown option is an error naming the
/// option (the runner adds the benchmark's name), never a crash or a silently misread path.
struct BenchmarkArguments {
  /// The values that are not options, in order.
  private(set) var positional: [String] = []
  private var values: [String: String] = [:]
  private var switches: Set<String> = []

  /// Splits the arguments.
  /// - Parameters:
  ///   - args: the arguments after the benchmark's name.
  ///   - options: the options that take a value (`--limit`).
  ///   - flags: the options that take none (`--keep`).
  /// - Throws: `SeekError` for an unknown option or an option given without its value.
  init(_ args: [String], options: Set<String> = [], flags: Set<String> = []) throws {
    var i = 0
    while i < args.count {
      let arg = args[i]
      if flags.contains(arg) {
        switches.insert(arg)
      } else if options.contains(arg) {
        guard i + 1 < args.count else {
          throw SeekError(.invalidInput, "\(arg) needs a value")
        }
        values[arg] = args[i + 1]
        i += 1
      } else if arg.hasPrefix("--") {
        let known = (options.union(flags)).sorted().joined(separator: ", ")
        throw SeekError(.invalidInput, "unknown option \(arg) (known: \(known))")
      } else {
        positional.append(arg)
      }
      i += 1
    }
  }

  /// Whether a flag was given.
  func has(_ flag: String) -> Bool { switches.contains(flag) }

  /// A string option's value.
  func string(_ name: String) -> String? { values[name] }

  /// A whole-number option's value.
  /// - Parameters:
  ///   - name: the option.
  ///   - defaultValue: the value when the option is absent.
  ///   - minimum: the smallest value accepted.
  /// - Returns: the value.
  /// - Throws: `SeekError` when the value is not a number of at least `minimum`.
  func int(_ name: String, default defaultValue: Int, minimum: Int = 1) throws -> Int {
    guard let text = values[name] else { return defaultValue }
    guard let value = Int(text), value >= minimum else {
      throw SeekError(.invalidInput, "\(name) needs a number of at least \(minimum)")
    }
    return value
  }
}
