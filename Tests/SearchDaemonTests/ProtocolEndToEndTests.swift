import Foundation
import Indexer
import SeekProtocol
import Testing

/// Drives a real seekd over its socket: both framings, the daemon's own methods, and every JSON-RPC error.
@Suite(.serialized)
struct ProtocolEndToEndTests {
  @Test func initializeAndStatusOverNewlineDelimitedJSON() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let info = try client.call(
      RPCMethod.initialize, params: .object([("positionEncodings", .array([.string("utf-16"), .string("utf-8")]))]))
    #expect(info["serverInfo"]?["name"]?.stringValue == "seekd")
    #expect(info["serverInfo"]?["version"]?.stringValue == ProtocolVersion.server)
    #expect(info["positionEncoding"]?.stringValue == "utf-16")
    let encodings = info["capabilities"]?["positionEncodings"]?.arrayValue?.compactMap(\.stringValue)
    #expect(encodings == ["utf-8", "utf-16"])
    let methods = info["capabilities"]?["methods"]?.arrayValue?.compactMap(\.stringValue) ?? []
    for m in [RPCMethod.search, RPCMethod.status, RPCMethod.watch, RPCMethod.shutdown] { #expect(methods.contains(m)) }

    let lsp = try daemon.client(.contentLength).call(
      RPCMethod.initialize,
      params: .object([
        ("processId", .null),
        ("capabilities", .object([("general", .object([("positionEncodings", .array([.string("utf-16")]))]))])),
      ]))
    #expect(lsp["positionEncoding"]?.stringValue == "utf-16")

    let status = try client.call(RPCMethod.status)
    #expect(status["pid"]?.intValue == Int(daemon.process.processIdentifier))
    #expect(status["socket"]?.stringValue == daemon.socketPath)
    #expect(status["index"]?.stringValue == daemon.indexDirectory)
    // The readiness probe's connection may not be reaped yet.
    #expect((1...3).contains(status["connections"]?.intValue ?? 0))
    #expect((status["uptime_ms"]?.intValue ?? -1) >= 0)
    #expect(status["watches"]?.arrayValue?.isEmpty == true)
  }

  @Test func contentLengthFramingIsAnsweredInKind() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client(.contentLength)
    let status = try client.call(RPCMethod.status)
    #expect(status["pid"]?.intValue == Int(daemon.process.processIdentifier))
    // Raw check: extra headers are ignored and the answer carries a Content-Length header.
    let raw = try UnixSocket.connect(path: daemon.socketPath).get()
    defer { close(raw) }
    let body = Array(#"{"jsonrpc":"2.0","id":"a","method":"status"}"#.utf8)
    let message =
      Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: \(body.count)\r\n\r\n".utf8)
      + body
    #expect(UnixSocket.writeAll(raw, message, timeout: 5))
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !received.contains(UInt8(ascii: "}")) || received.last != UInt8(ascii: "}") {
      guard UnixSocket.waitReadable(raw, timeout: 5) else { break }
      let n = read(raw, &buffer, buffer.count)
      if n <= 0 { break }
      received += buffer[0..<n]
    }
    let text = String(decoding: received, as: UTF8.self)
    #expect(text.hasPrefix("Content-Length: "))
    #expect(text.contains(#""id":"a","result":{"#))
  }

  @Test func unknownMethodAndEngineMethods() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    #expect(throws: RPCError.self) { try client.call("no/such") }
    do {
      _ = try client.call("no/such")
    } catch let e as RPCError {
      #expect(e.code == RPCErrorCode.methodNotFound)
      #expect(e.message.contains("no/such"))
    }
    // Engine methods check their params and name the offending one.
    let cases: [(String, JSONValue?, String)] = [
      (RPCMethod.search, .object([("limit", .number(3))]), "query"),
      (
        RPCMethod.search, .object([("query", .string("x")), ("positionEncoding", .string("utf-32"))]),
        "positionEncoding"
      ),
      (RPCMethod.index, .object([]), "paths"),
      (RPCMethod.index, .object([("paths", .array([.string("relative/docs")]))]), "paths"),
      (RPCMethod.remove, .object([("paths", .array([]))]), "paths"),
      (RPCMethod.entities, .object([("type", .string("planet"))]), "type"),
      (RPCMethod.document, .object([("id", .string("/no/such/document"))]), "id"),
    ]
    for (method, params, param) in cases {
      do {
        _ = try client.call(method, params: params)
        Issue.record("\(method) \(String(describing: params)) should fail")
      } catch let e as RPCError {
        #expect(e.code == RPCErrorCode.invalidParams)
        #expect(e.message.contains(param), "\(method): \(e.message)")
      }
    }
    do {
      _ = try client.call(RPCMethod.document, params: .object([("id", .string("/no/such/document"))]))
    } catch let e as RPCError {
      #expect(e.message == "Invalid params: 'id' names no document in the index: /no/such/document")
    }
    let empty = try client.call(RPCMethod.search, params: .object([("query", .string("anything"))]))
    #expect(empty["total"]?.intValue == 0)
    #expect(empty["hits"]?.arrayValue?.isEmpty == true)
  }

  @Test func invalidParamsNameTheParam() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let cases: [(String, JSONValue?, String)] = [
      (RPCMethod.watch, .object([("paths", .number(5))]), "paths"),
      (RPCMethod.watch, nil, "paths"),
      (RPCMethod.watch, .object([("paths", .array([.string("/nonexistent/seek/folder")]))]), "paths"),
      (RPCMethod.initialize, .object([("positionEncodings", .string("utf-8"))]), "positionEncodings"),
      (RPCMethod.testSleep, .object([("ms", .string("soon"))]), "ms"),
      (RPCMethod.status, .array([.number(1)]), "params"),
    ]
    for (method, params, name) in cases {
      do {
        _ = try client.call(method, params: params)
        Issue.record("\(method) accepted bad params")
      } catch let e as RPCError {
        #expect(e.code == RPCErrorCode.invalidParams, "\(method)")
        #expect(e.message.contains("'\(name)'"), "\(e.message)")
        #expect(e.data?["param"]?.stringValue == name)
      }
    }
  }

  @Test(arguments: Framing.allCases)
  func parseErrorLeavesTheConnectionUsable(framing: Framing) throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client(framing)
    try client.send(Array(#"{"jsonrpc":"2.0","id":1,"method":"status""#.utf8))
    let reply = try client.nextMessage()
    #expect(errorOf(reply)?.error.code == RPCErrorCode.parseError)
    #expect(errorOf(reply)?.id == .null)
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func invalidRequests() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let bad: [(String, RPCID)] = [
      (#"{"jsonrpc":"1.0","id":7,"method":"status"}"#, .int(7)),
      (#"{"id":8,"method":"status"}"#, .int(8)),
      (#"{"jsonrpc":"2.0","id":9,"method":42}"#, .int(9)),
      (#"{"jsonrpc":"2.0","id":{"x":1},"method":"status"}"#, .null),
      (#"{"jsonrpc":"2.0","id":1e400,"method":"status"}"#, .null),
      (#"{"jsonrpc":"2.0","id":10,"method":"status","params":"x"}"#, .int(10)),
      ("42", .null),
      ("[]", .null),
    ]
    for (text, id) in bad {
      try client.send(Array(text.utf8))
      let reply = try client.nextMessage()
      #expect(errorOf(reply)?.error.code == RPCErrorCode.invalidRequest, "\(text)")
      #expect(errorOf(reply)?.id == id, "\(text)")
    }
    #expect(try client.call(RPCMethod.status)["pid"] != nil)
  }

  @Test func batchesAndNotifications() throws {
    let daemon = try DaemonProcess()
    let client = try daemon.client()
    let batch =
      #"[{"jsonrpc":"2.0","id":1,"method":"status"},{"jsonrpc":"2.0","method":"status"},"#
      + #"{"jsonrpc":"2.0","id":2,"method":"nope"},5]"#
    try client.send(Array(batch.utf8))
    let raw = try client.nextMessage()
    let second = try client.nextMessage()
    let third = try client.nextMessage()
    if case .result(let id, _) = raw { #expect(id == .int(1)) } else { Issue.record("expected a result: \(raw)") }
    #expect(errorOf(second)?.error.code == RPCErrorCode.methodNotFound)
    #expect(errorOf(third)?.error.code == RPCErrorCode.invalidRequest)
    // A notification-only batch and a plain notification get no answer: the next reply is the status call's.
    try client.send(Array(#"[{"jsonrpc":"2.0","method":"status"}]"#.utf8))
    try client.notify(RPCMethod.status)
    let id = try client.sendRequest(RPCMethod.status)
    if case .result(let got, _) = try client.nextMessage() { #expect(got == id) } else { Issue.record("no result") }
  }

  @Test func notificationsReachInitializedClientsOnly() throws {
    let daemon = try DaemonProcess()
    let subscriber = try daemon.client()
    _ = try subscriber.call(RPCMethod.initialize)
    let other = try daemon.client()
    _ = try other.call(RPCMethod.status)
    let params: JSONValue = .object([
      ("method", .string(RPCMethod.indexChanged)), ("params", .object([("generation", .number(3))])),
    ])
    _ = try other.call("$/broadcast", params: params)
    let note = try subscriber.nextMessage(timeout: 5)
    guard case .request(nil, let method, let p) = note else {
      Issue.record("expected a notification, got \(note)")
      return
    }
    #expect(method == RPCMethod.indexChanged)
    #expect(p?["generation"]?.intValue == 3)
    #expect(other.notifications.isEmpty)
    _ = try other.call(RPCMethod.status)
    #expect(other.notifications.isEmpty)
  }
}
