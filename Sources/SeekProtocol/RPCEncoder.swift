import Indexer

/// Writes JSON-RPC messages as bytes (unframed); results and params are passed pre-encoded.
public enum RPCEncoder {
  /// A success response.
  /// - Parameters:
  ///   - id: the request id.
  ///   - result: the encoded result value.
  /// - Returns: the message's JSON text.
  public static func response(id: RPCID, result: [UInt8]) -> [UInt8] {
    var w = JSONWriter(capacity: result.count + 48)
    w.beginObject()
    w.key("jsonrpc")
    w.string("2.0")
    w.key("id")
    id.write(to: &w)
    w.key("result")
    w.raw(result)
    w.endObject()
    return w.bytes
  }

  /// An error response.
  /// - Parameters:
  ///   - id: the request id (``RPCID/null`` when unknown).
  ///   - error: the error.
  /// - Returns: the message's JSON text.
  public static func error(id: RPCID, error: RPCError) -> [UInt8] {
    var w = JSONWriter(capacity: 160)
    w.beginObject()
    w.key("jsonrpc")
    w.string("2.0")
    w.key("id")
    id.write(to: &w)
    w.key("error")
    w.beginObject()
    w.key("code")
    w.int(error.code)
    w.key("message")
    w.string(error.message)
    if let data = error.data {
      w.key("data")
      w.value(data)
    }
    w.endObject()
    w.endObject()
    return w.bytes
  }

  /// A request (id given) or notification (id nil).
  /// - Parameters:
  ///   - id: the request id, or nil for a notification.
  ///   - method: the method name.
  ///   - params: the encoded params (object or array), or nil.
  /// - Returns: the message's JSON text.
  public static func request(id: RPCID?, method: String, params: [UInt8]?) -> [UInt8] {
    var w = JSONWriter(capacity: (params?.count ?? 0) + 64)
    w.beginObject()
    w.key("jsonrpc")
    w.string("2.0")
    if let id {
      w.key("id")
      id.write(to: &w)
    }
    w.key("method")
    w.string(method)
    if let params {
      w.key("params")
      w.raw(params)
    }
    w.endObject()
    return w.bytes
  }

  /// A notification.
  /// - Parameters:
  ///   - method: the notification's name.
  ///   - params: the encoded params, or nil.
  /// - Returns: the message's JSON text.
  public static func notification(method: String, params: [UInt8]?) -> [UInt8] {
    request(id: nil, method: method, params: params)
  }

  /// Encodes a parsed value (convenience for clients and tests; not for hot paths).
  /// - Parameter value: the value.
  /// - Returns: its JSON text.
  public static func encode(_ value: JSONValue) -> [UInt8] {
    var w = JSONWriter(capacity: 128)
    w.value(value)
    return w.bytes
  }
}
