/// A growable byte buffer with the little-endian and LEB128 encodings of the index formats.
struct ByteWriter {
  /// The bytes written so far.
  var bytes: [UInt8] = []

  /// Creates an empty buffer.
  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  var count: Int { bytes.count }

  @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

  /// LEB128 unsigned varint.
  @inline(__always) mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  @inline(__always) mutating func varint(_ value: Int) { varint(UInt64(value)) }
  @inline(__always) mutating func varint(_ value: UInt32) { varint(UInt64(value)) }

  /// Zig-zag signed varint (for values that may be negative).
  mutating func signedVarint(_ value: Int) {
    let v = Int64(value)
    varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
  }

  mutating func uint32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func uint64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
  mutating func append(_ other: UnsafeRawBufferPointer) { bytes.append(contentsOf: other) }

  /// A string as varint length + UTF-8 bytes.
  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      varint(utf8.count)
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Reads the encodings of ``ByteWriter`` from memory (usually an mmap'd file).
///
/// Reads past the end never trap: they return zero and set ``overrun``; callers that parse untrusted structure
/// check it and report a corrupt file. A start outside `0...end` reads nothing (``overrun`` set), and lengths taken
/// from the bytes are compared with what is left without overflowing, so any bytes (a file opened without its
/// checksum verified) give wrong values at worst, never a trap or a read outside `base[0..<end]`.
struct ByteReader {
  let base: UnsafePointer<UInt8>
  let end: Int
  var position: Int
  /// Set when a read went past the end.
  var overrun = false

  /// Reads `buffer[start..<end]`.
  init(_ buffer: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil) {
    base = buffer.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
    self.end = max(0, min(end ?? buffer.count, buffer.count))
    position = start
    if start < 0 || start > self.end {
      position = self.end
      overrun = true
    }
  }

  init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
    self.base = base
    self.end = max(0, end)
    position = start
    if start < 0 || start > self.end {
      position = self.end
      overrun = true
    }
  }

  var isAtEnd: Bool { position >= end }
  var remaining: Int { max(0, end - position) }

  @inline(__always) mutating func byte() -> UInt8 {
    guard position < end else {
      overrun = true
      return 0
    }
    let b = base[position]
    position += 1
    return b
  }

  @inline(__always) mutating func varint() -> UInt64 {
    guard position < end else {
      overrun = true
      return 0
    }
    var b = base[position]
    position += 1
    if b < 0x80 { return UInt64(b) }
    var result = UInt64(b & 0x7F)
    var shift: UInt64 = 7
    while true {
      guard position < end, shift < 64 else {
        overrun = true
        return result
      }
      b = base[position]
      position += 1
      result |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return result }
      shift += 7
    }
  }

  @inline(__always) mutating func int() -> Int { Int(truncatingIfNeeded: varint()) }
  @inline(__always) mutating func uint32() -> UInt32 { UInt32(truncatingIfNeeded: varint()) }

  mutating func signedVarint() -> Int {
    let v = varint()
    return Int(truncatingIfNeeded: Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))))
  }

  mutating func fixed32() -> UInt32 {
    guard end &- position >= 4 else {
      overrun = true
      position = end
      return 0
    }
    let v = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self)
    position += 4
    return UInt32(littleEndian: v)
  }

  mutating func fixed64() -> UInt64 {
    guard end &- position >= 8 else {
      overrun = true
      position = end
      return 0
    }
    let v = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
    position += 8
    return UInt64(littleEndian: v)
  }

  /// `count` raw bytes (empty and ``overrun`` set when they run past the end).
  mutating func bytes(_ count: Int) -> UnsafeBufferPointer<UInt8> {
    guard count >= 0, count <= end &- position else {
      overrun = true
      position = end
      return UnsafeBufferPointer(start: base, count: 0)
    }
    let r = UnsafeBufferPointer(start: base + position, count: count)
    position += count
    return r
  }

  mutating func string() -> String {
    let n = int()
    return String(decoding: bytes(n), as: UTF8.self)
  }

  @inline(__always) mutating func skip(_ count: Int) {
    if count < 0 || count > end &- position {
      overrun = true
      position = end
    } else {
      position += count
    }
  }
}

/// Lexicographic comparison of byte strings (the term order of the dictionary).
@inline(__always) func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
  let n = min(a.count, b.count)
  if n > 0 {
    let c = memcmp(a.baseAddress!, b.baseAddress!, n)
    if c != 0 { return Int(c) }
  }
  return a.count - b.count
}

/// Lexicographic comparison of byte arrays.
func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
  a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in compareBytes(pa, pb) } }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
