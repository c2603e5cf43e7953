import Synchronization
import Testing

@testable import SearchDaemon

@Suite struct SpinPolicyTests {
  @Test func fixedPolicyPollsAfterEveryAnswer() {
    var p = SpinPolicy(budget: 0.0003, adaptive: false)
    for _ in 0..<5 {
      #expect(p.pollSeconds() == 0.0003)
      p.record(gap: 5, outcome: .contended)
    }
    var off = SpinPolicy(budget: 0, adaptive: true)
    #expect(off.pollSeconds() == 0)
  }

  @Test func adaptivePolicyPollsOnlyForBackToBackClients() {
    var p = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { 1 })
    #expect(p.pollSeconds() == 0.0004)
    p.record(gap: 0.0001, outcome: .received)
    #expect(p.pollSeconds() == 0.0004)
    // A client that pauses (the poll saw nothing before the budget ran out, the request came 50 ms later).
    p.record(gap: 0.05, outcome: .expired)
    for _ in 0..<16 { #expect(p.pollSeconds() == 0) }
    // Still pausing: no poll, whatever the cooldown says.
    p.record(gap: 0.05, outcome: .none)
    #expect(p.pollSeconds() == 0)
    // Back to back again (the gap includes a wake-up, so up to twice the budget, at least 1 ms, counts).
    p.record(gap: 0.0009, outcome: .none)
    #expect(p.pollSeconds() == 0.0004)
    // A request that ends the idle timeout without bytes is not back to back.
    p.record(gap: nil, outcome: .received)
    #expect(p.pollSeconds() == 0)
  }

  @Test func contentionBacksOffAndSuccessResets() {
    var p = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { 1 })
    func skipped(_ p: inout SpinPolicy) -> Int {
      var n = 0
      while p.pollSeconds() == 0 {
        n += 1
        p.record(gap: 0.0001, outcome: .none)
        if n > 5000 { break }
      }
      return n
    }
    _ = p.pollSeconds()
    p.record(gap: 0.0001, outcome: .contended)
    #expect(skipped(&p) == 16)
    p.record(gap: 0.0001, outcome: .contended)
    #expect(skipped(&p) == 32)
    p.record(gap: 0.0001, outcome: .contended)
    #expect(skipped(&p) == 64)
    for _ in 0..<10 {
      p.record(gap: 0.0001, outcome: .contended)
      _ = skipped(&p)
    }
    p.record(gap: 0.0001, outcome: .contended)
    #expect(skipped(&p) == 1024)
    p.record(gap: 0.0001, outcome: .received)
    #expect(p.pollSeconds() > 0)
    p.record(gap: 0.0001, outcome: .contended)
    #expect(skipped(&p) == 16)
  }

  @Test func adaptivePolicyDoesNotStartPollingOnABusyMachine() {
    let reads = Mutex(0)
    var busy = SpinPolicy(budget: 0.0004, adaptive: true) {
      reads.withLock { $0 += 1 }
      return SpinPolicy.processors + 1
    }
    for _ in 0..<18 { #expect(busy.pollSeconds() == 0) }
    #expect(reads.withLock { $0 } == 2)  // /proc/loadavg is read once every 9 answers while busy
    var unknown = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { nil })
    #expect(unknown.pollSeconds() == 0)
    var quiet = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { SpinPolicy.processors })
    #expect(quiet.pollSeconds() == 0.0004)
  }

  @Test func pollsStopWhenAThreadWaitsOrThisOneIsPreempted() {
    let now = SpinPolicy.involuntarySwitches()
    let quiet = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { SpinPolicy.processors })
    #expect(quiet.isQuiet(sinceSwitches: now) || SpinPolicy.involuntarySwitches() != now)
    #expect(!quiet.isQuiet(sinceSwitches: now - 1))
    let busy = SpinPolicy(budget: 0.0004, adaptive: true, runnable: { SpinPolicy.processors + 1 })
    #expect(!busy.isQuiet(sinceSwitches: now))
  }

  @Test func machineCountersAreReadable() throws {
    #expect(SpinPolicy.involuntarySwitches() >= 0)
    let runnable = try #require(SpinPolicy.runnableThreads())
    #expect(runnable >= 1)  // this thread runs
    #expect(SpinPolicy.processors >= 1)
  }
}
