import Indexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small blocking JSON-RPC client over the daemon's Unix socket, for the `seek` CLI and tests.
///
/// One instance per thread: it is not thread-safe. Server notifications received while waiting for a response are
/// kept in ``notifications``.
public final class SeekClient {
  /// The socket path connected to.
  public let socketPath: String
  /// The framing used for requests (and expected in responses).
  public let framing: Framing
  /// Seconds to wait for a response before ``call(_:params:)`` fails.
  public var timeout: Double
  /// Notifications from the server received so far, oldest first.
  public var notifications: [RPCMessage] = []

  private var fd: Int32
  private var decoder: FrameDecoder
  private var nextID = 1
  private var pending: [RPCMessage] = []

  /// Connects to a daemon.
  /// - Parameters:
  ///   - socketPath: the daemon's socket.
  ///   - framing: the framing to speak.
  ///   - timeout: seconds to wait for each response.
  ///   - maxMessageBytes: the largest response accepted.
  /// - Throws: ``SeekError`` when the socket cannot be reached (message names the path and how to start `seekd`).
  public init(
    socketPath: String, framing: Framing = .newlineDelimited, timeout: Double = 30, maxMessageBytes: Int = 256 << 20
  ) throws {
    self.socketPath = socketPath
    self.framing = framing
    self.timeout = timeout
    self.decoder = FrameDecoder(maxMessageBytes: maxMessageBytes, framing: framing)
    switch try UnixSocket.connect(path: socketPath) {
    case .success(let fd):
      // Non-blocking, so writes honour the timeout even when the daemon stops reading.
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      self.fd = fd
    case .failure(let e):
      throw SeekError(.io, "cannot connect to seekd at \(socketPath): \(e); is seekd running?")
    }
  }

  /// Connects to the daemon on `socketPath` if one is running.
  /// - Parameters:
  ///   - socketPath: the socket (see ``SeekPaths/socketPath(explicit:indexDirectory:environment:)``).
  ///   - framing: the framing to speak.
  ///   - timeout: seconds to wait for each response.
  /// - Returns: a client, or nil when no daemon listens there (no socket file, or a stale one).
  /// - Throws: ``SeekError`` when the socket exists but cannot be used (permissions, path too long).
  public static func connectIfRunning(
    socketPath: String, framing: Framing = .newlineDelimited, timeout: Double = 30
  ) throws -> SeekClient? {
    switch try UnixSocket.connect(path: socketPath) {
    case .success(let fd):
      Glibc.close(fd)
      return try SeekClient(socketPath: socketPath, framing: framing, timeout: timeout)
    case .failure(let e) where e.code == ENOENT || e.code == ECONNREFUSED:
      return nil
    case .failure(let e):
      throw SeekError(.io, "cannot connect to seekd at \(socketPath): \(e)")
    }
  }

  deinit { close() }

  /// Closes the connection (idempotent).
  public func close() {
    if fd >= 0 {
      Glibc.close(fd)
      fd = -1
    }
  }

  /// Half-closes the connection: the server sees end of input but can still answer.
  public func shutdownWrite() {
    if fd >= 0 { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }
  }

  /// Calls a method and waits for its result.
  /// - Parameters:
  ///   - method: the method name.
  ///   - params: the params (object or array), or nil.
  /// - Returns: the `result` value.
  /// - Throws: ``RPCError`` for an error response; ``SeekError`` on I/O failure or timeout.
  public func call(_ method: String, params: JSONValue? = nil) throws -> JSONValue {
    let id = try sendRequest(method, params: params)
    switch try waitForResponse(id: id) {
    case .result(_, let result): return result
    case .error(_, let error): throw error
    default: throw SeekError(.io, "unexpected reply from seekd at \(socketPath)")
    }
  }

  /// Sends a request without waiting.
  /// - Parameters:
  ///   - method: the method name.
  ///   - params: the params, or nil.
  /// - Returns: the id used.
  /// - Throws: ``SeekError`` when the write fails.
  @discardableResult
  public func sendRequest(_ method: String, params: JSONValue? = nil) throws -> RPCID {
    let id = RPCID.int(nextID)
    nextID += 1
    try send(RPCEncoder.request(id: id, method: method, params: params.map(RPCEncoder.encode)))
    return id
  }

  /// Sends a notification.
  /// - Parameters:
  ///   - method: the notification name.
  ///   - params: the params, or nil.
  /// - Throws: ``SeekError`` when the write fails.
  public func notify(_ method: String, params: JSONValue? = nil) throws {
    try send(RPCEncoder.notification(method: method, params: params.map(RPCEncoder.encode)))
  }

  /// Sends one message body, framed.
  /// - Parameter body: JSON text (not validated).
  /// - Throws: ``SeekError`` when the write fails.
  public func send(_ body: [UInt8]) throws {
    try sendRaw(framing.frame(body))
  }

  /// Sends bytes as they are (no framing), for tests of malformed input.
  /// - Parameter bytes: the bytes.
  /// - Throws: ``SeekError`` when the write fails.
  public func sendRaw(_ bytes: [UInt8]) throws {
    guard fd >= 0, UnixSocket.writeAll(fd, bytes, timeout: timeout) else {
      throw SeekError(.io, "cannot write to seekd at \(socketPath): connection closed")
    }
  }

  /// Waits for the response to `id`, keeping other messages for later.
  /// - Parameter id: the request id.
  /// - Returns: a ``RPCMessage/result(id:result:)`` or ``RPCMessage/error(id:error:)``.
  /// - Throws: ``SeekError`` on timeout or closed connection.
  public func waitForResponse(id: RPCID) throws -> RPCMessage {
    if let i = pending.firstIndex(where: { Self.responseID($0) == id }) { return pending.remove(at: i) }
    let deadline = UnixSocket.monotonicSeconds() + timeout
    while true {
      let message = try readMessage(deadline: deadline)
      if Self.responseID(message) == id { return message }
      if case .request(nil, _, _) = message {
        notifications.append(message)
      } else {
        pending.append(message)
      }
    }
  }

  /// Reads the next message of any kind (responses to other ids, server notifications, errors with null ids);
  /// notifications already collected in ``notifications`` are not returned again.
  /// - Parameter timeout: seconds to wait, or nil for the client's ``timeout``.
  /// - Returns: the message.
  /// - Throws: ``SeekError`` on timeout, closed connection or undecodable data.
  public func nextMessage(timeout: Double? = nil) throws -> RPCMessage {
    if !pending.isEmpty { return pending.removeFirst() }
    return try readMessage(deadline: UnixSocket.monotonicSeconds() + (timeout ?? self.timeout))
  }

  private static func responseID(_ m: RPCMessage) -> RPCID? {
    switch m {
    case .result(let id, _), .error(let id, _): return id
    case .invalid(let id, _): return id
    case .request: return nil
    }
  }

  private func readMessage(deadline: Double) throws -> RPCMessage {
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      while let event = decoder.next() {
        switch event {
        case .message(let body):
          switch RPCMessage.decode(body) {
          case .single(let m):
            return m
          case .batch(let ms):
            pending.append(contentsOf: ms.dropFirst())
            if let first = ms.first { return first }
          case .failure(let e):
            throw SeekError(.io, "seekd at \(socketPath) sent undecodable data: \(e.message)")
          }
        case .oversized(_, let limit):
          throw SeekError(.limitExceeded, "seekd sent a message over \(limit) bytes")
        case .badHeader(let message, _):
          throw SeekError(.io, "seekd at \(socketPath) sent a bad header: \(message)")
        }
      }
      guard fd >= 0 else { throw SeekError(.io, "connection to seekd at \(socketPath) is closed") }
      let remaining = deadline - UnixSocket.monotonicSeconds()
      guard remaining > 0, UnixSocket.waitReadable(fd, timeout: remaining) else {
        throw SeekError(.io, "seekd at \(socketPath) did not answer within \(timeout) s")
      }
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) { continue }
      guard n > 0 else { throw SeekError(.io, "seekd at \(socketPath) closed the connection") }
      chunk.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
  }
}
