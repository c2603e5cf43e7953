#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One named release-build benchmark.
struct Benchmark: Sendable {
  /// The name given on the command line.
  var name: String
  /// One line on what it measures.
  var summary: String
  /// Runs it with the remaining command-line arguments; prints its figures.
  var run: @Sendable ([String]) throws -> Void
}

/// Wall-clock seconds since an arbitrary origin (monotonic).
func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds used by this process, all threads (less sensitive than wall time to other load on the machine).
func cpuSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
