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
}
