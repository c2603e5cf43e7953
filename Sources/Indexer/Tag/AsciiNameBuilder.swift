/// Canonical names of ASCII spans built on bytes: the same text as `EntityNormalizer.canonical`, its lower-cased
/// form, gazetteer mask and subtypes, without `String` joins, `lowercased()` or `String`-keyed lookups (each name-cache
/// miss cost some 8,000 instructions that way). Spans with a byte beyond ASCII take the `String` way, where
/// lower-casing and character counts are not byte operations.
struct AsciiNameBuilder {
  /// The canonical text of the last built name.
  private(set) var text: [UInt8] = []
  /// `text` lower-cased.
  private(set) var lower: [UInt8] = []
  /// Scratch for lower-cased lookups.
  private var scratch: [UInt8] = []

  /// Builds the canonical name of span `s` into `text` and `lower`.
  /// - Parameters:
  ///   - s: the span.
  ///   - t: the document's tokens.
  ///   - info: their values (all-caps sentences).
  /// - Returns: false, with nothing built, when a token of the span has a byte beyond ASCII.
  mutating func build(_ s: EntityNormalizer.TokenSpan, _ t: NERTokenizedText, _ info: NERTokenInfo) -> Bool {
    t.bytes.withUnsafeBufferPointer { p in
      for k in s.start..<s.end {
        for i in Int(t.starts[k])..<Int(t.ends[k]) where p[i] >= 0x80 { return false }
      }
      var first = s.start
      var last = s.end
      if last - first > 1 && AsciiNameBuilder.isThe(p, Int(t.starts[first]), Int(t.ends[first])) { first += 1 }
      // The words joined by single spaces, then an alias of them.
      text.removeAll(keepingCapacity: true)
      for k in first..<last {
        if k > first { text.append(0x20) }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: p[Int(t.starts[k])..<Int(t.ends[k])]))
      }
      if useAlias() { return true }
      if s.type == .org {
        while last - first > 1
          && AsciiNameBuilder.suffixes.contains(lowered(p, Int(t.starts[last - 1]), Int(t.ends[last - 1])))
        {
          last -= 1
        }
      }
      let caps = info.capsSentence[s.start] != 0
      text.removeAll(keepingCapacity: true)
      for k in first..<last {
        if k > first { text.append(0x20) }
        let a = Int(t.starts[k])
        let b = Int(t.ends[k])
        // In all-caps sentences a word of two or more letters without a period keeps its first letter only.
        if caps && b - a > 1 && !(a..<b).contains(where: { p[$0] == UInt8(ascii: ".") }) {
          text.append(p[a])
          for i in (a + 1)..<b { text.append(AsciiNameBuilder.lowerByte(p[i])) }
        } else {
          text.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
        }
      }
      _ = useAlias()
      return true
    }
  }

  /// Replaces `text` by its alias when its lower-cased form has one (then `lower` is the alias lower-cased), else
  /// leaves `text` and sets `lower` to its lower-cased form.
  private mutating func useAlias() -> Bool {
    lower.removeAll(keepingCapacity: true)
    for b in text { lower.append(AsciiNameBuilder.lowerByte(b)) }
    guard let a = AsciiNameBuilder.aliases.find(lower) else { return false }
    text = AsciiNameBuilder.aliasValues[a]
    lower.removeAll(keepingCapacity: true)
    for b in text { lower.append(AsciiNameBuilder.lowerByte(b)) }
    return true
  }

  /// Bytes `s..<e` of `p` lower-cased (in `scratch`).
  private mutating func lowered(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [UInt8] {
    scratch.removeAll(keepingCapacity: true)
    for i in s..<e { scratch.append(AsciiNameBuilder.lowerByte(p[i])) }
    return scratch
  }

  /// The subtypes of the built name as a LOC and as a MISC (`EntityNormalizer.subtype` on bytes).
  /// - Parameter mask: the gazetteer mask of the name.
  /// - Returns: the two subtypes.
  func subtypes(mask: UInt16) -> (loc: String, misc: String) {
    let places = UInt16(1 << Gazetteer.Category.country.rawValue | 1 << Gazetteer.Category.place.rawValue)
    let loc = mask & places != 0 || AsciiNameBuilder.aliases.find(lower) != nil ? "GPE" : ""
    let misc: String
    if AsciiNameBuilder.products.find(lower) != nil {
      misc = "PRODUCT"
    } else if mask & UInt16(1 << Gazetteer.Category.nationality.rawValue) != 0 && !text.contains(0x20) {
      misc = "NORP"
    } else {
      misc = ""
    }
    return (loc, misc)
  }

  /// An ASCII capital lower-cased; every other byte as it is (what `lowercased()` does to ASCII).
  @inline(__always) static func lowerByte(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

  /// Whether `s..<e` is "the" in any case.
  @inline(__always) static func isThe(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    e - s == 3 && lowerByte(p[s]) == UInt8(ascii: "t") && lowerByte(p[s + 1]) == UInt8(ascii: "h")
      && lowerByte(p[s + 2]) == UInt8(ascii: "e")
  }

  /// `EntityNormalizer.aliases` by key bytes, and their canonical names as bytes.
  static let aliases = ByteStringSet(EntityNormalizer.aliases.keys.sorted())
  static let aliasValues: [[UInt8]] = aliases.keys.map { Array(EntityNormalizer.aliases[$0]!.utf8) }
  static let suffixes = ByteStringSet(EntityNormalizer.companySuffixes.sorted())
  static let products = ByteStringSet(EntityNormalizer.products.sorted())
}

/// A fixed set of strings looked up by their bytes (hash, then a byte comparison), numbered in the given order.
struct ByteStringSet: Sendable {
  /// The strings, in order.
  let keys: [String]
  private let bytes: [[UInt8]]
  private let index: NERHashMap

  /// A set of distinct strings.
  init(_ strings: [String]) {
    keys = strings
    bytes = strings.map { Array($0.utf8) }
    var map = NERHashMap(capacity: strings.count)
    for (k, b) in bytes.enumerated() {
      let h = FeatureHash.bytes(b)
      precondition(map[h] == nil, "ByteStringSet: two strings with one hash")
      map[h] = UInt32(k)
    }
    index = map
  }

  /// The number of the string with these bytes, or nil.
  func find(_ b: [UInt8]) -> Int? {
    guard let k = index[FeatureHash.bytes(b)].map({ Int($0) }), bytes[k] == b else { return nil }
    return k
  }

  /// Whether the set has a string with these bytes.
  func contains(_ b: [UInt8]) -> Bool { find(b) != nil }
}
