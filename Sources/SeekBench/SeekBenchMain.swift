#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `seek-bench NAME [ARGS...]`: runs one release-build benchmark (build with `-c release`).
@main
enum SeekBenchMain {
  static func main() {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let name = args.first, let bench = allBenchmarks.first(where: { $0.name == name }) else {
      print("usage: seek-bench NAME [ARGS...]\n")
      for b in allBenchmarks { print("  \(b.name): \(b.summary)") }
      exit(2)
    }
    do {
      try bench.run(Array(args.dropFirst()))
    } catch {
      print("seek-bench \(name): \(error)")
      exit(2)
    }
  }
}
