/// JSON-RPC error codes used by seek. The standard ones come from JSON-RPC 2.0 and LSP; the `-320xx` server
/// codes carry engine failures (see docs/protocol.md).
public enum RPCErrorCode {
  /// Invalid JSON was received. The connection stays usable.
  public static let parseError = -32700
  /// The JSON is not a valid request object (or a message exceeded the size limit).
  public static let invalidRequest = -32600
  /// The method does not exist.
  public static let methodNotFound = -32601
  /// A parameter is missing, of the wrong type or out of range; the message names it.
  public static let invalidParams = -32602
  /// An unexpected failure inside the server.
  public static let internalError = -32603
  /// The request was cancelled by `$/cancelRequest` (or the daemon is shutting down).
  public static let requestCancelled = -32800
  /// The search engine is not available in this daemon.
  public static let engineUnavailable = -32001
  /// The index directory does not exist.
  public static let indexNotFound = -32002
  /// The index is damaged or written by a newer version.
  public static let corruptIndex = -32003
  /// Another process holds the index's writer lock.
  public static let locked = -32004
  /// An operating-system call failed (reading a file, writing the index).
  public static let ioError = -32005
  /// A configured limit was exceeded (result size, nesting...).
  public static let limitExceeded = -32006
  /// The daemon is shutting down and accepts no new work.
  public static let shuttingDown = -32007
}
