import Indexer
import SeekProtocol

/// Typed access to a request's named params; every failure is an ``RPCError`` (-32602) naming the param.
struct Params: Sendable {
  /// The raw params (an object), or nil when absent.
  let value: JSONValue?

  /// Wraps a request's params.
  /// - Parameter value: the `params` member.
  /// - Throws: ``RPCError`` when the params are positional (an array): seek methods take named params.
  init(_ value: JSONValue?) throws {
    if case .array(let a) = value, !a.isEmpty {
      throw RPCError.invalidParams("params", "must be an object with named members, not an array")
    }
    if case .array = value { self.value = nil } else { self.value = value }
  }

  /// The member `name`, if present and not null.
  subscript(name: String) -> JSONValue? {
    guard let v = value?[name] else { return nil }
    if case .null = v { return nil }
    return v
  }

  /// A required string.
  /// - Parameter name: the param.
  /// - Returns: its value.
  /// - Throws: ``RPCError`` when missing or not a string.
  func string(_ name: String) throws -> String {
    guard let v = self[name] else { throw RPCError.invalidParams(name, "is required") }
    guard let s = v.stringValue else { throw RPCError.invalidParams(name, "must be a string") }
    return s
  }

  /// An optional string.
  /// - Parameter name: the param.
  /// - Returns: its value or nil.
  /// - Throws: ``RPCError`` when present but not a string.
  func optionalString(_ name: String) throws -> String? {
    guard let v = self[name] else { return nil }
    guard let s = v.stringValue else { throw RPCError.invalidParams(name, "must be a string") }
    return s
  }

  /// An optional integer within a range.
  /// - Parameters:
  ///   - name: the param.
  ///   - range: the values allowed.
  /// - Returns: its value or nil.
  /// - Throws: ``RPCError`` when present but not an integer in range.
  func optionalInt(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
    guard let v = self[name] else { return nil }
    guard let i = v.intValue else { throw RPCError.invalidParams(name, "must be an integer") }
    guard range.contains(i) else {
      throw RPCError.invalidParams(name, "must be between \(range.lowerBound) and \(range.upperBound)")
    }
    return i
  }

  /// An optional boolean.
  /// - Parameter name: the param.
  /// - Returns: its value or nil.
  /// - Throws: ``RPCError`` when present but not a boolean.
  func optionalBool(_ name: String) throws -> Bool? {
    guard let v = self[name] else { return nil }
    guard let b = v.boolValue else { throw RPCError.invalidParams(name, "must be true or false") }
    return b
  }

  /// An optional array of strings.
  /// - Parameter name: the param.
  /// - Returns: its value or nil.
  /// - Throws: ``RPCError`` when present but not an array of strings.
  func optionalStrings(_ name: String) throws -> [String]? {
    guard let v = self[name] else { return nil }
    guard let a = v.arrayValue else { throw RPCError.invalidParams(name, "must be an array of strings") }
    return try a.map {
      guard let s = $0.stringValue else { throw RPCError.invalidParams(name, "must be an array of strings") }
      return s
    }
  }

  /// A required, non-empty array of strings.
  /// - Parameter name: the param.
  /// - Returns: its value.
  /// - Throws: ``RPCError`` when missing, empty or not an array of strings.
  func strings(_ name: String) throws -> [String] {
    guard let a = try optionalStrings(name) else { throw RPCError.invalidParams(name, "is required") }
    guard !a.isEmpty else { throw RPCError.invalidParams(name, "must not be empty") }
    return a
  }
}
