/// A parsed JSON value. Parsed straight from UTF-8 bytes (no Foundation), with a nesting limit so hostile input
/// cannot exhaust the stack.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The member `key` of an object (first occurrence), else nil.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self {
      for (k, v) in members where k == key { return v }
    }
    return nil
  }

  /// The string, if this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number, if this is a number.
  public var doubleValue: Double? {
    if case .number(let d) = self { return d }
    return nil
  }

  /// The number as an integer, if this is a number with no fraction.
  public var intValue: Int? {
    if case .number(let d) = self, d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
    return nil
  }

  /// The boolean, if this is `true` or `false`.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, if this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, if this is an object.
  public var objectValue: [(String, JSONValue)]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// A scalar rendered as text (strings as is, numbers without a needless `.0`); nil for arrays and objects.
  public var scalarText: String? {
    switch self {
    case .string(let s): return s
    case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .bool(let b): return b ? "true" : "false"
    case .null: return nil
    default: return nil
    }
  }

  /// A parse failure with the byte offset where it happened.
  public struct ParseError: Error, Sendable, CustomStringConvertible {
    /// Byte offset of the problem.
    public var offset: Int
    /// What was wrong.
    public var message: String
    public var description: String { "\(message) at byte \(offset)" }
  }

  /// Parses one JSON value that must span the whole input (surrounding white space allowed).
  /// - Parameters:
  ///   - bytes: UTF-8 JSON text.
  ///   - maxDepth: deepest allowed nesting of arrays and objects.
  /// - Returns: the value.
  /// - Throws: ``ParseError`` naming the byte offset of the first problem.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 512) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
    parser.skipSpace()
    let value = try parser.parseValue(depth: 0)
    parser.skipSpace()
    if parser.index != bytes.count { throw parser.error("unexpected data after the JSON value") }
    return value
  }

  /// Parses one JSON value from a string.
  /// - Parameter text: JSON text.
  /// - Returns: the value.
  /// - Throws: ``ParseError``.
  public static func parse(_ text: String, maxDepth: Int = 512) throws -> JSONValue {
    var text = text
    return try text.withUTF8 { try parse($0, maxDepth: maxDepth) }
  }

  /// Parses one JSON value from bytes.
  public static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws -> JSONValue {
    try bytes.withUnsafeBufferPointer { try parse($0, maxDepth: maxDepth) }
  }
}

/// Recursive-descent JSON parser over bytes.
struct JSONParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let maxDepth: Int
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  func error(_ message: String) -> JSONValue.ParseError {
    JSONValue.ParseError(offset: index, message: message)
  }

  mutating func skipSpace() {
    while index < bytes.count {
      let b = bytes[index]
      if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 } else { break }
    }
  }

  mutating func parseValue(depth: Int) throws -> JSONValue {
    guard index < bytes.count else { throw error("unexpected end of JSON") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default: throw error("unexpected character")
    }
  }

  mutating func literal(_ word: StaticString) throws {
    let n = word.utf8CodeUnitCount
    guard index + n <= bytes.count else { throw error("unexpected end of JSON") }
    let p = word.utf8Start
    for i in 0..<n where bytes[index + i] != p[i] { throw error("invalid literal") }
    index += n
  }

  mutating func parseObject(depth: Int) throws -> JSONValue {
    if depth > maxDepth { throw error("JSON nested deeper than \(maxDepth) levels") }
    index += 1
    var members: [(String, JSONValue)] = []
    members.reserveCapacity(8)
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let key = try parseString()
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
      index += 1
      skipSpace()
      let value = try parseValue(depth: depth)
      members.append((key, value))
      skipSpace()
      guard index < bytes.count else { throw error("unexpected end of JSON in object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      } else {
        throw error("expected ',' or '}'")
      }
    }
  }

  mutating func parseArray(depth: Int) throws -> JSONValue {
    if depth > maxDepth { throw error("JSON nested deeper than \(maxDepth) levels") }
    index += 1
    var elements: [JSONValue] = []
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipSpace()
      elements.append(try parseValue(depth: depth))
      skipSpace()
      guard index < bytes.count else { throw error("unexpected end of JSON in array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      } else {
        throw error("expected ',' or ']'")
      }
    }
  }

  mutating func parseNumber() throws -> Double {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    var digits = 0
    while index < bytes.count {
      let b = bytes[index]
      if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
      {
        if b >= 0x30 && b <= 0x39 { digits += 1 }
        index += 1
      } else {
        break
      }
    }
    guard digits > 0, index - start < 64 else { throw error("invalid number") }
    if let whole = integerValue(start: start) { return whole }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let value = Double(text) else {
      index = start
      throw error("invalid number")
    }
    return value
  }

  /// The value of `bytes[start..<index]` when it is a plain integer (an optional `-`, then at most 15 digits), which
  /// converts exactly, as `Double(text)` would, without making a string; nil otherwise.
  func integerValue(start: Int) -> Double? {
    var i = start
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    guard index - i <= 15 else { return nil }
    var value = 0
    while i < index {
      let d = bytes[i] &- 0x30
      guard d < 10 else { return nil }
      value = value &* 10 &+ Int(d)
      i += 1
    }
    return negative ? -Double(value) : Double(value)
  }

  mutating func hex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let d: UInt32
      switch b {
      case 0x30...0x39: d = UInt32(b - 0x30)
      case 0x41...0x46: d = UInt32(b - 0x41 + 10)
      case 0x61...0x66: d = UInt32(b - 0x61 + 10)
      default: throw error("invalid \\u escape")
      }
      v = v << 4 | d
      index += 1
    }
    return v
  }

  mutating func parseString() throws -> String {
    index += 1
    let start = index
    // Fast path: no escapes.
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      if b == UInt8(ascii: "\\") || b < 0x20 { break }
      index += 1
    }
    var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: out, as: UTF8.self)
      }
      if b < 0x20 { throw error("control character in string") }
      if b != UInt8(ascii: "\\") {
        out.append(b)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { break }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4()
        if scalar >= 0xD800 && scalar < 0xDC00 {
          if index + 6 <= bytes.count && bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            if low >= 0xDC00 && low < 0xE000 {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
              scalar = 0xFFFD
            }
          } else {
            scalar = 0xFFFD
          }
        } else if scalar >= 0xDC00 && scalar < 0xE000 {
          scalar = 0xFFFD
        }
        let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: String(s).utf8)
      default: throw error("invalid escape")
      }
    }
    throw error("unterminated string")
  }
}
