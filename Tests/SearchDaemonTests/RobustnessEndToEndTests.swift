import Foundation
import Indexer
import SeekProtocol
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile and heavy clients: oversized and truncated messages, deep nesting, random bytes, many clients, stalls.
@Suite(.serialized)
struct RobustnessEndToEndTests {
  @Test func oversizedNewlineDelimitedRequestIsSkipped() throws {
    let daemon = try DaemonProcess(arguments: ["--max-request-bytes", "4096"])
    let client = try daemon.client()
    var big = Array(#"{"jsonrpc":"2.0","id":1,"method":"status","params":{"pad":""#.utf8)
    big += [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
    big += Array(#""}}"#.utf8)
    try client.send(big)
    let reply = try client.nextMessage()
    #expect(errorOf(reply)?.error.code == RPCErrorCode.invalidRequest)
    #expect(errorOf(reply)?.error.message.contains("4096") == true)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func oversizedContentLengthRequestIsSkippedAndResynced() throws {
    let daemon = try DaemonProcess(arguments: ["--max-request-bytes", "4096"])
    let client = try daemon.client(.contentLength)
    let body = [UInt8](repeating: UInt8(ascii: " "), count: 1_000_000)
    try client.sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    let reply = try client.nextMessage()
    #expect(errorOf(reply)?.error.code == RPCErrorCode.invalidRequest)
    #expect(errorOf(reply)?.error.message.contains("1000000") == true)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func aGarbageFirstLineGetsAParseErrorNotASilentWait() throws {
    let daemon = try DaemonProcess()
    // Neither JSON nor a header: before, the connection took it as the start of a header block and never answered.
    let client = try daemon.client()
    try client.sendRaw([0xFF, 0xFE, 0x00] + Array("garbage\n".utf8))
    let reply = try client.nextMessage(timeout: 5)
    #expect(errorOf(reply)?.error.code == RPCErrorCode.parseError)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func truncatedAndWrongHeaders() throws {
    let daemon = try DaemonProcess()
    // A header cut short, then the client leaves.
    do {
      let c = try daemon.client(.contentLength)
      try c.sendRaw(Array("Content-Le".utf8))
      c.close()
    }
    // A body shorter than announced, then the client leaves.
    do {
      let c = try daemon.client(.contentLength)
      try c.sendRaw(Array("Content-Length: 40\r\n\r\n{\"jsonrpc\"".utf8))
      c.close()
    }
    // A non-numeric length: an error, then the connection is closed (no way to find the next message).
    do {
      let c = try daemon.client(.contentLength)
      try c.sendRaw(Array("Content-Length: ten\r\n\r\n{}".utf8))
      let reply = try c.nextMessage()
      #expect(errorOf(reply)?.error.code == RPCErrorCode.invalidRequest)
      #expect(errorOf(reply)?.error.message.contains("Content-Length") == true)
      #expect(throws: SeekError.self) { _ = try c.nextMessage(timeout: 5) }
    }
    // A missing length: an error, and the connection stays usable.
    do {
      let c = try daemon.client(.contentLength)
      try c.sendRaw(Array("Content-Type: x\r\n\r\n".utf8))
      #expect(errorOf(try c.nextMessage())?.error.message.contains("missing Content-Length") == true)
      #expect(try c.call(RPCMethod.status)["pid"] != nil)
    }
    #expect(try daemon.client().call(RPCMethod.status)["pid"] != nil)
  }

  @Test func deepNestingIsAParseError() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    try client.send([UInt8](repeating: UInt8(ascii: "["), count: 100_000))
    #expect(errorOf(try client.nextMessage())?.error.code == RPCErrorCode.parseError)
    let nested =
      #"{"jsonrpc":"2.0","id":1,"method":"status","params":{"a":"# + String(repeating: "[", count: 300)
      + String(repeating: "]", count: 300) + "}}"
    try client.send(Array(nested.utf8))
    let reply = try client.nextMessage()
    #expect(errorOf(reply)?.error.code == RPCErrorCode.parseError)
    #expect(errorOf(reply)?.error.message.contains("nested") == true)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func randomBytesNeverKillTheDaemon() throws {
    let daemon = try DaemonProcess(arguments: ["--max-request-bytes", "65536"])
    var rng = SeededRandom(seed: 0x5eed)
    let fragments: [[UInt8]] = [
      Array("Content-Length: ".utf8), Array("\r\n\r\n".utf8), Array(#"{"jsonrpc":"2.0","id":1,"method":""#.utf8),
      Array("\n".utf8), Array("[".utf8), Array("{".utf8), Array(#"\u00"#.utf8), Array("\"".utf8), [0, 0xFF, 0xC3],
    ]
    for round in 0..<200 {
      let client = try daemon.client(round % 2 == 0 ? .newlineDelimited : .contentLength, timeout: 2)
      var message: [UInt8] = []
      for _ in 0..<Int(rng.next() % 12) {
        if rng.next() % 3 == 0 {
          message += fragments[Int(rng.next() % UInt64(fragments.count))]
        } else {
          for _ in 0..<Int(rng.next() % 64) { message.append(UInt8(truncatingIfNeeded: rng.next())) }
        }
      }
      message.append(0x0A)
      try? client.sendRaw(message)
      client.close()
    }
    let client = try daemon.client()
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
    #expect(daemon.process.isRunning)
  }

  @Test func randomLinesOnOneConnectionThenItResyncs() throws {
    let daemon = try DaemonProcess(arguments: ["--max-request-bytes", "4096"])
    let client = try daemon.client(timeout: 10)
    var rng = SeededRandom(seed: 42)
    // A first valid line fixes the framing (a connection starting with garbage is taken for headers).
    var stream = Array("{\"jsonrpc\":\"2.0\",\"method\":\"status\"}\n".utf8)
    for _ in 0..<200 {
      let length = Int(rng.next() % 6000)
      for _ in 0..<length {
        let b = UInt8(truncatingIfNeeded: rng.next())
        stream.append(b == 0x0A ? 0x20 : b)
      }
      stream.append(0x0A)
    }
    try client.sendRaw(stream)
    try client.send(Array(#"{"jsonrpc":"2.0","id":"final","method":"status"}"#.utf8))
    let reply = try client.waitForResponse(id: .string("final"))
    guard case .result(_, let status) = reply else {
      Issue.record("no status after the random lines: \(reply)")
      return
    }
    #expect(status["pid"] != nil)
  }

  @Test func fiftyClientsAtOnce() throws {
    let daemon = try DaemonProcess()
    let clients = try (0..<50).map { i in try daemon.client(i % 2 == 0 ? .newlineDelimited : .contentLength) }
    // Connections are registered as the daemon accepts them: wait until all 50 are in.
    var open = 0
    for _ in 0..<200 where open != 50 {
      open = try clients[0].call(RPCMethod.status)["connections"]?.intValue ?? 0
      if open != 50 { usleep(10_000) }
    }
    #expect(open == 50)
    let failures = Failures()
    let box = UncheckedBox(clients)
    DispatchQueue.concurrentPerform(iterations: clients.count) { i in
      let client = box.value[i]
      for _ in 0..<20 {
        do {
          let s = try client.call(RPCMethod.status)
          if s["pid"] == nil { failures.add("no pid") }
        } catch {
          failures.add("\(error)")
        }
      }
    }
    #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
  }

  @Test func pipelinedRequestsAreAllAnsweredInOrder() throws {
    let daemon = try DaemonProcess()
    let fd = try UnixSocket.connect(path: daemon.socketPath).get()
    defer { close(fd) }
    let count = 5000
    let writer = Thread {
      var bytes: [UInt8] = []
      for i in 0..<count { bytes += Array("{\"jsonrpc\":\"2.0\",\"id\":\(i),\"method\":\"initialize\"}\n".utf8) }
      _ = UnixSocket.writeAll(fd, bytes, timeout: 30)
    }
    writer.start()
    var decoder = FrameDecoder(framing: .newlineDelimited)
    var buffer = [UInt8](repeating: 0, count: 65536)
    var ids: [Int] = []
    while ids.count < count, UnixSocket.waitReadable(fd, timeout: 10) {
      let n = read(fd, &buffer, buffer.count)
      if n <= 0 { break }
      decoder.feed(Array(buffer[0..<n]))
      while case .message(let body)? = decoder.next() {
        if case .single(.result(.int(let id), _)) = RPCMessage.decode(body) { ids.append(id) }
      }
    }
    #expect(ids == Array(0..<count))
  }

  @Test func connectionsBeyondTheLimitAreClosed() throws {
    let daemon = try DaemonProcess(arguments: ["--max-connections", "3"])
    // Fill the three places (retrying while the readiness probe's connection is still being reaped).
    var kept: [SeekClient] = []
    for _ in 0..<100 where kept.count < 3 {
      let c = try daemon.client(timeout: 2)
      if (try? c.call(RPCMethod.status)) != nil { kept.append(c) } else { usleep(20_000) }
    }
    #expect(kept.count == 3)
    let extra = try daemon.client(timeout: 3)
    #expect(throws: SeekError.self) { _ = try extra.call(RPCMethod.status) }
    kept[0].close()
    var answered = false
    for _ in 0..<100 where !answered {
      answered = (try? daemon.client(timeout: 2).call(RPCMethod.status)) != nil
      if !answered { usleep(20_000) }
    }
    #expect(answered)
    #expect(try SeekClient.connectIfRunning(socketPath: daemon.directory + "/none.sock") == nil)
  }

  @Test func aStalledClientDoesNotDelayOthers() throws {
    let daemon = try DaemonProcess(arguments: ["--stall-timeout", "2"])
    let stalledHeader = try daemon.client(.contentLength)
    try stalledHeader.sendRaw(Array("Content-Length: 100\r\n\r\n{\"jsonrpc\":".utf8))
    let stalledLine = try daemon.client()
    try stalledLine.sendRaw(Array(#"{"jsonrpc":"2.0","id":1,"#.utf8))
    let other = try daemon.client()
    let start = Date()
    for _ in 0..<10 { _ = try other.call(RPCMethod.status) }
    #expect(Date().timeIntervalSince(start) < 1.0)
    // After the stall timeout the half-sent connection is told why and closed.
    let reply = try stalledLine.nextMessage(timeout: 6)
    #expect(errorOf(reply)?.error.message.contains("incomplete message") == true)
    #expect(throws: SeekError.self) { _ = try stalledLine.nextMessage(timeout: 3) }
  }
}
