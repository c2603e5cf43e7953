import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress display on standard error for long indexing runs (files, MB/s, ETA); silent when
/// standard error is not a terminal.
final class ProgressBar {
  private let enabled: Bool
  private let started = ProgressBar.now()
  private var lastDraw = 0.0
  private var drawn = false

  init(enabled: Bool) { self.enabled = enabled }

  /// Seconds since creation.
  var elapsed: Double { Self.now() - started }

  /// Redraws (at most 10 times a second).
  func update(_ p: IndexingProgress) {
    guard enabled else { return }
    let t = Self.now()
    if t - lastDraw < 0.1 && p.filesDone < p.filesTotal { return }
    lastDraw = t
    let seconds = max(t - started, 0.001)
    let mbps = Double(p.bytesDone) / 1e6 / seconds
    let remaining = p.filesDone > 0 ? seconds * Double(p.filesTotal - p.filesDone) / Double(p.filesDone) : 0
    let width = 30
    let filled = p.filesTotal > 0 ? width * p.filesDone / p.filesTotal : width
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    printError(
      "\r\(bar) \(p.filesDone)/\(p.filesTotal) files  \(Int(mbps * 10) / 10 == 0 ? "<0.1" : String(Double(Int(mbps * 10)) / 10)) MB/s  ETA \(Int(remaining.rounded())) s\u{1B}[K",
      newline: false)
    drawn = true
  }

  /// Clears the line.
  func finish() {
    if drawn { printError("\r\u{1B}[K", newline: false) }
  }

  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
