import SeekProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The reading side of one connection: the socket, the frame decoder and the events received and not yet handled
/// (a read can bring several messages; more are read ahead while a request runs on the reader thread). Only the
/// connection's reader thread uses it.
final class ConnectionReader {
  /// What ``receive(pollSeconds:quiet:)`` found.
  enum Outcome {
    /// Bytes arrived; take the events with ``next()``.
    case data
    /// Nothing arrived in time.
    case idle
    /// The peer closed the connection or reading failed (``ended`` is set).
    case closed
  }

  private let fd: Int32
  private var decoder: FrameDecoder
  private var buffer = [UInt8](repeating: 0, count: 65536)
  /// Events received and not yet taken by ``next()``, in arrival order.
  private var events: [FrameEvent] = []
  private var eventsHead = 0
  /// Bytes of the messages in `events`.
  private var eventBytes = 0
  /// When bytes last arrived (monotonic seconds).
  private(set) var lastData = UnixSocket.monotonicSeconds()
  /// True once the peer closed its side or reading failed; events already received are still delivered.
  private(set) var ended = false

  /// Creates the reader of an accepted socket, and makes its reads blocking with a timeout: waiting for a request
  /// is then one `recv` (not `poll` and `read`); reads ahead and writes pass `MSG_DONTWAIT`.
  /// - Parameters:
  ///   - fd: the socket.
  ///   - maxMessageBytes: the largest message accepted.
  ///   - idleTimeout: the longest wait in ``receive(pollSeconds:quiet:)`` (seconds, at least a
  ///     millisecond).
  init(fd: Int32, maxMessageBytes: Int, idleTimeout: Double) {
    self.fd = fd
    decoder = FrameDecoder(maxMessageBytes: maxMessageBytes)
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    let micros = max(1000, Int(idleTimeout * 1e6))
    var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: micros % 1_000_000)
    _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  /// The framing the peer uses, once known.
  var framing: Framing? { decoder.framing }

  /// True while part of a message has arrived but not all of it.
  var hasPartialMessage: Bool { decoder.hasPartialMessage }

  /// True when events were received and not yet taken.
  var hasEvents: Bool { eventsHead < events.count }

  /// The next event received, in arrival order.
  func next() -> FrameEvent? {
    guard eventsHead < events.count else { return nil }
    let event = events[eventsHead]
    eventsHead += 1
    if eventsHead == events.count {
      events.removeAll(keepingCapacity: true)
      eventsHead = 0
      eventBytes = 0
    }
    return event
  }

  /// Waits for bytes and feeds them to the decoder. With `pollSeconds` > 0 it first keeps reading without sleeping
  /// for up to that long: a client that sends its next request right after reading a response then finds this
  /// thread awake, which spares the wake-up of a sleeping thread (on a virtual machine, of an idle virtual
  /// processor: 100 µs or more).
  /// - Parameters:
  ///   - pollSeconds: how long to poll without sleeping first (0: sleep at once).
  ///   - quiet: for the adaptive policy, checked every fourth attempt with the thread's involuntary context
  ///     switches at the start of the poll: the poll stops as soon as it returns false (another thread wants a
  ///     processor). Nil: yield the processor between attempts instead.
  /// - Returns: what happened, and how the poll ended.
  func receive(pollSeconds: Double, quiet: ((Int) -> Bool)?) -> (outcome: Outcome, poll: SpinPolicy.PollOutcome) {
    guard !ended else { return (.closed, .none) }
    var poll = SpinPolicy.PollOutcome.none
    if pollSeconds > 0 {
      let deadline = UnixSocket.monotonicSeconds() + pollSeconds
      let switches = quiet == nil ? 0 : SpinPolicy.involuntarySwitches()
      var attempts = 0
      poll = .expired
      repeat {
        if let outcome = readOnce(wait: false) { return (outcome, .received) }
        attempts += 1
        if let quiet {
          if attempts & 3 == 0 && !quiet(switches) {
            poll = .contended
            break
          }
        } else {
          sched_yield()
        }
      } while UnixSocket.monotonicSeconds() < deadline
    }
    return (readOnce(wait: true) ?? .idle, poll)
  }

  /// Reads what has arrived, without waiting, while a request runs on the reader thread: complete messages are
  /// kept (delivered later by ``next()``, in order) and each new one is shown to `onMessage` at once, so a
  /// cancellation can act while the request still runs. Reads nothing once `maxBytes` of messages wait
  /// (backpressure).
  /// - Parameters:
  ///   - maxBytes: the most message bytes to keep.
  ///   - onMessage: sees each complete message body as it is found.
  func readAhead(maxBytes: Int, onMessage: ([UInt8]) -> Void) {
    guard !ended, eventBytes < maxBytes else { return }
    let first = events.count
    guard case .data = readOnce(wait: false) else { return }
    for event in events[first...] {
      if case .message(let body) = event { onMessage(body) }
    }
  }

  /// One read into the decoder, whose events join `events`; nil when nothing came (at once, or within the idle
  /// timeout when `wait` is true).
  private func readOnce(wait: Bool) -> Outcome? {
    let flags = wait ? Int32(0) : Int32(MSG_DONTWAIT)
    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, flags) }
    if n > 0 {
      lastData = UnixSocket.monotonicSeconds()
      buffer.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      while let event = decoder.next() {
        if case .message(let body) = event { eventBytes += body.count }
        events.append(event)
      }
      return .data
    }
    if n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) { return nil }
    ended = true
    return .closed
  }
}
