/// A problem found while reading a document: where it is and what it is.
///
/// Diagnostics never stop extraction: a recoverable document is still produced and carries them.
public struct Diagnostic: Sendable, Equatable, Codable {
  /// How serious the problem is.
  public enum Severity: String, Sendable, Codable {
    case warning, error, fatal
  }

  /// The file concerned.
  public var path: String
  /// 1-based line in the source file (0 when unknown).
  public var line: Int
  /// 1-based column in the source file (0 when unknown).
  public var column: Int
  /// How serious it is.
  public var severity: Severity
  /// What went wrong, in one line.
  public var message: String

  /// Creates a diagnostic.
  /// - Parameters:
  ///   - path: the file concerned.
  ///   - line: 1-based line, 0 when unknown.
  ///   - column: 1-based column, 0 when unknown.
  ///   - severity: how serious it is.
  ///   - message: one line saying what went wrong.
  public init(path: String, line: Int = 0, column: Int = 0, severity: Severity = .warning, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
  }
}

extension Diagnostic: CustomStringConvertible {
  /// `path:line:column: severity: message`, the format compilers and editors understand.
  public var description: String {
    "\(path):\(line):\(column): \(severity.rawValue): \(message)"
  }
}
