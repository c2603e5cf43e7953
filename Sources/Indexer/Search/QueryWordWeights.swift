/// Query-side weights of plain words: English function words ("what", "of", "the", "are") weigh less in long
/// natural-language queries, where they only add noise; in short queries ("the who", "to be or not to be") and in
/// queries made only of such words they keep their full weight.
///
/// Only the query is affected: documents are indexed with every word, so phrases and short queries still find
/// function words.
struct QueryWordWeights {
  /// The weight of a function word in a long query.
  let stopwordWeight: Float
  /// Whether this query's function words are down-weighted at all.
  let active: Bool

  /// - Parameters:
  ///   - words: the query's plain words, folded and unstemmed, in query order (repeats included).
  ///   - model: the ranking parameters (``RankingModel/stopwordWeight``, ``RankingModel/stopwordMinWords``).
  init(words: [String], model: RankingModel) {
    stopwordWeight = model.stopwordWeight
    active =
      model.stopwordWeight != 1 && words.count >= model.stopwordMinWords
      && words.contains { !Self.isStopword($0) }
  }

  /// - Parameters:
  ///   - stopwords: for each of the query's plain words (repeats included), whether it is a function word.
  ///   - model: the ranking parameters.
  init(stopwords: [Bool], model: RankingModel) {
    stopwordWeight = model.stopwordWeight
    active = model.stopwordWeight != 1 && stopwords.count >= model.stopwordMinWords && stopwords.contains(false)
  }

  /// The query-side weight of one folded, unstemmed word.
  func weight(_ word: String) -> Float {
    active && Self.isStopword(word) ? stopwordWeight : 1
  }

  /// The query-side weight of a word already known to be a function word or not.
  func weight(isStopword: Bool) -> Float {
    active && isStopword ? stopwordWeight : 1
  }

  /// Whether a word counts as a function word (Snowball's English stop list plus common question words).
  static func isStopword(_ word: String) -> Bool {
    var word = word
    return word.withUTF8 { isStopword($0) }
  }

  /// Whether a word given as UTF-8 bytes counts as a function word: a probe of ``StopwordTable`` (no string
  /// hashing).
  static func isStopword(_ word: UnsafeBufferPointer<UInt8>) -> Bool { table.contains(word) }

  private static let table = StopwordTable(english)

  /// Snowball's English stop list (without the contractions, which the tokenizer splits) and question words.
  static let english: Set<String> = [
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
    "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was",
    "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "would", "should",
    "could", "ought", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
    "for", "with", "about", "against", "between", "into", "through", "during", "before", "after", "above", "below",
    "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here",
    "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
    "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "can", "will", "just", "may",
    "must", "also", "s", "t",
  ]
}

/// A set of short ASCII words as an open-addressing table of their bytes packed into two integers: a probe costs a
/// multiplication and a comparison or two.
struct StopwordTable: Sendable {
  /// Longest word a key holds (8 bytes in the first integer, 7 in the second, the length in its top byte).
  static let maxLength = 15
  private let first: [UInt64]
  private let second: [UInt64]
  private let shift: UInt64

  /// - Parameter words: the words (longer ones than ``maxLength`` bytes are left out).
  init(_ words: Set<String>) {
    var size = 16
    while size < 4 * words.count { size *= 2 }
    let shift = UInt64(64 - size.trailingZeroBitCount)
    var first = [UInt64](repeating: 0, count: size)
    var second = [UInt64](repeating: 0, count: size)
    for word in words {
      var w = word
      w.withUTF8 { bytes in
        guard let (a, b) = Self.key(bytes) else { return }
        var i = Self.slot(a, b, shift)
        while second[i] != 0 && (first[i] != a || second[i] != b) { i = (i + 1) & (size - 1) }
        first[i] = a
        second[i] = b
      }
    }
    self.first = first
    self.second = second
    self.shift = shift
  }

  /// Whether the table holds the word.
  @inline(__always) func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let (a, b) = Self.key(word) else { return false }
    let mask = first.count - 1
    return first.withUnsafeBufferPointer { f in
      second.withUnsafeBufferPointer { s in
        var i = Self.slot(a, b, shift)
        while true {
          let k = s[i]
          if k == 0 { return false }
          if k == b && f[i] == a { return true }
          i = (i + 1) & mask
        }
      }
    }
  }

  /// The word's bytes and length packed into two integers (the second is never 0), or nil when too long or empty.
  @inline(__always) private static func key(_ word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
    let n = word.count
    guard n > 0, n <= maxLength else { return nil }
    var a: UInt64 = 0
    var b = UInt64(n) << 56
    for i in 0..<min(n, 8) { a |= UInt64(word[i]) << (8 * UInt64(i)) }
    if n > 8 { for i in 8..<n { b |= UInt64(word[i]) << (8 * UInt64(i - 8)) } }
    return (a, b)
  }

  @inline(__always) private static func slot(_ a: UInt64, _ b: UInt64, _ shift: UInt64) -> Int {
    Int(truncatingIfNeeded: ((a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }
}
