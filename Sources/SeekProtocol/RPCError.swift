import Indexer

/// A JSON-RPC error: a code, a one-line message and optional data. Handlers throw it; the server writes it as the
/// `error` member of the response.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The error code (see ``RPCErrorCode``).
  public var code: Int
  /// One line saying what went wrong and how to fix it.
  public var message: String
  /// Extra structured detail, or nil.
  public var data: JSONValue?

  /// Creates an error.
  /// - Parameters:
  ///   - code: a ``RPCErrorCode`` value.
  ///   - message: one line saying what went wrong.
  ///   - data: optional detail.
  public init(code: Int, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  public var description: String { "\(message) (\(code))" }

  /// Invalid JSON.
  /// - Parameter detail: the parser's explanation.
  /// - Returns: a -32700 error.
  public static func parseError(_ detail: String) -> RPCError {
    RPCError(code: RPCErrorCode.parseError, message: "Parse error: \(detail)")
  }

  /// A message that is not a valid request.
  /// - Parameter detail: what is wrong.
  /// - Returns: a -32600 error.
  public static func invalidRequest(_ detail: String) -> RPCError {
    RPCError(code: RPCErrorCode.invalidRequest, message: "Invalid request: \(detail)")
  }

  /// An unknown method.
  /// - Parameter method: the name received.
  /// - Returns: a -32601 error.
  public static func methodNotFound(_ method: String) -> RPCError {
    RPCError(code: RPCErrorCode.methodNotFound, message: "Method not found: \(method)")
  }

  /// A bad parameter.
  /// - Parameters:
  ///   - param: the parameter's name.
  ///   - detail: what is wrong with it.
  /// - Returns: a -32602 error whose message and data name the parameter.
  public static func invalidParams(_ param: String, _ detail: String) -> RPCError {
    RPCError(
      code: RPCErrorCode.invalidParams, message: "Invalid params: '\(param)' \(detail)",
      data: .object([("param", .string(param))]))
  }

  /// A cancelled request.
  /// - Returns: a -32800 error.
  public static func requestCancelled() -> RPCError {
    RPCError(code: RPCErrorCode.requestCancelled, message: "Request cancelled")
  }

  /// An internal failure.
  /// - Parameter detail: what happened.
  /// - Returns: a -32603 error.
  public static func internalError(_ detail: String) -> RPCError {
    RPCError(code: RPCErrorCode.internalError, message: "Internal error: \(detail)")
  }

  /// Maps an engine error to a JSON-RPC error; the message is kept and `data.kind` names the ``SeekError/Kind``.
  /// - Parameter error: the engine's error.
  public init(_ error: SeekError) {
    let code: Int
    switch error.kind {
    case .invalidInput, .invalidQuery: code = RPCErrorCode.invalidParams
    case .indexNotFound: code = RPCErrorCode.indexNotFound
    case .corruptIndex, .unsupportedVersion: code = RPCErrorCode.corruptIndex
    case .locked: code = RPCErrorCode.locked
    case .io: code = RPCErrorCode.ioError
    case .limitExceeded: code = RPCErrorCode.limitExceeded
    case .other: code = RPCErrorCode.internalError
    }
    self.init(code: code, message: error.message, data: .object([("kind", .string(error.kind.rawValue))]))
  }

  /// Reads an error object from a response.
  /// - Parameter value: the `error` member.
  /// - Returns: the error, or nil when the object lacks a numeric `code`.
  public init?(_ value: JSONValue) {
    guard let code = value["code"]?.intValue else { return nil }
    self.init(code: code, message: value["message"]?.stringValue ?? "", data: value["data"])
  }
}
