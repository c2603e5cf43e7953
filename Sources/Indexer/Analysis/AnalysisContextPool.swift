import Foundation

/// What one analysis call needs for itself: a stemmer (libstemmer instances are not thread-safe) and a term cache.
final class AnalysisContext {
  let cache: TermCache
  var stemmer: Stemmer? { cache.stemmer }

  init(stemmer: Stemmer?) { cache = TermCache(stemmer: stemmer) }
}

/// A pool of analysis contexts for one stemming algorithm (or none), so that analyzers on several threads each
/// borrow their own stemmer and cache.
final class AnalysisContextPool: @unchecked Sendable {
  /// The Snowball algorithm name, or nil for no stemming.
  let algorithm: String?
  private let lock = NSLock()
  private var idle: [AnalysisContext] = []

  private init(algorithm: String?) { self.algorithm = algorithm }

  /// Borrows a context (creating one if none is idle); give it back with `release(_:)`.
  func acquire() -> AnalysisContext {
    lock.lock()
    if let context = idle.popLast() {
      lock.unlock()
      return context
    }
    lock.unlock()
    return AnalysisContext(stemmer: algorithm.flatMap { Stemmer(algorithm: $0) })
  }

  /// Returns a borrowed context to the pool.
  func release(_ context: AnalysisContext) {
    lock.lock()
    if idle.count < 16 { idle.append(context) }
    lock.unlock()
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
    pool.idle.append(AnalysisContext(stemmer: first))
    registry[key] = pool
    return pool
  }
}
