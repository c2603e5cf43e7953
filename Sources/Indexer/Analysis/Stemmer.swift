import CStemmer
import Foundation

/// One Snowball (libstemmer) stemmer instance. Not thread-safe: used by one thread at a time via `StemmerPool`.
final class Stemmer {
  private let handle: OpaquePointer

  /// Creates a stemmer for a Snowball algorithm name ("english", "german", ...), or nil if libstemmer lacks it.
  init?(algorithm: String) {
    guard let handle = sb_stemmer_new(algorithm, nil) else { return nil }
    self.handle = handle
  }

  deinit { sb_stemmer_delete(handle) }

  /// Stems a folded word.
  /// - Parameters:
  ///   - word: lowercase UTF-8 bytes.
  ///   - body: receives the stem's bytes (valid only during the call); the word itself if stemming fails.
  func stem<R>(_ word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    guard let base = word.baseAddress, word.count > 0,
      let result = sb_stemmer_stem(handle, base, Int32(word.count))
    else { return body(word) }
    let length = Int(sb_stemmer_length(handle))
    return body(UnsafeBufferPointer(start: result, count: length))
  }
}

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
    if idle.count < 32 { idle.append(context) }
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

  /// The Snowball algorithm for a language: an ISO 639-1 code with optional region (`en`, `de-CH`, `pt_BR`) or
  /// an algorithm name (`english`). "" means English; CJK and unknown languages have none.
  /// - Parameter language: the language tag.
  /// - Returns: the algorithm name, or nil for no stemming.
  static func algorithm(forLanguage language: String) -> String? {
    let tag = language.lowercased()
    if tag.isEmpty { return "english" }
    let code = String(tag.prefix { $0 != "-" && $0 != "_" })
    if let name = snowballByCode[code] { return name }
    if snowballByCode.values.contains(code) { return code }
    return nil
  }

  /// Whether text in this language elides articles with an apostrophe (`l'`, `dell'`): French, Italian, Catalan,
  /// Irish.
  /// - Parameter language: the language tag.
  /// - Returns: true for those languages.
  static func usesElisions(_ language: String) -> Bool {
    let code = String(language.lowercased().prefix { $0 != "-" && $0 != "_" })
    return ["fr", "it", "ca", "ga", "french", "italian", "catalan", "irish"].contains(code)
  }

  private static let snowballByCode: [String: String] = [
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian", "nl": "dutch",
    "pt": "portuguese", "ru": "russian", "sv": "swedish", "no": "norwegian", "nb": "norwegian", "nn": "norwegian",
    "da": "danish", "fi": "finnish", "hu": "hungarian", "ro": "romanian", "tr": "turkish", "ar": "arabic",
    "el": "greek", "id": "indonesian", "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian",
    "ta": "tamil", "ca": "catalan", "eu": "basque", "hy": "armenian", "yi": "yiddish", "hi": "hindi",
  ]
}
