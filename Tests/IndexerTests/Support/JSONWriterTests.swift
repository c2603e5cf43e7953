import Indexer
import Testing

/// The writer's output must stay byte-identical to the straightforward implementation it replaced (Swift's
/// shortest `description` for fractions, escapes byte by byte, an array of comma flags): these tests compare the
/// two on many random inputs.
@Suite struct JSONWriterTests {
  /// The text the previous writer produced for `double(value, digits:)`.
  static func referenceDouble(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "null" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(rounded)
  }

  /// The previous writer's string escaping, one byte at a time.
  static func referenceString(_ text: String) -> String {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    let hex = Array("0123456789abcdef".utf8)
    for b in text.utf8 {
      switch b {
      case UInt8(ascii: "\""): out += [0x5C, 0x22]
      case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }

  static func written(_ body: (inout JSONWriter) -> Void) -> String {
    var w = JSONWriter(capacity: 16)
    body(&w)
    return w.string
  }

  @Test func doublesPrintAsBefore() {
    var rng = SystemRandomNumberGenerator()
    let digitChoices = [0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 17]
    var checked = 0
    for round in 0..<60_000 {
      let value: Double
      switch round % 6 {
      case 0: value = Double.random(in: 0..<100, using: &rng)  // scores
      case 1: value = Double.random(in: -1..<1, using: &rng)
      case 2:  // any finite bit pattern
        value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
      case 3:  // a decimal with a 5 just past the kept digits (rounding ties)
        let d = Int.random(in: 1...6, using: &rng)
        var scale = 1.0
        for _ in 0...d { scale *= 10 }
        value = (Double(Int.random(in: -100_000_000...100_000_000, using: &rng)) * 10 + 5) / scale
      case 4:  // near the switch to exponent notation and to whole numbers
        value =
          [1e-4, 9.9999e-5, 1.00004e-4, 0.00015, 1e15, 999_999_999_999_999.9, 2.5, -0.00005]
          .randomElement(using: &rng)! * Double.random(in: 0.999...1.001, using: &rng)
      default:  // wide magnitudes
        value = Double.random(in: 1...10, using: &rng) * Self.pow10(Int.random(in: -12...18, using: &rng))
      }
      guard value.isFinite else { continue }
      let digits = digitChoices.randomElement(using: &rng)!
      let got = Self.written { $0.double(value, digits: digits) }
      let want = Self.referenceDouble(value, digits: digits)
      #expect(got == want, "double(\(value), digits: \(digits))")
      if got != want { return }
      checked += 1
    }
    #expect(checked > 50_000)
    for special in [Double.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude] {
      #expect(Self.written { $0.double(special, digits: 4) } == Self.referenceDouble(special, digits: 4))
    }
  }

  static func pow10(_ e: Int) -> Double {
    var x = 1.0
    for _ in 0..<abs(e) { x *= 10 }
    return e < 0 ? 1 / x : x
  }

  @Test func stringsEscapeAsBefore() {
    var rng = SystemRandomNumberGenerator()
    let pieces: [String] = [
      "a", "bc", "hello world", "0123456789abcdef", "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{01}", "\u{1F}", " ",
      "\u{7F}", "é", "中文", "😀", "/", "\u{2028}",
    ]
    for _ in 0..<3000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...40, using: &rng) { text += pieces.randomElement(using: &rng)! }
      let want = Self.referenceString(text)
      #expect(Self.written { $0.string(text) } == want)
      #expect(Self.written { $0.key(text) } == want + ":")
    }
  }

  @Test func staticKeysAndStringsMatchStringOnes() {
    #expect(Self.written { $0.key(static: "a\"b\\c\n") } == Self.written { $0.key("a\"b\\c\n") })
    #expect(Self.written { $0.string(static: "é\u{01}x") } == Self.written { $0.string("é\u{01}x") })
    let both = Self.written {
      $0.beginObject()
      $0.key(static: "type")
      $0.string(static: "hit")
      $0.key("rank")
      $0.int(1)
      $0.endObject()
    }
    #expect(both == #"{"type":"hit","rank":1}"#)
  }

  @Test func commasAtEveryDepth() throws {
    // Deeper than the 64 levels kept in a bit set.
    var w = JSONWriter(capacity: 16)
    var want = ""
    for level in 0..<100 {
      w.beginArray()
      w.int(level)
      want += "[\(level)"
      if level % 3 == 0 {
        w.beginObject()
        w.key("k")
        w.string("v")
        w.key("n")
        w.null()
        w.endObject()
        want += ",{\"k\":\"v\",\"n\":null}"
      }
      want += ","
    }
    w.bool(true)
    want += "true"
    for _ in 0..<100 {
      w.endArray()
      want += "]"
    }
    #expect(w.string == want)
    #expect(try JSONValue.parse(w.string) != .null)
  }

  @Test func copiesAreIndependent() {
    var a = JSONWriter(capacity: 16)
    a.beginArray()
    a.string("shared")
    var b = a
    b.string("only b")
    a.int(1)
    a.endArray()
    b.endArray()
    #expect(a.string == #"["shared",1]"#)
    #expect(b.string == #"["shared","only b"]"#)
    #expect(a.bytes == Array(a.string.utf8))
    #expect(a.byteCount == a.bytes.count)
  }

  @Test func rawAndNewlineResetState() {
    var w = JSONWriter(capacity: 16)
    w.beginObject()
    w.key("r")
    w.raw(Array(#"{"x":[1,2]}"#.utf8))
    w.endObject()
    w.newline()
    w.beginArray()
    w.raw(Array("1".utf8))
    w.raw(Array("2".utf8))
    w.endArray()
    #expect(w.string == "{\"r\":{\"x\":[1,2]}}\n[1,2]")
  }
}
