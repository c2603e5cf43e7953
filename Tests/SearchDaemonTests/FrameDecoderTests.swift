import Indexer
import SeekProtocol
import Testing

/// The framing codec, fed in awkward pieces.
@Suite struct FrameDecoderTests {
  private func events(_ decoder: inout FrameDecoder) -> [FrameEvent] {
    var out: [FrameEvent] = []
    while let e = decoder.next() { out.append(e) }
    return out
  }

  @Test(arguments: [1, 3, 7, 1000])
  func bothFramingsSurviveAnySplit(chunk: Int) {
    let body = Array(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#.utf8)
    for framing in Framing.allCases {
      let stream = framing.frame(body) + framing.frame(body)
      var decoder = FrameDecoder()
      var got: [FrameEvent] = []
      var i = 0
      while i < stream.count {
        decoder.feed(Array(stream[i..<min(stream.count, i + chunk)]))
        got += events(&decoder)
        i += chunk
      }
      #expect(decoder.framing == framing)
      #expect(got == [.message(body), .message(body)])
      #expect(!decoder.hasPartialMessage)
    }
  }

  @Test func newlineFramingSkipsBlankLinesAndCarriageReturns() {
    var decoder = FrameDecoder()
    decoder.feed(Array("\n\r\n{\"a\":1}\r\n  {\"b\":2}\n".utf8))
    #expect(events(&decoder) == [.message(Array("{\"a\":1}".utf8)), .message(Array("{\"b\":2}".utf8))])
  }

  @Test func oversizedLineIsDiscardedWithoutBuffering() {
    var decoder = FrameDecoder(maxMessageBytes: 100)
    decoder.feed(Array("{".utf8) + [UInt8](repeating: 0x61, count: 150))
    #expect(events(&decoder) == [.oversized(size: nil, limit: 100)])
    for _ in 0..<100 { decoder.feed([UInt8](repeating: 0x61, count: 10_000)) }
    #expect(decoder.bufferedBytes == 0)
    decoder.feed(Array("aaa\n{\"ok\":1}\n".utf8))
    #expect(events(&decoder) == [.message(Array("{\"ok\":1}".utf8))])
  }

  @Test func oversizedBodyIsSkippedByLength() {
    var decoder = FrameDecoder(maxMessageBytes: 100)
    decoder.feed(Array("Content-Length: 5000\r\n\r\n".utf8))
    #expect(events(&decoder) == [.oversized(size: 5000, limit: 100)])
    for _ in 0..<5 { decoder.feed([UInt8](repeating: 0x20, count: 1000)) }
    #expect(decoder.bufferedBytes == 0)
    decoder.feed(Array("CONTENT-LENGTH:2\r\nX-Other: 1\r\n\r\n{}".utf8))
    #expect(events(&decoder) == [.message(Array("{}".utf8))])
  }

  @Test func aFirstLineThatIsNeitherJSONNorAHeaderIsALineToAnswer() {
    // Binary garbage and stray words are newline-delimited lines (the server answers each with a parse error)
    // instead of a header block that waits for a blank line forever.
    for first in ["\u{FF}\u{FE}garbage\n", "hello world\n", "hello\n", ":colon first\n"] {
      var decoder = FrameDecoder()
      decoder.feed(Array(first.utf8) + Array("{\"ok\":1}\n".utf8))
      #expect(decoder.framing == .newlineDelimited, "\(first)")
      let got = events(&decoder)
      #expect(got.count == 2)
      #expect(got.last == .message(Array("{\"ok\":1}".utf8)))
    }
    // A header name arriving a byte at a time is waited for, then taken as a header.
    var decoder = FrameDecoder()
    for b in Array("Content-Length: 2\r\n\r\n{}".utf8) {
      decoder.feed([b])
      if b == UInt8(ascii: "C") { #expect(decoder.framing == nil) }
    }
    #expect(decoder.framing == .contentLength)
    #expect(events(&decoder) == [.message(Array("{}".utf8))])
    // A "header name" longer than any is not one.
    var long = FrameDecoder()
    long.feed([UInt8](repeating: 0x61, count: 300))
    #expect(long.framing == .newlineDelimited)
  }

  @Test func badHeaders() {
    var decoder = FrameDecoder()
    decoder.feed(Array("Content-Type: x\r\n\r\n".utf8))
    #expect(events(&decoder) == [.badHeader(message: "missing Content-Length header", recoverable: true)])
    decoder.feed(Array("Content-Length: -3\r\n\r\n".utf8))
    guard case .badHeader(_, false) = events(&decoder).first else {
      Issue.record("a negative length must be fatal")
      return
    }
    #expect(decoder.isBroken)
    var long = FrameDecoder(maxHeaderBytes: 64)
    long.feed(Array(("X-Junk: " + String(repeating: "y", count: 100)).utf8))
    guard case .badHeader(_, false) = events(&long).first else {
      Issue.record("an endless header must be fatal")
      return
    }
  }

  @Test func messagesDecodeAndClassify() {
    #expect(
      RPCMessage.decode(Array(#"{"jsonrpc":"2.0","id":"x","method":"m","params":{"a":1}}"#.utf8))
        == .single(.request(id: .string("x"), method: "m", params: .object([("a", .number(1))]))))
    #expect(
      RPCMessage.decode(Array(#"{"jsonrpc":"2.0","method":"n"}"#.utf8))
        == .single(.request(id: nil, method: "n", params: nil)))
    guard case .failure(let e) = RPCMessage.decode(Array("{".utf8)) else {
      Issue.record("expected a parse error")
      return
    }
    #expect(e.code == RPCErrorCode.parseError)
    let response = RPCEncoder.response(id: .int(5), result: Array("[1]".utf8))
    #expect(String(decoding: response, as: UTF8.self) == #"{"jsonrpc":"2.0","id":5,"result":[1]}"#)
    let err = RPCEncoder.error(id: .null, error: .invalidParams("q", "is required"))
    #expect(
      String(decoding: err, as: UTF8.self)
        == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"Invalid params: 'q' is required","data":{"param":"q"}}}"#
    )
  }

  @Test func seekErrorsMapToCodes() {
    #expect(RPCError(SeekError(.invalidQuery, "bad")).code == RPCErrorCode.invalidParams)
    #expect(RPCError(SeekError(.locked, "busy")).code == RPCErrorCode.locked)
    #expect(RPCError(SeekError(.other, "?")).code == RPCErrorCode.internalError)
    #expect(RPCError(SeekError(.io, "disk")).data?["kind"]?.stringValue == "io")
  }

  @Test func socketPathsFallBackWhenTooLong() {
    let short = SeekPaths.socketPath(explicit: nil, indexDirectory: "/home/u/idx", environment: [:])
    #expect(short == "/home/u/idx/seekd.sock")
    let deep = "/home/u/" + String(repeating: "d", count: 120)
    let runtime = SeekPaths.socketPath(
      explicit: nil, indexDirectory: deep, environment: ["XDG_RUNTIME_DIR": "/run/user/7"])
    #expect(runtime == "/run/user/7/seek-\(SeekPaths.hash(deep)).sock")
    let tmp = SeekPaths.socketPath(explicit: nil, indexDirectory: deep, environment: [:])
    #expect(tmp.hasPrefix("/tmp/seek-") && tmp.hasSuffix(".sock") && tmp.utf8.count <= 107)
    #expect(SeekPaths.socketPath(explicit: nil, indexDirectory: deep, environment: ["SEEK_SOCKET": "/x/s"]) == "/x/s")
    #expect(
      SeekPaths.indexDirectory(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/seek")
    #expect(SeekPaths.indexDirectory(explicit: nil, environment: ["HOME": "/h"]) == "/h/.local/share/seek")
    #expect(SeekPaths.indexDirectory(explicit: "/a/./b/", environment: ["SEEK_INDEX": "/e"]) == "/a/b")
  }
}
