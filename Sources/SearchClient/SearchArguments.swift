/// The command line of `seek search` made safe for query words that start with `-` (`-draft`, `-"trade war"`):
/// the argument parser would read them as options. Options and their values go first, then `--`, then the query
/// words in their order, so `seek search -draft --vimgrep` searches for `-draft`.
enum SearchArguments {
  /// Options of `seek search` that take a value (the next argument, unless written `--name=value`).
  static let valued: Set<String> = ["--index", "--socket", "--limit", "--offset", "--color"]

  /// The arguments with query words after a `--`.
  /// - Parameter arguments: the arguments after the program name, starting with `search`.
  /// - Returns: the same arguments, reordered when a query word starts with `-`; unchanged otherwise.
  static func reordered(_ arguments: [String]) -> [String] {
    guard arguments.first == "search" else { return arguments }
    var options: [String] = []
    var words: [String] = []
    var i = 1
    var dashedWord = false
    while i < arguments.count {
      let a = arguments[i]
      i += 1
      if a == "--" {
        words += arguments[i...]
        break
      }
      if a.hasPrefix("--") || a == "-h" {
        options.append(a)
        if valued.contains(a), i < arguments.count {
          options.append(arguments[i])
          i += 1
        }
      } else {
        if a.hasPrefix("-") && a.count > 1 { dashedWord = true }
        words.append(a)
      }
    }
    guard dashedWord else { return arguments }
    return ["search"] + options + ["--"] + words
  }
}
