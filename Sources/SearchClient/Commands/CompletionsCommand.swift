import ArgumentParser

/// `seek completions bash|zsh|fish`: prints a shell completion script.
struct CompletionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "completions",
    abstract: "Print a completion script: seek completions bash > ~/.local/share/bash-completion/completions/seek")

  @Argument(help: "bash, zsh or fish.")
  var shell: String

  func run() throws {
    guard let kind = CompletionShell(rawValue: shell) else {
      throw ValidationError("unknown shell '\(shell)': use bash, zsh or fish")
    }
    print(SeekCommand.completionScript(for: kind))
  }
}
