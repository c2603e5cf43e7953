import Foundation

/// Samples every thread's CPU time (`/proc/self/task/*/schedstat`: run time and run-queue wait in nanoseconds)
/// every few milliseconds on a thread of its own, to show how many cores a run kept busy over time and where it
/// left one idle. Benchmark-only; Linux only (on other systems it records nothing).
final class ThreadCPUSampler: @unchecked Sendable {
  /// One sample: the time and each thread's (run, wait) nanoseconds so far.
  struct Sample {
    var time: Double
    var threads: [Int: (run: Int, wait: Int)]
  }

  private let interval: Double
  private var samples: [Sample] = []
  private var stopped = false
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  private var ownThread: Int = -1

  /// Starts sampling.
  /// - Parameter interval: seconds between samples.
  init(interval: Double = 0.005) {
    self.interval = interval
    let thread = Thread { [self] in
      lock.lock()
      // "/proc/thread-self" links to "PID/task/TID".
      let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
      ownThread = Int(link.split(separator: "/").last ?? "") ?? -1
      lock.unlock()
      while true {
        let sample = Self.read()
        lock.lock()
        samples.append(sample)
        let stop = stopped
        lock.unlock()
        if stop { break }
        usleep(UInt32(interval * 1e6))
      }
      done.signal()
    }
    thread.start()
  }

  /// Stops sampling (after one last sample) and returns the samples.
  /// - Returns: the samples, oldest first, without the sampler's own thread.
  func stop() -> [Sample] {
    lock.lock()
    stopped = true
    lock.unlock()
    done.wait()
    return samples.map { s in
      var s = s
      s.threads[ownThread] = nil
      return s
    }
  }

  private static func read() -> Sample {
    let time = now()
    var threads: [Int: (run: Int, wait: Int)] = [:]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    for name in names {
      guard let tid = Int(name),
        let text = try? String(contentsOfFile: "/proc/self/task/\(name)/schedstat", encoding: .utf8)
      else { continue }
      let fields = text.split(separator: " ")
      guard fields.count >= 2, let run = Int(fields[0]), let wait = Int(fields[1]) else { continue }
      threads[tid] = (run, wait)
    }
    return Sample(time: time, threads: threads)
  }

  /// Cores used between two times: the threads' run time gained in `range` divided by its length.
  /// - Parameters:
  ///   - samples: what ``stop()`` returned.
  ///   - range: start and end time (``now()`` values).
  /// - Returns: cores used (0...cores), run-queue wait in core-seconds, the length in seconds, and the cores a
  ///   machine without other load would have given: the mean over sample intervals of min(cores, runnable
  ///   threads), runnable meaning running or waiting in the run queue.
  static func usage(_ samples: [Sample], in range: ClosedRange<Double>, cores: Int = 2) -> (
    cores: Double, wait: Double, length: Double, demand: Double
  ) {
    guard let firstIndex = samples.lastIndex(where: { $0.time <= range.lowerBound }) ?? samples.indices.first,
      let lastIndex = samples.firstIndex(where: { $0.time >= range.upperBound }) ?? samples.indices.last,
      samples[lastIndex].time > samples[firstIndex].time
    else { return (0, 0, 0, 0) }
    // Interval by interval, so threads that ended before the last sample still count.
    var run = 0
    var wait = 0
    var demand = 0.0
    for k in firstIndex..<lastIndex {
      var busy = 0
      for (tid, after) in samples[k + 1].threads {
        let before = samples[k].threads[tid] ?? (0, 0)
        run += after.run - before.run
        wait += after.wait - before.wait
        busy += after.run - before.run + after.wait - before.wait
      }
      let dt = samples[k + 1].time - samples[k].time
      demand += min(Double(cores), Double(busy) / 1e9 / dt) * dt
    }
    let length = samples[lastIndex].time - samples[firstIndex].time
    return (Double(run) / 1e9 / length, Double(wait) / 1e9, length, demand / length)
  }
}
