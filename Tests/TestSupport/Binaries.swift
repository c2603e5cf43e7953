import Foundation

/// Finds and runs the package's executables (`seek`, `seekd`) from tests.
public enum Binaries {
  /// The build products folder: the test bundle's own folder (where `swift build` puts executables), else
  /// `.build/debug` in the repository.
  public static let productsDirectory: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = (exe as NSString).deletingLastPathComponent
    // The xctest bundle may be a directory on some platforms.
    while !dir.isEmpty && dir != "/" {
      if FileManager.default.isExecutableFile(atPath: dir + "/seek") { return dir }
      dir = (dir as NSString).deletingLastPathComponent
      if dir.hasSuffix(".build") { break }
    }
    return Fixtures.repositoryRoot + "/.build/debug"
  }()

  /// The absolute path of a product.
  public static func path(_ name: String) -> String { productsDirectory + "/" + name }

  /// The result of running a program to completion.
  public struct Output: Sendable {
    /// The exit status (or 128 + signal).
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
  }

  /// Runs a product and waits for it.
  /// - Parameters:
  ///   - name: `seek` or `seekd`.
  ///   - arguments: its arguments.
  ///   - environment: extra environment variables.
  /// - Returns: status and output.
  public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path(name))
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return Output(
      status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self)
    )
  }
}
