import CStemmer

/// One Snowball (libstemmer) stemmer instance. Not thread-safe: borrowed by one thread at a time through
/// `AnalysisContextPool`.
final class Stemmer {
  private let handle: OpaquePointer

  /// The Snowball algorithms whose stems begin with the first byte of the folded word and are never longer than it
  /// (they strip or rewrite suffixes only; English's exceptions, such as dying -> die, keep the first letter too).
  /// Checked on every distinct word of the English corpora by `StemPrefixTests`; an algorithm is listed only once
  /// such a test covers it (Indonesian, Arabic and Irish, for example, strip prefixes).
  static let suffixOnlyAlgorithms: Set<String> = ["english"]

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
