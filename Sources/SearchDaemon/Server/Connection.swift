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
/// Fast path: a read-only request (`search`, `document`, `entities`, `status`) that arrives while the worker is idle
/// (nothing queued or running) and no other message waits is answered on the reader thread itself, saving two thread
/// hand-offs. Order is kept (nothing is ahead of it). While it runs, its cancellation polls read ahead on the socket,
/// so `$/cancelRequest` still stops it; after answering, the reader may keep polling for the next request before it
/// sleeps (``SpinPolicy``: ``ConnectionLimits/spinSeconds``, ``ConnectionLimits/adaptiveSpin``).
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

  // Reader-thread state.
  private var reader: ConnectionReader?
  private var readerThread: pthread_t?
  /// True when the last request was answered on the reader thread.
  private var answeredInline = false
  /// When a request run on the reader thread next reads ahead (monotonic seconds).
  private var readAheadAt = 0.0
  /// When the last request run on the reader thread was answered (monotonic seconds).
  private var answeredAt = 0.0
  /// Whether to poll for the next request after an inline answer, and for how long.
  private var spin: SpinPolicy

  /// Wraps an accepted socket.
  /// - Parameters:
  ///   - id: the connection's number.
  ///   - fd: the accepted socket (owned from now on; its reads are made blocking, with a timeout).
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
    spin = SpinPolicy(budget: limits.spinSeconds, adaptive: limits.adaptiveSpin)
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

  /// True when called on the connection's reader thread (which answers some requests itself).
  var isReaderThread: Bool {
    guard let readerThread else { return false }
    return pthread_equal(pthread_self(), readerThread) != 0
  }

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
    readerThread = pthread_self()
    let reader = ConnectionReader(fd: fd, maxMessageBytes: limits.maxRequestBytes, idleTimeout: 1)
    self.reader = reader
    reading: while true {
      while let event = reader.next() {
        if !process(event) { break reading }
      }
      if reader.ended || stopping.load(ordering: .acquiring) { break }
      jobs.waitWhileFull(limit: limits.maxQueuedRequests, byteLimit: queuedByteLimit)
      // Right after answering a request here, maybe keep polling a moment for the client's next one (SpinPolicy).
      let afterAnswer = answeredInline && outstanding.load(ordering: .acquiring) == 0
      answeredInline = false
      let policy = spin
      let received = reader.receive(
        pollSeconds: afterAnswer ? spin.pollSeconds() : 0,
        quiet: spin.adaptive ? { policy.isQuiet(sinceSwitches: $0) } : nil)
      if afterAnswer {
        spin.record(gap: received.outcome == .data ? reader.lastData - answeredAt : nil, outcome: received.poll)
      }
      switch received.outcome {
      case .data:
        if let f = reader.framing { setFraming(f) }
      case .closed:
        continue  // deliver what was received, then stop
      case .idle:
        if reader.hasPartialMessage && UnixSocket.monotonicSeconds() - reader.lastData > limits.stallTimeout {
          logger.info("closing a connection stalled for \(limits.stallTimeout) s inside a message")
          if let f = reader.framing {
            setFraming(f)
            enqueue(
              .reply(
                RPCEncoder.error(
                  id: .null,
                  error: .invalidRequest("incomplete message: no data for \(Int(limits.stallTimeout)) s; closing"))))
          }
          break reading
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
    if spin.budget > 0 {
      logger.debug("connection closed; after inline answers: \(spin.counts)")
    } else {
      logger.debug("connection closed")
    }
    onClose(self)
  }

  private var queuedByteLimit: Int { max(limits.maxRequestBytes, 1 << 20) }

  /// Acts on one event from the reader; false when the connection must close.
  private func process(_ event: FrameEvent) -> Bool {
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
        return false
      }
    }
    return true
  }

  private func handle(_ body: [UInt8]) {
    switch RPCMessage.decode(body) {
    case .failure(let error):
      enqueue(.reply(RPCEncoder.error(id: .null, error: error)))
    case .single(let message):
      if case .request(let id, let method, let params) = message, Self.runsInline(method),
        outstanding.load(ordering: .acquiring) == 0, reader?.hasEvents == false
      {
        // The worker is idle and no other message waits (one could cancel this one): answer here, in order,
        // without two thread hand-offs.
        runInline(id: id, method: method, params: params)
        return
      }
      guard let job = job(for: message) else { return }
      enqueue(job, bytes: body.count)
    case .batch(let messages):
      let members = messages.compactMap { job(for: $0) }
      if !members.isEmpty { enqueue(.batch(members), bytes: body.count) }
    }
  }

  /// Methods answered on the reader thread when nothing is queued: the ones that only read (and the test method
  /// `$/sleep`, so tests can reach this path). Writes stay on the worker.
  static func runsInline(_ method: String) -> Bool {
    switch method {
    case RPCMethod.search, RPCMethod.document, RPCMethod.entities, RPCMethod.status, RPCMethod.testSleep: true
    default: false
    }
  }

  /// Runs a request on the reader thread. While it runs, polling its cancellation token reads ahead on the socket
  /// (at most once a millisecond), so a `$/cancelRequest` for it, or for the requests after it, acts at once; the
  /// messages read ahead are handled after it, in order.
  private func runInline(id: RPCID?, method: String, params: JSONValue?) {
    readAheadAt = UnixSocket.monotonicSeconds() + Self.readAheadInterval
    let token = CancellationToken { [weak self] in self?.readAheadDuringRequest() }
    if let id { inflight.withLock { $0[id] = token } }
    if let response = run(.request(id: id, method: method, params: params, token: token)),
      !send(response, timeout: limits.writeTimeout)
    {
      cancelAll()
    }
    answeredAt = UnixSocket.monotonicSeconds()
    answeredInline = true
  }

  /// Seconds between two reads ahead during a request run on the reader thread.
  static let readAheadInterval = 0.001

  /// Called whenever a request run on the reader thread polls its cancellation token.
  private func readAheadDuringRequest() {
    guard let reader, isReaderThread else { return }
    let now = UnixSocket.monotonicSeconds()
    guard now >= readAheadAt else { return }
    readAheadAt = now + Self.readAheadInterval
    reader.readAhead(maxBytes: queuedByteLimit) { body in
      guard case .single(.request(_, RPCMethod.cancelRequest, let params)) = RPCMessage.decode(body),
        let target = params?["id"].flatMap(RPCID.init)
      else { return }
      inflight.withLock { $0[target] }?.cancel()
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
