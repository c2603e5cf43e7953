import Foundation
import Indexer
import Logging
import SeekProtocol
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One client connection: a reader thread that splits the byte stream into messages (so `$/cancelRequest` is seen
/// while a request runs) and a worker thread that runs requests in order and writes the responses.
///
/// Fast path: a `search` that arrives while the worker is idle (nothing queued or running) is answered on the
/// reader thread itself, saving two thread hand-offs per search. Order is kept (nothing is ahead of it); the cost is
/// that a `$/cancelRequest` for that search is read only after it finished (shutdown still cancels it).
final class Connection: @unchecked Sendable {
  /// The connection's number.
  let id: Int
  /// The protocol state (`initialize` outcome).
  let session: Session
  private let fd: Int32
  private let limits: ConnectionLimits
  private let dispatcher: Dispatcher
  private let logger: Logger
  private let onClose: @Sendable (Connection) -> Void
  private let jobs = JobQueue()
  private let workerDone = DispatchSemaphore(value: 0)
  private let inflight = Mutex<[RPCID: CancellationToken]>([:])
  private let stopping = Atomic<Bool>(false)
  /// Jobs handed to the worker and not yet finished (the reader increments, the worker decrements).
  private let outstanding = Atomic<Int>(0)

  // writeLock serialises writes (responses, notifications) and guards framing/broken. stateLock guards `closed`
  // for short sections such as stopReading, which must not wait behind a write blocked on a stalled client.
  // `closed` changes only with both held (writeLock first).
  private let writeLock = NSLock()
  private let stateLock = NSLock()
  private var closed = false
  private var framing: Framing?
  private var broken = false

  /// Wraps an accepted socket.
  /// - Parameters:
  ///   - id: the connection's number.
  ///   - fd: the accepted, non-blocking socket (owned from now on).
  ///   - limits: size limits and timeouts.
  ///   - dispatcher: the method table.
  ///   - logger: the daemon's logger.
  ///   - onClose: called once after the socket is closed.
  init(
    id: Int, fd: Int32, limits: ConnectionLimits, dispatcher: Dispatcher, logger: Logger,
    onClose: @escaping @Sendable (Connection) -> Void
  ) {
    self.id = id
    self.fd = fd
    self.limits = limits
    self.dispatcher = dispatcher
    self.session = Session(connectionID: id)
    var logger = logger
    logger[metadataKey: "conn"] = "\(id)"
    self.logger = logger
    self.onClose = onClose
  }

  /// Starts the reader and worker threads.
  func start() {
    let worker = Thread { [self] in workerLoop() }
    worker.stackSize = 1 << 20
    worker.name = "seekd-conn-\(id)-worker"
    worker.start()
    let reader = Thread { [self] in readerLoop() }
    reader.stackSize = 1 << 20
    reader.name = "seekd-conn-\(id)-reader"
    reader.start()
  }

  /// Stops reading new messages; requests already received still run and are answered.
  func stopReading() {
    stopping.store(true, ordering: .releasing)
    stateLock.lock()
    if !closed { _ = shutdown(fd, Int32(SHUT_RD)) }
    stateLock.unlock()
  }

  /// Cancels every request received and not yet answered.
  func cancelAll() {
    let tokens = inflight.withLock { Array($0.values) }
    for t in tokens { t.cancel() }
  }

  /// Requests received and not yet answered.
  var pendingRequests: Int { inflight.withLock { $0.count } }

  /// Writes a message in the connection's framing.
  /// - Parameters:
  ///   - body: the unframed JSON message.
  ///   - timeout: seconds to wait for a client that does not read.
  /// - Returns: false when the connection is closed, broken, or the write timed out.
  @discardableResult
  func send(_ body: [UInt8], timeout: Double) -> Bool {
    writeLock.lock()
    defer { writeLock.unlock() }
    guard !closed, !broken, let framing else { return false }
    if UnixSocket.writeAll(fd, framing.frame(body), timeout: timeout) { return true }
    broken = true
    _ = shutdown(fd, Int32(SHUT_RDWR))
    logger.debug("write failed or timed out; dropping the connection")
    return false
  }

  private func setFraming(_ f: Framing) {
    writeLock.lock()
    if framing == nil { framing = f }
    writeLock.unlock()
  }

  // MARK: reader

  private func readerLoop() {
    var decoder = FrameDecoder(maxMessageBytes: limits.maxRequestBytes)
    var buffer = [UInt8](repeating: 0, count: 65536)
    var lastData = UnixSocket.monotonicSeconds()
    reading: while !stopping.load(ordering: .acquiring) {
      jobs.waitWhileFull(limit: limits.maxQueuedRequests, byteLimit: max(limits.maxRequestBytes, 1 << 20))
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let rc = poll(&p, 1, 1000)
      if rc < 0 {
        if errno == EINTR { continue }
        break
      }
      if rc == 0 {
        if decoder.hasPartialMessage && UnixSocket.monotonicSeconds() - lastData > limits.stallTimeout {
          logger.info("closing a connection stalled for \(limits.stallTimeout) s inside a message")
          if decoder.framing != nil {
            setFraming(decoder.framing!)
            enqueue(
              .reply(
                RPCEncoder.error(
                  id: .null,
                  error: .invalidRequest("incomplete message: no data for \(Int(limits.stallTimeout)) s; closing"))))
          }
          break
        }
        continue
      }
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
        break
      }
      if n == 0 { break }
      lastData = UnixSocket.monotonicSeconds()
      buffer.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      if let f = decoder.framing { setFraming(f) }
      while let event = decoder.next() {
        switch event {
        case .message(let body):
          handle(body)
        case .oversized(let size, let limit):
          let what = size.map { "request of \($0) bytes" } ?? "request of more than \(limit) bytes"
          logger.notice("refused a \(what)")
          enqueue(
            .reply(
              RPCEncoder.error(
                id: .null,
                error: RPCError(
                  code: RPCErrorCode.invalidRequest,
                  message: "Invalid request: \(what) exceeds the limit of \(limit) bytes (seekd --max-request-bytes)",
                  data: .object([("limit", .number(Double(limit)))])))))
        case .badHeader(let message, let recoverable):
          enqueue(.reply(RPCEncoder.error(id: .null, error: .invalidRequest("bad header: \(message)"))))
          if !recoverable {
            logger.notice("closing a connection after an unrecoverable header: \(message)")
            break reading
          }
        }
      }
    }
    jobs.finish()
    workerDone.wait()
    writeLock.lock()
    stateLock.lock()
    closed = true
    Glibc.close(fd)
    stateLock.unlock()
    writeLock.unlock()
    logger.debug("connection closed")
    onClose(self)
  }

  private func handle(_ body: [UInt8]) {
    switch RPCMessage.decode(body) {
    case .failure(let error):
      enqueue(.reply(RPCEncoder.error(id: .null, error: error)))
    case .single(let message):
      guard let job = job(for: message) else { return }
      if case .request(_, RPCMethod.search, _, _) = job, outstanding.load(ordering: .acquiring) == 0 {
        // The worker is idle and nothing waits: answer here, in order, without two thread hand-offs.
        if let response = run(job), !send(response, timeout: limits.writeTimeout) { cancelAll() }
        return
      }
      enqueue(job, bytes: body.count)
    case .batch(let messages):
      let members = messages.compactMap(job(for:))
      if !members.isEmpty { enqueue(.batch(members), bytes: body.count) }
    }
  }

  /// Hands a job to the worker.
  private func enqueue(_ job: ConnectionJob, bytes: Int = 0) {
    outstanding.add(1, ordering: .releasing)
    jobs.push(job, bytes: bytes)
  }

  /// Turns a message into work; cancellations act at once and produce no job.
  private func job(for message: RPCMessage) -> ConnectionJob? {
    switch message {
    case .request(let id, let method, let params):
      if method == RPCMethod.cancelRequest {
        if let target = params?["id"].flatMap(RPCID.init) {
          inflight.withLock { $0[target] }?.cancel()
        }
        if let id { return .reply(RPCEncoder.response(id: id, result: Array("null".utf8))) }
        return nil
      }
      let token = CancellationToken()
      if let id { inflight.withLock { $0[id] = token } }
      return .request(id: id, method: method, params: params, token: token)
    case .invalid(let id, let error):
      return .reply(RPCEncoder.error(id: id, error: error))
    case .result, .error:
      return nil  // seekd sends no requests, so client responses are ignored.
    }
  }

  // MARK: worker

  private func workerLoop() {
    while let job = jobs.pop() {
      switch job {
      case .reply(let bytes):
        send(bytes, timeout: limits.writeTimeout)
      case .request, .batch:
        if let response = run(job) {
          if !send(response, timeout: limits.writeTimeout) { cancelAll() }
        }
      }
      outstanding.subtract(1, ordering: .releasing)
    }
    workerDone.signal()
  }

  /// Runs a request or batch; returns the unframed response, or nil when none is due.
  private func run(_ job: ConnectionJob) -> [UInt8]? {
    switch job {
    case .reply(let bytes):
      return bytes
    case .request(let id, let method, let params, let token):
      let context = RequestContext(id: id, method: method, cancellation: token, session: session)
      let response = dispatcher.respond(params: params, context: context)
      if let id { inflight.withLock { if $0[id] === token { $0[id] = nil } } }
      return response
    case .batch(let members):
      var parts: [[UInt8]] = []
      for m in members {
        if let r = run(m) { parts.append(r) }
      }
      guard !parts.isEmpty else { return nil }
      var out: [UInt8] = [UInt8(ascii: "[")]
      for (i, p) in parts.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: p)
      }
      out.append(UInt8(ascii: "]"))
      return out
    }
  }
}
