#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the index lives: `--index DIR`, else `SEEK_INDEX`, else `$XDG_DATA_HOME/seek` (default
/// `~/.local/share/seek`). The daemon and the CLI resolve it the same way.
public enum IndexLocation {
  /// Resolves the index directory.
  /// - Parameters:
  ///   - explicit: the `--index` value, if given.
  ///   - environment: the environment to read (`SEEK_INDEX`, `XDG_DATA_HOME`, `HOME`).
  /// - Returns: an absolute path (not created).
  public static func resolve(_ explicit: String?, environment: [String: String] = currentEnvironment()) -> String {
    if let explicit, !explicit.isEmpty { return absolute(explicit) }
    if let env = environment["SEEK_INDEX"], !env.isEmpty { return absolute(env) }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return absolute(xdg) + "/seek" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    return home + "/.local/share/seek"
  }

  /// Makes a path absolute against the current directory and removes `.` components and trailing slashes.
  /// - Parameter path: a path.
  /// - Returns: the absolute path.
  public static func absolute(_ path: String) -> String {
    var full = path
    if !path.hasPrefix("/") {
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      if getcwd(&buffer, buffer.count) != nil {
        full = String(cString: buffer) + "/" + path
      }
    }
    var parts: [Substring] = []
    for part in full.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The process environment as a dictionary.
  public static func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
      let s = String(cString: entry)
      if let eq = s.firstIndex(of: "=") {
        result[String(s[..<eq])] = String(s[s.index(after: eq)...])
      }
      p += 1
    }
    return result
  }
}
