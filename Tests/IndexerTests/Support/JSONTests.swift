import Indexer
import Testing

@Suite struct JSONTests {
  @Test func parsesAndWritesRoundTrip() throws {
    let text = #"{"a":[1,2.5,"x\n\u00e9\ud83d\ude00"],"b":{"c":null,"d":true},"e":-3}"#
    let value = try JSONValue.parse(text)
    #expect(value["a"]?.arrayValue?.count == 3)
    #expect(value["a"]?.arrayValue?[2].stringValue == "x\né😀")
    #expect(value["e"]?.intValue == -3)
    var w = JSONWriter()
    w.value(value)
    #expect(try JSONValue.parse(w.string) == value)
  }

  @Test func rejectsBadInputWithOffset() {
    for bad in ["{", "[1,]", "{\"a\" 1}", "\"abc", "nul", "[" + String(repeating: "[", count: 600)] {
      #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(bad) }
    }
  }

  @Test func writerSeparatesKeysAndValues() {
    var w = JSONWriter()
    w.beginObject()
    w.key("a")
    w.int(1)
    w.key("b")
    w.beginArray()
    w.string("x")
    w.double(0.5)
    w.endArray()
    w.key("c")
    w.beginObject()
    w.key("d")
    w.bool(false)
    w.endObject()
    w.endObject()
    #expect(w.string == #"{"a":1,"b":["x",0.5],"c":{"d":false}}"#)
  }

  @Test func writerEscapesEveryControlAndQuoteAtAnyPosition() throws {
    let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "😀", "a"]
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      var text = ""
      for _ in 0..<Int.random(in: 0...12, using: &rng) { text += specials.randomElement(using: &rng)! }
      var w = JSONWriter()
      w.string(text)
      let bytes = w.bytes
      #expect(!bytes.dropFirst().dropLast().contains { $0 < 0x20 }, "raw control byte in \(w.string)")
      #expect(try JSONValue.parse(w.string).stringValue == text)
    }
    var w = JSONWriter()
    w.string("\u{1F}x")
    #expect(w.string == #""\u001fx""#)
  }

  @Test func writerPrintsIntegersExactly() throws {
    for value in [0, 7, -7, 10, 1_000_000, -1_234_567_890, Int.max, Int.min] {
      var w = JSONWriter()
      w.int(value)
      #expect(w.string == String(value))
    }
    var w = JSONWriter()
    w.beginArray()
    w.double(3.0)
    w.double(-120)
    w.double(0.125)
    w.endArray()
    #expect(w.string == "[3,-120,0.125]")
  }

  @Test func integersParseLikeDoubleText() throws {
    var rng = SystemRandomNumberGenerator()
    var texts = [
      "0", "-0", "007", "-007", "123456789012345", "1234567890123456", "-999999999999999", "9007199254740993",
    ]
    for _ in 0..<2000 {
      let digits = Int.random(in: 1...18, using: &rng)
      var t = Bool.random(using: &rng) ? "-" : ""
      for _ in 0..<digits { t.append(Character(String(Int.random(in: 0...9, using: &rng)))) }
      texts.append(t)
    }
    for t in texts {
      let parsed = try JSONValue.parse("[\(t)]").arrayValue?.first?.doubleValue
      let want = try #require(Double(t))
      #expect(parsed?.bitPattern == want.bitPattern, "\(t)")
    }
  }
}
