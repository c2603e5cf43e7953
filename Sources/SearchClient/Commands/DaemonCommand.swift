import ArgumentParser
import Foundation
import Indexer
import SeekProtocol

/// `seek daemon start|stop|status`: runs `seekd` for this index in the background.
struct DaemonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "daemon", abstract: "Start, stop or inspect the seekd daemon serving this index.",
    subcommands: [Start.self, Stop.self, StatusCommand.self])

  /// `seek daemon start`: launches seekd in the background and waits until its socket answers.
  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "start", abstract: "Start seekd in the background and wait until it answers.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A folder for the daemon to watch and keep indexed (repeatable).")
    var watch: [String] = []

    @Flag(name: .customLong("no-entities"), help: "Do not tag named entities when indexing.")
    var noEntities = false

    func run() throws {
      let socket = DaemonRoute.socketPath(global)
      if let client = try? SeekClient(socketPath: socket, timeout: 5) {
        let pid = (try? client.call(RPCMethod.status))?["pid"]?.intValue ?? 0
        print("seekd already runs for \(global.indexDirectory) (pid \(pid), socket \(socket))")
        return
      }
      let seekd = Self.seekdPath()
      guard FileManager.default.isExecutableFile(atPath: seekd) else {
        throw SeekError(.io, "cannot find seekd next to seek (\(seekd)): build it with `swift build` or put it on PATH")
      }
      let logPath = global.indexDirectory + "/seekd.log"
      try FileManager.default.createDirectory(atPath: global.indexDirectory, withIntermediateDirectories: true)
      FileManager.default.createFile(atPath: logPath, contents: nil)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: seekd)
      var arguments = ["--index", global.indexDirectory, "--socket", socket]
      for folder in watch { arguments += ["--watch", IndexLocation.absolute(folder)] }
      if noEntities { arguments.append("--no-entities") }
      process.arguments = arguments
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle(forWritingAtPath: logPath)
      try process.run()
      let deadline = Date().addingTimeInterval(15)
      while Date() < deadline {
        if let client = try? SeekClient(socketPath: socket, timeout: 5), (try? client.call(RPCMethod.status)) != nil {
          print("seekd started (pid \(process.processIdentifier)) on \(socket); log: \(logPath)")
          return
        }
        if !process.isRunning {
          let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
          let last = log.split(separator: "\n").last.map(String.init) ?? "no output"
          throw SeekError(.io, "seekd exited with status \(process.terminationStatus): \(last)")
        }
        usleep(50_000)
      }
      throw SeekError(.io, "seekd did not answer on \(socket) within 15 s; see \(logPath)")
    }

    /// `seekd` beside this executable, else on PATH.
    static func seekdPath() -> String {
      let exe =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
      let beside = (exe as NSString).deletingLastPathComponent + "/seekd"
      if FileManager.default.isExecutableFile(atPath: beside) { return beside }
      for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(dir)/seekd"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
      return beside
    }
  }

  /// `seek daemon stop`: asks seekd to commit and exit.
  struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Ask seekd to commit and exit.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let socket = DaemonRoute.socketPath(global)
      guard let client = try? SeekClient(socketPath: socket, timeout: 30) else {
        print("seekd is not running for \(global.indexDirectory)")
        throw ExitCode(1)
      }
      _ = try client.call(RPCMethod.shutdown)
      let deadline = Date().addingTimeInterval(15)
      while Date() < deadline && FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
      print("seekd stopped")
    }
  }
}
