#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes one line to standard error (unbuffered, straight to file descriptor 2).
func printError(_ message: String, newline: Bool = true) {
  var line = message
  if newline { line.append("\n") }
  line.withUTF8 { buf in
    var done = 0
    while done < buf.count {
      let n = write(2, buf.baseAddress! + done, buf.count - done)
      if n <= 0 { break }
      done += n
    }
  }
}
