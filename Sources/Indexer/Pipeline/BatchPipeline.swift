import Foundation

/// One batch of files on its way to the writer: each file's outcome as soon as its reader has it, and the records
/// of its big containers tagged and analyzed one by one, in the order the writer adds them, up to `window`
/// records ahead of the writer and across file boundaries.
///
/// Records are taken from a queue, not in chunks with a barrier at each end: worker threads (one per core) take
/// the next record as soon as they finish one, starting with the first file's records while the batch's other
/// files are still being extracted; the writer, when the record it needs is not ready, tags the next one itself.
/// So the cores stay busy until the last record. Memory holds at most `window` analyzed records (plus one per
/// thread) besides the batch's extracted documents.
final class BatchPipeline: @unchecked Sendable {
  private let source: DocumentSource
  private let window: Int
  private let lowWater: Int
  private let workerCount: Int
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  /// Workers wait here for records to take (or room in the window).
  private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// The writer waits here for an outcome or a record.
  private let writerWake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// The next batch's reader waits here until every file of this batch is read.
  private let allRead = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  // Guarded by `mutex`.
  private var outcomes: [Outcome?]
  private var records: [[(Document, ExternalBody?)]]
  private var results: [[IndexableDocument?]]
  private var publishedCount = 0
  /// The next record to take: file and record index.
  private var takeFile = 0
  private var takeRecord = 0
  /// Records taken and records the writer consumed (the difference is bounded by `window`).
  private var taken = 0
  private var consumed = 0
  /// The writer's next record: file and record index.
  private var writeRecord = 0
  private var writerWaiting = false
  private var idleWorkers = 0
  private var stopped = false
  private var workersStarted = false
  private let workersDone = DispatchSemaphore(value: 0)
  /// Seconds the writer waited (for outcomes and records) and the workers waited for room; benchmarks read them.
  private(set) var writerWaitedSeconds = 0.0
  private(set) var workersWaitedSeconds = 0.0

  /// Creates the pipeline of a batch; readers then ``publish(_:_:)`` each file's outcome.
  /// - Parameters:
  ///   - files: the batch's number of files.
  ///   - source: tags and analyzes the records.
  ///   - window: records analyzed ahead of the writer (at least 1).
  ///   - workers: threads that analyze records (besides the writer).
  init(files: Int, source: DocumentSource, window: Int, workers: Int) {
    self.source = source
    self.window = max(1, window)
    lowWater = max(0, self.window / 2)
    workerCount = max(1, workers)
    outcomes = Array(repeating: nil, count: files)
    records = Array(repeating: [], count: files)
    results = Array(repeating: [], count: files)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(workAvailable, nil)
    pthread_cond_init(writerWake, nil)
    pthread_cond_init(allRead, nil)
  }

  deinit {
    pthread_cond_destroy(workAvailable)
    pthread_cond_destroy(writerWake)
    pthread_cond_destroy(allRead)
    allRead.deallocate()
    pthread_mutex_destroy(mutex)
    workAvailable.deallocate()
    writerWake.deallocate()
    mutex.deallocate()
  }

  /// Records a file's outcome (any thread, once per file); a big container's records become work at once.
  /// - Parameters:
  ///   - file: the file's index in the batch.
  ///   - outcome: what reading it gave.
  func publish(_ file: Int, _ outcome: Outcome) {
    pthread_mutex_lock(mutex)
    outcomes[file] = outcome
    publishedCount += 1
    if case .indexed(.extracted(let docs), _, _, _, _, _) = outcome {
      records[file] = docs
      results[file] = Array(repeating: nil, count: docs.count)
      if !workersStarted && !stopped {
        workersStarted = true
        for k in 0..<workerCount {
          let thread = Thread { [self] in work() }
          thread.name = "seek-analyze-\(k)"
          thread.start()
        }
      }
    }
    pthread_cond_broadcast(workAvailable)
    pthread_cond_broadcast(writerWake)
    if publishedCount == outcomes.count { pthread_cond_broadcast(allRead) }
    pthread_mutex_unlock(mutex)
  }

  /// Waits for a file's outcome (the writer, files in order).
  /// - Parameter file: the file's index in the batch.
  /// - Returns: its outcome.
  func outcome(_ file: Int) -> Outcome {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    if outcomes[file] == nil {
      let start = DispatchTime.now().uptimeNanoseconds
      while outcomes[file] == nil { waitAsWriter() }
      writerWaitedSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    writeRecord = 0
    return outcomes[file]!
  }

  /// Waits until every file's outcome is published (any thread; the writer's waits are apart).
  func waitUntilRead() {
    pthread_mutex_lock(mutex)
    while publishedCount < outcomes.count { pthread_cond_wait(allRead, mutex) }
    pthread_mutex_unlock(mutex)
  }

  /// The next analyzed record of a container (the writer, records in order; the file's outcome was taken with
  /// ``outcome(_:)``). While it is not ready, the writer analyzes records that are not taken yet.
  /// - Parameter file: the container's index in the batch.
  /// - Returns: the record ready for the writer.
  func nextRecord(of file: Int) -> IndexableDocument {
    pthread_mutex_lock(mutex)
    let r = writeRecord
    var start: UInt64 = 0
    while results[file][r] == nil {
      if let (f, k) = take() {
        analyze(f, k)
        continue
      }
      if start == 0 { start = DispatchTime.now().uptimeNanoseconds }
      waitAsWriter()
    }
    if start != 0 { writerWaitedSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    let doc = results[file][r]!
    results[file][r] = nil
    writeRecord = r + 1
    consumed += 1
    if idleWorkers > 0 && taken - consumed <= lowWater { pthread_cond_broadcast(workAvailable) }
    pthread_mutex_unlock(mutex)
    return doc
  }

  /// Stops the workers (after their current record) and waits for them; call once when the writer is done with
  /// the batch or failed.
  func finish() {
    pthread_mutex_lock(mutex)
    stopped = true
    let started = workersStarted
    pthread_cond_broadcast(workAvailable)
    pthread_mutex_unlock(mutex)
    if started { for _ in 0..<workerCount { workersDone.wait() } }
  }

  /// Takes the next record when the window has room (`mutex` held).
  private func take() -> (Int, Int)? {
    guard taken - consumed < window else { return nil }
    while takeFile < outcomes.count, outcomes[takeFile] != nil, takeRecord >= records[takeFile].count {
      takeFile += 1
      takeRecord = 0
    }
    guard takeFile < outcomes.count, outcomes[takeFile] != nil else { return nil }
    defer { takeRecord += 1 }
    taken += 1
    return (takeFile, takeRecord)
  }

  /// Tags and analyzes a taken record outside the lock and stores the result (`mutex` held on entry and return).
  private func analyze(_ file: Int, _ record: Int) {
    let extracted = records[file][record]
    pthread_mutex_unlock(mutex)
    let doc = source.prepare(extracted.0, extracted.1)
    pthread_mutex_lock(mutex)
    results[file][record] = doc
  }

  private func waitAsWriter() {
    writerWaiting = true
    pthread_cond_wait(writerWake, mutex)
    writerWaiting = false
  }

  private func work() {
    pthread_mutex_lock(mutex)
    var waited: UInt64 = 0
    while !stopped {
      if let (f, k) = take() {
        analyze(f, k)
        if writerWaiting { pthread_cond_signal(writerWake) }
        continue
      }
      // Every record taken: nothing more will come.
      if takeFile >= outcomes.count { break }
      let start = DispatchTime.now().uptimeNanoseconds
      idleWorkers += 1
      pthread_cond_wait(workAvailable, mutex)
      idleWorkers -= 1
      waited += DispatchTime.now().uptimeNanoseconds - start
    }
    workersWaitedSeconds += Double(waited) / 1e9
    pthread_mutex_unlock(mutex)
    workersDone.signal()
  }
}
