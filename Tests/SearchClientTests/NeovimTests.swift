import Foundation
import Indexer
import TestSupport
import Testing

/// The Neovim plugin (editors/nvim), headless, against a real seekd serving the Fixtures: `:Seek` fills the
/// quickfix list at the exact line and column, and the live picker updates as the user types.
@Suite(.serialized) struct NeovimTests {
  static var nvim: String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
      let path = "\(dir)/nvim"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  @Test func pluginSearchesThroughTheDaemon() throws {
    guard let nvim = Self.nvim else {
      print("skipping the Neovim plugin test: nvim is not installed (apt-get install neovim)")
      return
    }
    let root = Fixtures.temporaryDirectory("seek-nvim")
    defer { Fixtures.removeTree(root) }
    let env = ["SEEK_INDEX": root + "/idx"]
    #expect(try Binaries.run("seek", ["daemon", "start", "--no-entities"], environment: env).status == 0)
    defer { _ = try? Binaries.run("seek", ["daemon", "stop"], environment: env) }
    #expect(try Binaries.run("seek", ["index", Fixtures.directory], environment: env).status == 0)
    let out = root + "/result.txt"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: nvim)
    process.currentDirectoryURL = URL(fileURLWithPath: Fixtures.repositoryRoot)
    process.arguments = [
      "--headless", "-u", "NONE", "-c", "set rtp+=editors/nvim", "-c", "runtime plugin/seek.lua", "-c",
      "luafile editors/nvim/test/headless.lua",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["SEEK_SOCKET"] = root + "/idx/seekd.sock"
    environment["SEEK_TEST_OUT"] = out
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning { process.terminate() }
    let result = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    let lines = result.split(separator: "\n")
    #expect(lines.count == 6, "headless run wrote: \(result)")
    #expect(lines.allSatisfy { $0.hasPrefix("ok ") }, "\(result)")
  }
}
