import Indexer

/// A JSON-RPC request id: a number, a string, or null (echoed back verbatim in the response).
public enum RPCID: Sendable, Hashable, CustomStringConvertible {
  /// An integer id.
  case int(Int)
  /// A number with a fraction (discouraged by the spec, still echoed back).
  case double(Double)
  /// A string id.
  case string(String)
  /// `null` (used for errors about requests whose id could not be read).
  case null

  /// Reads an id from a parsed value.
  /// - Parameter value: the `id` member.
  /// - Returns: the id, or nil when the value is not a finite number, a string or null (a number too large for a
  /// double, such as `1e400`, could not be echoed back).
  public init?(_ value: JSONValue) {
    switch value {
    case .null: self = .null
    case .string(let s): self = .string(s)
    case .number(let d):
      guard d.isFinite else { return nil }
      if let i = value.intValue { self = .int(i) } else { self = .double(d) }
    default: return nil
    }
  }

  /// Writes the id as a JSON value.
  /// - Parameter writer: the destination.
  public func write(to writer: inout JSONWriter) {
    switch self {
    case .int(let i): writer.int(i)
    case .double(let d): writer.double(d, digits: 12)
    case .string(let s): writer.string(s)
    case .null: writer.null()
    }
  }

  /// The id as a parsed value.
  public var jsonValue: JSONValue {
    switch self {
    case .int(let i): return .number(Double(i))
    case .double(let d): return .number(d)
    case .string(let s): return .string(s)
    case .null: return .null
    }
  }

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .string(let s): return "\"\(s)\""
    case .null: return "null"
    }
  }
}
