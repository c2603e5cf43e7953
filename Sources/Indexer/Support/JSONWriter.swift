/// Writes JSON text directly into a byte buffer: the fast path for hot responses (no `JSONSerialization`,
/// no `JSONEncoder`). The caller is responsible for well-formed nesting; commas are inserted automatically.
///
/// The text goes into a growable buffer of its own (reserved once per call, then written through a pointer), and
/// the comma state of the first 64 nesting levels is a bit set: a search response costs a few thousand instructions
/// instead of tens of thousands. A copy of a writer is independent of the original (copy on write).
public struct JSONWriter: Sendable {
  private var buffer: JSONWriterBuffer
  private var count = 0
  /// Nesting depth: 0 at the top level, +1 inside each open object or array.
  private var depth = 0
  /// Bit `d` is set when level `d` (< 64) already holds a value, so the next one needs a comma.
  private var commaBits: UInt64 = 0
  /// The same for levels 64 and deeper (rare).
  private var deepCommas: [Bool] = []
  private var pendingKey = false

  /// Creates an empty writer.
  /// - Parameter capacity: bytes to reserve up front.
  public init(capacity: Int = 1024) {
    buffer = JSONWriterBuffer(capacity: max(capacity, 16))
  }

  /// The bytes written so far.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: count)) }

  /// The number of bytes written so far.
  public var byteCount: Int { count }

  /// The output as a string.
  public var string: String { String(decoding: UnsafeBufferPointer(start: buffer.base, count: count), as: UTF8.self) }

  // MARK: structure

  /// Opens an object (as a value, or as an array element).
  public mutating func beginObject() { open(UInt8(ascii: "{")) }

  /// Closes the current object.
  public mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Opens an array.
  public mutating func beginArray() { open(UInt8(ascii: "[")) }

  /// Closes the current array.
  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Writes an object key; the next call writes its value.
  public mutating func key(_ name: String) {
    var name = name
    name.withUTF8 { writeQuoted($0, isKey: true) }
  }

  /// Writes an object key given as a compile-time string (the same text as ``key(_:)``, escapes included), without
  /// the cost of a `String`: for keys written once per hit.
  public mutating func key(static name: StaticString) {
    name.withUTF8Buffer { writeQuoted($0, isKey: true) }
  }

  /// Writes the separator that is due and `utf8` quoted; a key is followed by its colon and waits for its value.
  @inline(__always)
  private mutating func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, isKey: Bool) {
    var p = reserve(utf8.count + (isKey ? 4 : 3))
    p = separate(p)
    p = appendQuoted(utf8, at: p)
    if isKey {
      p.pointee = UInt8(ascii: ":")
      p += 1
      pendingKey = true
    }
    commit(p)
  }

  private mutating func open(_ bracket: UInt8) {
    var p = reserve(2)
    p = separate(p)
    p.pointee = bracket
    commit(p + 1)
    depth += 1
    if depth < 64 {
      commaBits &= ~(1 << UInt64(depth))
    } else {
      deepCommas.append(false)
    }
  }

  private mutating func close(_ bracket: UInt8) {
    let p = reserve(1)
    p.pointee = bracket
    commit(p + 1)
    if depth >= 64 { deepCommas.removeLast() }
    depth -= 1
  }

  // MARK: values

  /// Writes a string value.
  public mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { writeQuoted($0, isKey: false) }
  }

  /// Writes a string value given as a compile-time string (the same text as ``string(_:)``).
  public mutating func string(static value: StaticString) {
    value.withUTF8Buffer { writeQuoted($0, isKey: false) }
  }

  /// Writes an integer value.
  public mutating func int(_ value: Int) {
    var p = reserve(22)
    p = separate(p)
    commit(Self.putDecimal(value, at: p))
  }

  /// Writes a floating-point value (finite; non-finite values become `null`).
  /// - Parameters:
  ///   - value: the number.
  ///   - digits: maximum fraction digits (trailing zeros dropped).
  public mutating func double(_ value: Double, digits: Int = 6) {
    var p = reserve(48)
    p = separate(p)
    guard value.isFinite else {
      commit(Self.put("null", at: p))
      return
    }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let rounded = scaled / scale
    if rounded == rounded.rounded() && abs(rounded) < 1e15 {
      commit(Self.putDecimal(Int(rounded), at: p))
    } else if let end = Self.putFixed(scaled: scaled, rounded: rounded, scale: scale, digits: digits, at: p) {
      commit(end)
    } else {
      commit(p)
      appendText(String(rounded))
    }
  }

  /// Writes `true` or `false`.
  public mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

  /// Writes `null`.
  public mutating func null() { literal("null") }

  /// Writes a literal value (`true`, `false`, `null`).
  private mutating func literal(_ text: StaticString) {
    var p = reserve(text.utf8CodeUnitCount + 1)
    p = separate(p)
    commit(Self.put(text, at: p))
  }

  /// Writes pre-encoded JSON verbatim as a value.
  public mutating func raw(_ json: [UInt8]) {
    json.withUnsafeBufferPointer { src in
      var p = reserve(src.count + 1)
      p = separate(p)
      if let base = src.baseAddress { p.update(from: base, count: src.count) }
      commit(p + src.count)
    }
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
    let p = reserve(1)
    p.pointee = 0x0A
    commit(p + 1)
    depth = 0
    commaBits = 0
    deepCommas.removeAll()
    pendingKey = false
  }

  // MARK: buffer

  /// Room for `n` more bytes, owned by this writer alone; returns where the next byte goes.
  @inline(__always)
  private mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
    if _slowPath(!isKnownUniquelyReferenced(&buffer) || count + n > buffer.capacity) { grow(n) }
    return buffer.base + count
  }

  private mutating func grow(_ n: Int) {
    let capacity = max(buffer.capacity * 2, count + n)
    let copy = JSONWriterBuffer(capacity: capacity)
    copy.base.update(from: buffer.base, count: count)
    buffer = copy
  }

  /// Ends a write at `end` (a pointer into the reserved room).
  @inline(__always)
  private mutating func commit(_ end: UnsafeMutablePointer<UInt8>) {
    count = end - buffer.base
  }

  /// Writes the comma a value needs, if any, at `p` (reserved); returns where the value goes.
  @inline(__always)
  private mutating func separate(_ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    if pendingKey {
      pendingKey = false
      return p
    }
    if depth < 64 {
      let bit: UInt64 = 1 << UInt64(depth)
      defer { commaBits |= bit }
      if commaBits & bit != 0 {
        p.pointee = UInt8(ascii: ",")
        return p + 1
      }
      return p
    }
    defer { deepCommas[depth - 64] = true }
    if deepCommas[depth - 64] {
      p.pointee = UInt8(ascii: ",")
      return p + 1
    }
    return p
  }

  /// Appends text as is (no separator).
  private mutating func appendText(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      let p = reserve(utf8.count)
      if let base = utf8.baseAddress { p.update(from: base, count: utf8.count) }
      commit(p + utf8.count)
    }
  }

  private static func put(_ text: StaticString, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    p.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    return p + text.utf8CodeUnitCount
  }

  // MARK: numbers

  /// Writes the decimal digits of `value` at `p` (room for 20 digits and a sign); returns the end.
  @inline(__always)
  private static func putDecimal(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    var p = p
    if value < 0 {
      p.pointee = UInt8(ascii: "-")
      p += 1
    }
    return putDigits(value.magnitude, at: p)
  }

  /// Writes the decimal digits of `magnitude` at `p`; returns the end.
  @inline(__always)
  private static func putDigits(_ magnitude: UInt, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    var length = 1
    var probe = magnitude
    while probe >= 10 {
      probe /= 10
      length += 1
    }
    var rest = magnitude
    var i = length
    repeat {
      i -= 1
      p[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    } while i > 0
    return p + length
  }

  /// Writes `rounded` (= `scaled` / `scale`, `scaled` an integer, `scale` 10^`digits`) as fixed-point text, the
  /// same text as Swift's shortest round-trip `description` gives, when that is sure: `scaled` is exact (below
  /// 2^53), `rounded` is therefore the double nearest the decimal scaled × 10^-digits, and the doubles near it are
  /// closer together than 10^-digits, so no shorter decimal maps to the same double. Below 10^-4 Swift switches to
  /// exponent notation. Returns nil (nothing written) otherwise.
  private static func putFixed(
    scaled: Double, rounded: Double, scale: Double, digits: Int, at p: UnsafeMutablePointer<UInt8>
  ) -> UnsafeMutablePointer<UInt8>? {
    guard digits > 0 && digits <= 15, abs(scaled) < 9.0e15, abs(rounded) >= 1e-4, rounded.ulp * scale < 1 else {
      return nil
    }
    let n = Int(scaled)
    var divisor: UInt = 1
    for _ in 0..<digits { divisor &*= 10 }
    let magnitude = n.magnitude
    var fraction = magnitude % divisor
    guard fraction != 0 else { return nil }
    var q = p
    if n < 0 {
      q.pointee = UInt8(ascii: "-")
      q += 1
    }
    q = putDigits(magnitude / divisor, at: q)
    q.pointee = UInt8(ascii: ".")
    q += 1
    var width = digits
    while fraction % 10 == 0 {
      fraction /= 10
      width -= 1
    }
    var i = width
    repeat {
      i -= 1
      q[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
      fraction /= 10
    } while i > 0
    return q + width
  }

  // MARK: strings

  private static let hex: StaticString = "0123456789abcdef"

  /// Writes `utf8` quoted and escaped at `p`, which has room for `utf8.count + 2` more bytes plus whatever the
  /// caller reserved after it; reserves more for escapes. Returns the end.
  @inline(__always)
  private mutating func appendQuoted(
    _ utf8: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>
  ) -> UnsafeMutablePointer<UInt8> {
    p.pointee = UInt8(ascii: "\"")
    var q = p + 1
    let n = utf8.count
    guard let src = utf8.baseAddress else {
      q.pointee = UInt8(ascii: "\"")
      return q + 1
    }
    // Copy while scanning: 8 bytes at a time while none needs an escape, then byte by byte.
    var i = 0
    while i + 8 <= n {
      let word = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
      if Self.escapeHits(UInt64(littleEndian: word)) != 0 { break }
      UnsafeMutableRawPointer(q + i).storeBytes(of: word, as: UInt64.self)
      i += 8
    }
    while i < n {
      let b = src[i]
      if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { break }
      q[i] = b
      i += 1
    }
    q += i
    if i < n {
      commit(q)
      appendEscapedTail(src, from: i, count: n)
      q = buffer.base + count
    }
    q.pointee = UInt8(ascii: "\"")
    return q + 1
  }

  /// Appends `src[from..<count]` escaped, from a byte that needs an escape; afterwards there is room for 4 more
  /// bytes (a quote, a colon, a comma).
  private mutating func appendEscapedTail(_ src: UnsafePointer<UInt8>, from: Int, count n: Int) {
    var i = from
    while i < n {
      // src[i] needs an escape.
      var q = reserve(6 + (n - i) + 4)
      let b = src[i]
      q[0] = 0x5C
      switch b {
      case UInt8(ascii: "\""): q[1] = 0x22
      case UInt8(ascii: "\\"): q[1] = 0x5C
      case 0x0A: q[1] = UInt8(ascii: "n")
      case 0x0D: q[1] = UInt8(ascii: "r")
      case 0x09: q[1] = UInt8(ascii: "t")
      default:
        q[1] = UInt8(ascii: "u")
        q[2] = UInt8(ascii: "0")
        q[3] = UInt8(ascii: "0")
        q[4] = Self.hex.utf8Start[Int(b >> 4)]
        q[5] = Self.hex.utf8Start[Int(b & 0xF)]
        q += 4
      }
      q += 2
      i += 1
      let stop = Self.firstEscape(src, from: i, count: n)
      q.update(from: src + i, count: stop - i)
      q += stop - i
      commit(q)
      i = stop
    }
  }

  /// Marks the bytes of `x` (8 bytes, the first in the low bits) that need an escape: a byte's high bit is set for
  /// the first byte below 0x20, equal to `"` or to `\`, if any; bytes after it may be marked wrongly.
  @inline(__always)
  private static func escapeHits(_ x: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let quote = x ^ (ones &* 0x22)
    let backslash = x ^ (ones &* 0x5C)
    return ((x &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~x & (ones &* 0x80)
  }

  /// The index of the first byte at or after `from` that needs an escape (a control byte, `"` or `\`), or `count`.
  /// Looks at 8 bytes at a time.
  @inline(__always)
  private static func firstEscape(_ src: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
    var i = from
    while i + 8 <= count {
      let hits = escapeHits(UInt64(littleEndian: UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)))
      if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
      i += 8
    }
    while i < count {
      let b = src[i]
      if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return i }
      i += 1
    }
    return count
  }
}

/// The bytes of a ``JSONWriter``: a fixed allocation, replaced (not resized) when the writer grows.
final class JSONWriterBuffer: @unchecked Sendable {
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }
}
