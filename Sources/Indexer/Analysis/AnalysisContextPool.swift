import Foundation

/// What one analysis call needs for itself: a stemmer (libstemmer instances are not thread-safe) and a term cache.
final class AnalysisContext {
  let cache: TermCache
  var stemmer: Stemmer? { cache.stemmer }

  init(stemmer: Stemmer?) { cache = TermCache(stemmer: stemmer) }
}

/// A pool of analysis contexts for one stemming algorithm (or none), so that analyzers on several threads each
/// borrow their own stemmer and cache.
///
/// Every analysis call borrows and returns a context (a search's query analysis too), so the idle ones are kept in
/// a fixed array of ``idleLimit`` slots under a plain `pthread` mutex: a borrow and return cost a few dozen
/// instructions (NSLock and a growable array cost over a thousand a search).
final class AnalysisContextPool: @unchecked Sendable {
  /// The Snowball algorithm name, or nil for no stemming.
  let algorithm: String?
  /// Most idle contexts kept.
  static let idleLimit = 16
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  /// `idleLimit` slots, the first `idleCount` holding idle contexts (guarded by `mutex`).
  private let idle = UnsafeMutablePointer<AnalysisContext>.allocate(capacity: AnalysisContextPool.idleLimit)
  private let idleCount = UnsafeMutablePointer<Int>.allocate(capacity: 1)

  private init(algorithm: String?) {
    self.algorithm = algorithm
    pthread_mutex_init(mutex, nil)
    idleCount.initialize(to: 0)
  }

  deinit {
    idle.deinitialize(count: idleCount.pointee)
    idle.deallocate()
    idleCount.deallocate()
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Borrows a context (creating one if none is idle); give it back with `release(_:)`.
  func acquire() -> AnalysisContext {
    pthread_mutex_lock(mutex)
    let n = idleCount.pointee
    if n > 0 {
      idleCount.pointee = n - 1
      let context = (idle + (n - 1)).move()
      pthread_mutex_unlock(mutex)
      return context
    }
    pthread_mutex_unlock(mutex)
    return AnalysisContext(stemmer: algorithm.flatMap { Stemmer(algorithm: $0) })
  }

  /// Returns a borrowed context to the pool.
  func release(_ context: AnalysisContext) {
    pthread_mutex_lock(mutex)
    let n = idleCount.pointee
    if n < Self.idleLimit {
      (idle + n).initialize(to: context)
      idleCount.pointee = n + 1
    }
    pthread_mutex_unlock(mutex)
  }

  private static let registryLock = NSLock()
  nonisolated(unsafe) private static var registry: [String: AnalysisContextPool] = [:]

  /// The shared pool for a Snowball algorithm (nil: no stemming), or nil if libstemmer does not know it.
  static func shared(algorithm: String?) -> AnalysisContextPool? {
    registryLock.lock()
    defer { registryLock.unlock() }
    let key = algorithm ?? ""
    if let pool = registry[key] { return pool }
    var first: Stemmer?
    if let algorithm {
      guard let stemmer = Stemmer(algorithm: algorithm) else { return nil }
      first = stemmer
    }
    let pool = AnalysisContextPool(algorithm: algorithm)
    pool.release(AnalysisContext(stemmer: first))
    registry[key] = pool
    return pool
  }
}
