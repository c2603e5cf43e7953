import CLibXML

/// Rewrites HTML named entities that an XML document uses without declaring them (`&nbsp;`, `&eacute;`, common in
/// feeds) into numeric character references, so the XML parser can read the document instead of stopping.
///
/// Only names HTML defines and the document does not declare are touched; the 5 XML entities and declared
/// entities stay as they are, so nothing is ever expanded from a DTD. References are zero-padded to keep their
/// length where possible (`&eacute;` -> `&#00233;`), so byte offsets and columns stay aligned; no line changes.
enum XMLEntityRepair {
  /// The rewritten document, or nil when there is nothing to rewrite.
  /// - Parameter bytes: the XML document.
  /// - Returns: the repaired bytes and how many references were rewritten, or nil.
  static func rewrite(_ bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], count: Int)? {
    let declared = declaredEntities(bytes)
    var out: [UInt8] = []
    var copied = 0
    var count = 0
    var i = 0
    let n = bytes.count
    while i < n {
      guard bytes[i] == 0x26 else {
        i += 1
        continue
      }
      var j = i + 1
      while j < n && j - i <= 32 && isNameByte(bytes[j]) { j += 1 }
      guard j < n, bytes[j] == 0x3B, j > i + 1, isLetter(bytes[i + 1]) else {
        i += 1
        continue
      }
      let name = Array(bytes[(i + 1)..<j])
      let length = j - i + 1
      if Self.xmlPredefined.contains(name) || declared.contains(name) {
        i = j + 1
        continue
      }
      let value: UInt32? = (name + [0]).withUnsafeBufferPointer { p in
        htmlEntityLookup(p.baseAddress).map { UInt32($0.pointee.value) }
      }
      guard let value else {
        i = j + 1
        continue
      }
      if out.isEmpty { out.reserveCapacity(n + 64) }
      out.append(contentsOf: bytes[copied..<i])
      let digits = Array(String(value).utf8)
      let padding = max(0, length - 3 - digits.count)
      out.append(contentsOf: [0x26, 0x23])
      out.append(contentsOf: [UInt8](repeating: 0x30, count: padding))
      out.append(contentsOf: digits)
      out.append(0x3B)
      copied = j + 1
      count += 1
      i = j + 1
    }
    if count == 0 { return nil }
    out.append(contentsOf: bytes[copied..<n])
    return (out, count)
  }

  private static let xmlPredefined: Set<[UInt8]> = ["amp", "lt", "gt", "quot", "apos"].map { Array($0.utf8) }
    .reduce(into: Set<[UInt8]>()) { $0.insert($1) }

  /// Names declared with `<!ENTITY name` anywhere in the document (parameter entities included, harmlessly).
  private static func declaredEntities(_ bytes: UnsafeBufferPointer<UInt8>) -> Set<[UInt8]> {
    var names = Set<[UInt8]>()
    let marker = Array("<!ENTITY".utf8)
    var i = 0
    let n = bytes.count
    while i + marker.count < n {
      if bytes[i] == 0x3C && bytes[i + 1] == 0x21 && bytes[i..<(i + marker.count)].elementsEqual(marker) {
        var j = i + marker.count
        while j < n && (XMLBodyBuilder.isSpace(bytes[j]) || bytes[j] == 0x25) { j += 1 }
        let start = j
        while j < n && isNameByte(bytes[j]) { j += 1 }
        if j > start { names.insert(Array(bytes[start..<j])) }
        i = j
      } else {
        i += 1
      }
    }
    return names
  }

  private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

  private static func isNameByte(_ b: UInt8) -> Bool {
    isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x5F
  }
}
