#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Comparisons of NUL-terminated UTF-8 strings (libxml2's `xmlChar *`) with ASCII literals, without copying.
enum CBytes {
  @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

  /// Whether `p` equals the literal exactly.
  static func equal(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
    let q = s.utf8Start
    let n = s.utf8CodeUnitCount
    for k in 0..<n where p[k] != q[k] { return false }
    return p[n] == 0
  }

  /// Whether two NUL-terminated strings are equal.
  static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>) -> Bool {
    var i = 0
    while a[i] == b[i] {
      if a[i] == 0 { return true }
      i += 1
    }
    return false
  }

  /// Whether `p` equals the lowercase literal, ignoring ASCII case.
  static func equalIgnoringCase(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
    hasPrefixIgnoringCase(p, s) && p[s.utf8CodeUnitCount] == 0
  }

  /// Whether `p` starts with the lowercase literal, ignoring ASCII case.
  static func hasPrefixIgnoringCase(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
    let q = s.utf8Start
    for k in 0..<s.utf8CodeUnitCount where lower(p[k]) != q[k] { return false }  // stops at NUL: differs
    return true
  }

  /// The first occurrence of the lowercase literal in `p`, ignoring ASCII case.
  static func find(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> UnsafePointer<UInt8>? {
    var i = p
    let first = s.utf8Start[0]
    while i.pointee != 0 {
      if lower(i.pointee) == first, hasPrefixIgnoringCase(i, s) { return i }
      i += 1
    }
    return nil
  }

  /// Whether `p` contains the lowercase literal, ignoring ASCII case.
  static func contains(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool { find(p, s) != nil }

  /// A Swift string of `p`, with surrounding whitespace trimmed and inner whitespace runs collapsed.
  static func string(_ p: UnsafePointer<UInt8>) -> String {
    collapse(UnsafeBufferPointer(start: p, count: strlenU(p)))
  }

  /// The length of a NUL-terminated string.
  static func strlenU(_ p: UnsafePointer<UInt8>) -> Int {
    var n = 0
    while p[n] != 0 { n += 1 }
    return n
  }

  /// The text with whitespace runs collapsed to one space and the ends trimmed.
  static func collapse(_ b: UnsafeBufferPointer<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var space = false
    for c in b {
      if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
        space = !out.isEmpty
      } else {
        if space { out.append(0x20) }
        space = false
        out.append(c)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The offset of the first occurrence of `needle[0..<m]` in `haystack[0..<n]` (memchr for the first byte).
  static func search(_ haystack: UnsafePointer<UInt8>, _ n: Int, _ needle: UnsafePointer<UInt8>, _ m: Int) -> Int? {
    guard m > 0, m <= n else { return m == 0 ? 0 : nil }
    let first = Int32(needle[0])
    var i = 0
    let last = n - m
    while i <= last {
      guard let hit = memchr(haystack + i, first, last - i + 1) else { return nil }
      let at = UnsafeRawPointer(haystack).distance(to: UnsafeRawPointer(hit))
      if m == 1 || (haystack[at + 1] == needle[1] && memcmp(haystack + at, needle, m) == 0) { return at }
      i = at + 1
    }
    return nil
  }
}
