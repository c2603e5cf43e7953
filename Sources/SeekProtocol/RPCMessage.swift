import Indexer

/// One decoded JSON-RPC message (requests and notifications from a client; responses and notifications from the
/// server).
public enum RPCMessage: Sendable, Equatable {
  /// A call (with an id) or a notification (id nil).
  case request(id: RPCID?, method: String, params: JSONValue?)
  /// A successful response.
  case result(id: RPCID, result: JSONValue)
  /// An error response.
  case error(id: RPCID, error: RPCError)
  /// A member of the message is wrong; answer with `error` and `id` (null when unknown).
  case invalid(id: RPCID, error: RPCError)

  /// The deepest JSON nesting accepted in a message.
  public static let maxDepth = 128

  /// Classifies one parsed JSON value.
  /// - Parameter value: a message object.
  /// - Returns: the message, or ``invalid(id:error:)`` explaining what is wrong.
  public static func classify(_ value: JSONValue) -> RPCMessage {
    guard case .object = value else {
      return .invalid(id: .null, error: .invalidRequest("a message must be a JSON object"))
    }
    var id: RPCID? = nil
    if let raw = value["id"] {
      guard let parsed = RPCID(raw) else {
        return .invalid(id: .null, error: .invalidRequest("'id' must be a finite number, a string or null"))
      }
      id = parsed
    }
    guard value["jsonrpc"]?.stringValue == "2.0" else {
      return .invalid(id: id ?? .null, error: .invalidRequest("'jsonrpc' must be \"2.0\""))
    }
    if let method = value["method"] {
      guard let name = method.stringValue else {
        return .invalid(id: id ?? .null, error: .invalidRequest("'method' must be a string"))
      }
      let params = value["params"]
      if let params {
        switch params {
        case .object, .array: break
        default:
          return .invalid(id: id ?? .null, error: .invalidRequest("'params' must be an object or an array"))
        }
      }
      return .request(id: id, method: name, params: params)
    }
    if let id, let result = value["result"] { return .result(id: id, result: result) }
    if let id, let errorValue = value["error"], let error = RPCError(errorValue) {
      return .error(id: id, error: error)
    }
    return .invalid(id: id ?? .null, error: .invalidRequest("missing 'method'"))
  }

  /// The outcome of decoding one framed message body.
  public enum Decoded: Sendable, Equatable {
    /// One message.
    case single(RPCMessage)
    /// A batch (JSON array) of messages, in order.
    case batch([RPCMessage])
    /// Unusable input: answer this error with a null id (bad JSON, empty batch).
    case failure(RPCError)
  }

  /// Parses and classifies one message body.
  /// - Parameter body: the JSON text.
  /// - Returns: the messages or the error to answer.
  public static func decode(_ body: [UInt8]) -> Decoded {
    let value: JSONValue
    do {
      value = try JSONValue.parse(body, maxDepth: maxDepth)
    } catch let error as JSONValue.ParseError {
      return .failure(.parseError(error.description))
    } catch {
      return .failure(.parseError("\(error)"))
    }
    if case .array(let elements) = value {
      if elements.isEmpty { return .failure(.invalidRequest("empty batch")) }
      return .batch(elements.map(classify))
    }
    return .single(classify(value))
  }
}
