import Indexer
import TestSupport
import Testing

/// Source positions of bodies that are not byte-for-byte their source: a text file with invalid UTF-8 (each bad
/// sequence becomes a three-byte U+FFFD) and an NDJSON text member with JSON escapes. A hit's line and column
/// must be those of the file's bytes, where `cut -b` and an editor's byte column find the word.
@Suite struct DecodedSourcePositionTests {
  /// The 1-based line and byte column of the first occurrence of `word` in `bytes`.
  static func sourcePosition(of word: String, in bytes: [UInt8]) -> (line: Int, column: Int)? {
    let needle = Array(word.utf8)
    guard needle.count <= bytes.count else { return nil }
    var line = 1
    var lineStart = 0
    for i in 0...(bytes.count - needle.count) {
      if bytes[i..<(i + needle.count)].elementsEqual(needle) { return (line, i - lineStart + 1) }
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
    }
    return nil
  }

  /// The source position the document's map gives for the first occurrence of `word` in its body.
  static func mappedPosition(of word: String, in doc: Document) throws -> SourcePosition {
    let body = Array(doc.body.utf8)
    let needle = Array(word.utf8)
    let offset = try #require(
      (0...(body.count - needle.count)).first { body[$0..<($0 + needle.count)].elementsEqual(needle) })
    return doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
  }

  @Test func textWithInvalidBytesKeepsSourceColumns() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/latin1.txt"
    // Latin-1 "Café", a stray 0xFF 0xFE, a truncated three-byte sequence (E4 B8), then the word; two lines.
    let bytes: [UInt8] =
      Array("first line\nCaf".utf8) + [0xE9] + Array(" x ".utf8) + [0xFF, 0xFE] + Array(" y ".utf8) + [0xE4, 0xB8]
      + Array(" Huawei and 😀 Zhengfei\n".utf8)
    Fixtures.write(path, bytes)
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.body == String(decoding: bytes, as: UTF8.self))
    for word in ["Huawei", "Zhengfei"] {
      let expected = try #require(Self.sourcePosition(of: word, in: bytes))
      let mapped = try Self.mappedPosition(of: word, in: doc)
      #expect(mapped.line == expected.line && mapped.column == expected.column, "\(word): \(mapped) vs \(expected)")
    }
    // UTF-16: each bad sequence is one U+FFFD, the emoji two units.
    let zhengfei = try Self.mappedPosition(of: "Zhengfei", in: doc)
    #expect(zhengfei.utf16Column == 1 + "Caf\u{FFFD} x \u{FFFD}\u{FFFD} y \u{FFFD} Huawei and 😀 ".utf16.count)
  }

  @Test func htmlDeclaredUTF8WithInvalidBytesKeepsSourceColumns() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/latin1-declared-utf8.html"
    // A Latin-1 page that says it is UTF-8: each é (0xE9) is invalid, replaced by a three-byte U+FFFD.
    let bytes: [UInt8] =
      Array("<html><head><meta charset=\"utf-8\"><title>T</title></head><body><p>Caf".utf8) + [0xE9]
      + Array(" cr".utf8) + [0xE8] + Array("me ".utf8) + [0xFF, 0xFE] + Array(" then Huawei here</p>\n<p>second ".utf8)
      + [0xE9] + Array(" line Zhengfei and ".utf8) + [0xE9] + Array(" DeepSeek</p></body></html>\n".utf8)
    Fixtures.write(path, bytes)
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.body.contains("Huawei") && doc.body.contains("\u{FFFD}"))
    for word in ["Huawei", "Zhengfei", "DeepSeek"] {
      let expected = try #require(Self.sourcePosition(of: word, in: bytes))
      let mapped = try Self.mappedPosition(of: word, in: doc)
      #expect(mapped.line == expected.line && mapped.column == expected.column, "\(word): \(mapped) vs \(expected)")
    }
    let zhengfei = try Self.mappedPosition(of: "Zhengfei", in: doc)
    #expect(zhengfei.utf16Column == 1 + "<p>second \u{FFFD} line ".utf16.count)
  }

  @Test func feedHTMLContentKeepsPositionsAfterInlineMarkup() throws {
    // Escaped HTML in a feed item: `&lt;strong&gt;` is 14 bytes of the file and nothing of the body.
    let path = Fixtures.path("feeds/chips.atom")
    let bytes = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
    let doc = try #require(Extractor().extract(path: path).documents.first { $0.body.contains("high-bandwidth") })
    for word in ["bandwidth", "chip tools", "Huawei suppliers"] {
      let expected = try #require(Self.sourcePosition(of: word, in: bytes))
      let mapped = try Self.mappedPosition(of: word, in: doc)
      #expect(
        mapped.line == expected.line && mapped.column == expected.column,
        "\(word): \(mapped) vs \(expected); anchors \(doc.sourceMap.anchors)")
    }
  }

  @Test func feedRunsStartingWithInlineMarkupKeepTheirAnchor() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/feed.rss"
    let item =
      "<description>&lt;p&gt; &lt;b&gt;Bold&lt;/b&gt; start, &lt;a href=\"https://example.org/x\"&gt;linked "
      + "words&lt;/a&gt; then Huawei and &lt;em&gt;more&lt;/em&gt; DeepSeek&lt;/p&gt;</description>"
    let feed =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>c</title>\n<item><title>t</title>\n"
      + item + "\n</item></channel></rss>\n"
    Fixtures.write(path, feed)
    let bytes = Array(feed.utf8)
    let doc = try #require(Extractor().extract(path: path).documents.first)
    #expect(doc.body == "Bold start, linked words then Huawei and more DeepSeek")
    for word in ["Bold", "start", "linked", "Huawei", "more", "DeepSeek"] {
      let expected = try #require(Self.sourcePosition(of: word, in: bytes))
      let mapped = try Self.mappedPosition(of: word, in: doc)
      #expect(mapped.line == expected.line && mapped.column == expected.column, "\(word): \(mapped) vs \(expected)")
    }
  }

  @Test func invalidSubpartsAreReplacedAsSwiftDecodes() throws {
    // Every lead byte with every continuation pattern: the map's body length must equal the decoded length.
    var random = SeededRandom(seed: 7)
    for _ in 0..<2000 {
      let count = Int.random(in: 1...12, using: &random)
      let pool: [UInt8] = [
        0x41, 0x0A, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xF0, 0xF1, 0xF4,
        0xF5,
        0xFF,
      ]
      let bytes = (0..<count).map { _ in pool[Int.random(in: 0..<pool.count, using: &random)] }
      let body = String(decoding: bytes, as: UTF8.self)
      let map = bytes.withUnsafeBufferPointer { SourceMap.decoded($0) }
      let end = map.position(ofBodyOffset: body.utf8.count, in: body)
      let expected = bytes.withUnsafeBufferPointer { UTF8Validation.lineAndColumn(of: $0.count, in: $0) }
      #expect(end.line == expected.line && end.column == expected.column, "\(bytes): \(end) vs \(expected)")
    }
  }

  @Test func ndjsonEscapesKeepSourceLineAndColumn() throws {
    let dir = Fixtures.temporaryDirectory()
    defer { Fixtures.removeTree(dir) }
    let path = dir + "/escaped.jsonl"
    let line1 = #"{"id":"a","text":"plain DeepSeek"}"#
    let line2 =
      #"{"id":"b","title":"t","text":"caf\u00e9 \"quoted\" line\nsecond line \ud83d\ude00 \u4e2d tab\t DeepSeek here \/ Huawei"}"#
    let bytes = Array((line1 + "\n" + line2 + "\n").utf8)
    Fixtures.write(path, bytes)
    let docs = Extractor().extract(path: path).documents
    #expect(docs.count == 2)
    let doc = try #require(docs.last)
    #expect(doc.body == "café \"quoted\" line\nsecond line 😀 中 tab\t DeepSeek here / Huawei")
    let line2Bytes = Array(line2.utf8)
    for word in ["DeepSeek", "Huawei", "quoted", "second"] {
      let expected = try #require(Self.sourcePosition(of: word, in: line2Bytes))
      let mapped = try Self.mappedPosition(of: word, in: doc)
      #expect(mapped.line == 2 && mapped.column == expected.column, "\(word): \(mapped) vs column \(expected.column)")
      // The escapes are ASCII in the file: one UTF-16 unit per byte.
      #expect(mapped.utf16Column == expected.column, "\(word) UTF-16")
    }
    let first = try Self.mappedPosition(of: "DeepSeek", in: try #require(docs.first))
    #expect(first.line == 1 && first.column == 25)
  }
}
