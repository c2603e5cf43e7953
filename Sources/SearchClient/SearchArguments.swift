/// The command line of `seek search` and `seek entities` made safe for query words that start with `-` (`-draft`,
/// `-"trade war"`): the argument parser would read them as options. Options and their values go first, then `--`,
/// then the query words in their order, so `seek search -draft --vimgrep` searches for `-draft`.
enum SearchArguments {
  /// The options that take a value (the next argument, unless written `--name=value`), per command with a query.
  static let valued: [String: Set<String>] = [
    "search": ["--index", "--socket", "--limit", "--offset", "--color"],
    "entities": ["--index", "--socket", "--limit", "--type"],
  ]

  /// The arguments with query words after a `--`.
  /// - Parameter arguments: the arguments after the program name.
  /// - Returns: the same arguments, reordered when a query word of `seek search` or `seek entities` starts with
  ///   `-`; unchanged otherwise.
  static func reordered(_ arguments: [String]) -> [String] {
    guard let command = arguments.first, let valued = valued[command] else { return arguments }
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
    return [command] + options + ["--"] + words
  }
}
