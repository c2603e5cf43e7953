/// Writes JSON text directly into a byte buffer: the fast path for hot responses (no `JSONSerialization`,
/// no `JSONEncoder`). The caller is responsible for well-formed nesting; commas are inserted automatically.
public struct JSONWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []
  private var needsComma: [Bool] = [false]

  /// Creates an empty writer.
  /// - Parameter capacity: bytes to reserve up front.
  public init(capacity: Int = 1024) {
    bytes.reserveCapacity(capacity)
  }

  /// The output as a string.
  public var string: String { String(decoding: bytes, as: UTF8.self) }

  private mutating func separate() {
    if pendingKey {
      pendingKey = false
      return
    }
    if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    needsComma[needsComma.count - 1] = true
  }

  /// Opens an object (as a value, or as an array element).
  public mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
  }

  /// Closes the current object.
  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma.removeLast()
  }

  /// Opens an array.
  public mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
  }

  /// Closes the current array.
  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma.removeLast()
  }

  /// Writes an object key; the next call writes its value.
  public mutating func key(_ name: String) {
    separate()
    writeString(name)
    bytes.append(UInt8(ascii: ":"))
    pendingKey = true
  }

  private var pendingKey = false

  private mutating func valuePrefix() {
    separate()
  }

  /// Writes a string value.
  public mutating func string(_ value: String) {
    valuePrefix()
    writeString(value)
  }

  /// Writes an integer value.
  public mutating func int(_ value: Int) {
    valuePrefix()
    appendDecimal(value)
  }

  /// Appends the decimal digits of `value` without making a `String`.
  private mutating func appendDecimal(_ value: Int) {
    if value == 0 {
      bytes.append(UInt8(ascii: "0"))
      return
    }
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // UInt.max has 20 digits
      var start = digits.count
      while magnitude > 0 {
        start -= 1
        digits[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
        magnitude /= 10
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }

  /// Writes a floating-point value (finite; non-finite values become `null`).
  /// - Parameters:
  ///   - value: the number.
  ///   - digits: maximum fraction digits (trailing zeros dropped).
  public mutating func double(_ value: Double, digits: Int = 6) {
    valuePrefix()
    guard value.isFinite else {
      bytes.append(contentsOf: "null".utf8)
      return
    }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded() && abs(rounded) < 1e15 {
      appendDecimal(Int(rounded))
    } else {
      bytes.append(contentsOf: String(rounded).utf8)
    }
  }

  /// Writes `true` or `false`.
  public mutating func bool(_ value: Bool) {
    valuePrefix()
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
  }

  /// Writes `null`.
  public mutating func null() {
    valuePrefix()
    bytes.append(contentsOf: "null".utf8)
  }

  /// Writes pre-encoded JSON verbatim as a value.
  public mutating func raw(_ json: [UInt8]) {
    valuePrefix()
    bytes.append(contentsOf: json)
  }

  /// Writes a parsed ``JSONValue``.
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let b): bool(b)
    case .number(let d): double(d, digits: 12)
    case .string(let s): string(s)
    case .array(let a):
      beginArray()
      for e in a { self.value(e) }
      endArray()
    case .object(let o):
      beginObject()
      for (k, v) in o {
        key(k)
        self.value(v)
      }
      endObject()
    }
  }

  /// Appends a newline (for newline-delimited JSON) and resets nesting state.
  public mutating func newline() {
    bytes.append(0x0A)
    needsComma = [false]
    pendingKey = false
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  private mutating func writeString(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = s
    text.withUTF8 { appendEscaped($0) }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends `utf8` escaped for a JSON string: stretches that need no escape are copied in one append.
  private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    guard let base = utf8.baseAddress else { return }
    var start = 0
    var i = 0
    let count = utf8.count
    while i < count {
      let b = base[i]
      if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
        i += 1
        continue
      }
      if i > start { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start)) }
      switch b {
      case UInt8(ascii: "\""):
        bytes.append(0x5C)
        bytes.append(0x22)
      case UInt8(ascii: "\\"):
        bytes.append(0x5C)
        bytes.append(0x5C)
      case 0x0A:
        bytes.append(0x5C)
        bytes.append(UInt8(ascii: "n"))
      case 0x0D:
        bytes.append(0x5C)
        bytes.append(UInt8(ascii: "r"))
      case 0x09:
        bytes.append(0x5C)
        bytes.append(UInt8(ascii: "t"))
      default:
        bytes.append(contentsOf: "\\u00".utf8)
        bytes.append(Self.hex[Int(b >> 4)])
        bytes.append(Self.hex[Int(b & 0xF)])
      }
      i += 1
      start = i
    }
    if count > start { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start)) }
  }
}
