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
    self.init(stopwords: words.map { Self.isStopword($0) }, model: model)
  }

  /// - Parameters:
  ///   - stopwords: for each of the query's plain words (repeats included), whether it is a function word.
  ///   - model: the ranking parameters.
  init(stopwords: [Bool], model: RankingModel) {
    stopwordWeight = model.stopwordWeight
    active = model.stopwordWeight != 1 && stopwords.count >= model.stopwordMinWords && stopwords.contains(false)
  }

  /// - Parameters:
  ///   - count: how many plain words the query has (repeats included).
  ///   - stopwords: how many of them are function words.
  ///   - model: the ranking parameters.
  init(count: Int, stopwords: Int, model: RankingModel) {
    stopwordWeight = model.stopwordWeight
    active = model.stopwordWeight != 1 && count >= model.stopwordMinWords && stopwords < count
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
