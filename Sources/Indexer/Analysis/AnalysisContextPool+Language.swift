/// Which Snowball stemmer and tokenizer options a language tag selects.
extension AnalysisContextPool {
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
