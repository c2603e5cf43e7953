import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the terminal.
enum Terminal {
  /// Whether a file descriptor is a terminal.
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// Whether `NO_COLOR` is set (https://no-color.org).
  static var noColor: Bool {
    if let value = getenv("NO_COLOR"), value.pointee != 0 { return true }
    return false
  }
}

/// `--color=auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  /// Whether to color output written to `fd`.
  func enabled(forFileDescriptor fd: Int32) -> Bool {
    switch self {
    case .always: true
    case .never: false
    case .auto: !Terminal.noColor && Terminal.isTerminal(fd)
    }
  }
}

/// ANSI styles.
enum Style {
  static let reset = "\u{1B}[0m"
  static let bold = "\u{1B}[1m"
  static let dim = "\u{1B}[2m"
  static let match = "\u{1B}[1;31m"
  static let path = "\u{1B}[35m"
  static let number = "\u{1B}[32m"
  static let entity = "\u{1B}[36m"
}

/// Buffered writes to standard output straight to the file descriptor.
final class StandardOutput {
  private var buffer: [UInt8] = []

  /// Appends bytes.
  func write(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count > 1 << 16 { flush() }
  }

  /// Appends text.
  func write(_ text: String) { write(Array(text.utf8)) }

  /// Writes everything buffered.
  func flush() {
    var done = 0
    while done < buffer.count {
      let n = buffer.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + done, $0.count - done) }
      if n <= 0 { break }
      done += n
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

extension String {
  /// The text on one line: newlines and tabs become spaces.
  func flattenedToOneLine() -> String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
  }
}
