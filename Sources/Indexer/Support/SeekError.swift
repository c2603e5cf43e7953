/// The one error type of the engine. Every message says what failed, where, and how to recover.
///
/// Errors are values: the CLI prints `description` as one line and exits with status 2; the daemon turns them into
/// JSON-RPC errors. Nothing here is a crash.
public struct SeekError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What kind of failure this is; lets callers choose an exit status or a JSON-RPC error code.
  public enum Kind: String, Sendable {
    /// A file or request could not be read or parsed.
    case invalidInput
    /// A query string is malformed (only in strict mode; interactive parsing is lenient).
    case invalidQuery
    /// The index directory is missing.
    case indexNotFound
    /// An index file failed its checksum or a structural check.
    case corruptIndex
    /// The index was written by a newer format version.
    case unsupportedVersion
    /// Another process holds the writer lock.
    case locked
    /// An operating-system call failed.
    case io
    /// A configured limit (size, nesting, memory) was exceeded.
    case limitExceeded
    /// Anything else; the message explains.
    case other
  }

  /// The category of failure.
  public var kind: Kind
  /// One line: what failed, on which file/argument/request, and what to do about it.
  public var message: String

  /// Creates an error.
  /// - Parameters:
  ///   - kind: the category of failure.
  ///   - message: one line saying what failed and how to recover.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }

  /// An I/O error for `path` carrying the C `errno` text.
  /// - Parameters:
  ///   - operation: what was attempted ("open", "read", "rename"...).
  ///   - path: the file concerned.
  ///   - errnoValue: the `errno` observed.
  /// - Returns: an error whose message names the operation, the path and the system's reason.
  public static func io(_ operation: String, path: String, errno errnoValue: Int32) -> SeekError {
    SeekError(.io, "\(operation) \(path): \(String(cString: strerror(errnoValue)))")
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
