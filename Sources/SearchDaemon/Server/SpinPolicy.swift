#if canImport(Glibc)
  import Glibc
#endif

/// Decides, for one connection, how long its reader keeps polling for the client's next request after answering one
/// before it sleeps.
///
/// Sleeping costs the next request a thread wake-up; on an idle virtual machine the processor halts, and waking it
/// costs 100 µs or more. Polling spares that, but on a busy machine a polling thread takes processor time from the
/// client and from everyone else. The adaptive policy polls only where it pays:
/// - only for a client that sends back to back: the last request came less than twice the budget (at least 1 ms)
///   after the answer before it, so a client that pauses between requests gets no polling;
/// - only while nothing else wants a processor: no poll starts, and a poll stops, while more threads are runnable
///   than there are processors (the count in `/proc/loadavg`, which includes this thread and the client just
///   woken), or once the thread's involuntary context switches grow (the scheduler took the processor away for
///   another thread); the poll checks every fourth attempt;
/// - a poll that ends that way, or runs out of budget, stops polling for a while (16 waits, doubling up to 1,024
///   while it keeps happening; a poll that receives the request resets it); a busy machine at the start skips the
///   next 8 waits.
///
/// The fixed policy (`seekd --spin-microseconds N` alone) polls up to the budget after every inline answer.
struct SpinPolicy {
  /// The longest poll, in seconds (0: never poll).
  let budget: Double
  /// True for the adaptive policy, false for a fixed poll after every answer.
  let adaptive: Bool
  /// Counts the threads runnable on the machine (``runnableThreads()``; tests pass their own).
  private let runnable: () -> Int?

  /// The last request came soon after the answer before it.
  private var backToBack = true
  /// Waits left before polling is tried again after contention.
  private var cooldown = 0
  /// The next cooldown after contention.
  private var nextCooldown = Self.firstCooldown

  /// How the polls of this connection ended so far (for the log).
  private(set) var counts = Counts()

  /// How many polls ended each way.
  struct Counts: CustomStringConvertible {
    var received = 0
    var expired = 0
    var contended = 0
    /// Waits after an inline answer that did not poll.
    var skipped = 0

    var description: String {
      "\(received) polls received the next request, \(expired) ran out, \(contended) were preempted; "
        + "\(skipped) waits slept at once"
    }
  }

  private static let firstCooldown = 16
  private static let maxCooldown = 1024

  /// Creates a policy.
  /// - Parameters:
  ///   - budget: the longest poll, in seconds.
  ///   - adaptive: poll only where it pays (see the type's description), rather than after every answer.
  ///   - runnable: counts the threads runnable on the machine.
  init(budget: Double, adaptive: Bool, runnable: @escaping () -> Int? = SpinPolicy.runnableThreads) {
    self.budget = budget
    self.adaptive = adaptive
    self.runnable = runnable
  }

  /// How long to poll in the coming wait (seconds; 0: sleep at once). Call once per wait after an inline answer.
  mutating func pollSeconds() -> Double {
    guard budget > 0 else { return 0 }
    guard adaptive else { return budget }
    if cooldown > 0 {
      cooldown -= 1
      return 0
    }
    guard backToBack else { return 0 }
    guard let count = runnable(), count <= Self.processors else {
      // Busy: look again (a read of /proc/loadavg) only after a few answers.
      cooldown = Self.busyCooldown
      return 0
    }
    return budget
  }

  /// Waits without polling after the machine was found busy.
  private static let busyCooldown = 8

  /// Records how a wait that followed an inline answer ended.
  /// - Parameters:
  ///   - gap: seconds from the answer to the next request's bytes (nil when the wait ended otherwise).
  ///   - outcome: what the poll saw, if it polled.
  mutating func record(gap: Double?, outcome: PollOutcome) {
    switch outcome {
    case .received: counts.received += 1
    case .expired: counts.expired += 1
    case .contended: counts.contended += 1
    case .none: counts.skipped += 1
    }
    guard adaptive else { return }
    switch outcome {
    case .contended, .expired:
      cooldown = nextCooldown
      nextCooldown = min(nextCooldown * 2, Self.maxCooldown)
    case .received:
      nextCooldown = Self.firstCooldown
    case .none:
      break
    }
    backToBack = gap.map { $0 < max(2 * budget, 0.001) } ?? false
  }

  /// How a poll ended.
  enum PollOutcome {
    /// No poll happened.
    case none
    /// Bytes arrived while polling.
    case received
    /// The budget ran out.
    case expired
    /// The scheduler took the processor away for another thread.
    case contended
  }

  /// True while a poll may go on: this thread was not preempted since the poll began (`switches` involuntary
  /// context switches then), and no more threads are runnable than there are processors (none waits for one).
  /// - Parameter switches: ``involuntarySwitches()`` when the poll began.
  func isQuiet(sinceSwitches switches: Int) -> Bool {
    guard Self.involuntarySwitches() == switches, let count = runnable() else { return false }
    return count <= Self.processors
  }

  /// The processors online.
  static let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

  /// `/proc/loadavg`, kept open and read with `pread`.
  private static let loadavg = open("/proc/loadavg", O_RDONLY | O_CLOEXEC)

  /// The threads runnable right now on the whole machine (running or waiting for a processor), from the fourth
  /// field of `/proc/loadavg` ("runnable/total"); nil when it cannot be read.
  static func runnableThreads() -> Int? {
    guard loadavg >= 0 else { return nil }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer -> Int? in
      let n = pread(loadavg, buffer.baseAddress, buffer.count, 0)
      guard n > 0 else { return nil }
      // "0.64 1.26 1.53 3/180 10824": the number after the third space, up to '/'.
      var spaces = 0
      var value = 0
      var digits = 0
      for i in 0..<n {
        let b = buffer[i]
        if spaces < 3 {
          if b == UInt8(ascii: " ") { spaces += 1 }
          continue
        }
        guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { break }
        value = value * 10 + Int(b - UInt8(ascii: "0"))
        digits += 1
      }
      return digits > 0 ? value : nil
    }
  }

  /// This thread's involuntary context switches so far (preemptions).
  static func involuntarySwitches() -> Int {
    var usage = rusage()
    // RUSAGE_THREAD (1) is a GNU extension that Swift's Glibc module does not import.
    guard getrusage(__rusage_who_t(1), &usage) == 0 else { return 0 }
    return usage.ru_nivcsw
  }
}
