/// Re-scores the best candidates with a bonus for query words found exactly as typed: matching is on Snowball
/// stems ("models" finds "model", "modelling"), and among those matches a document that uses the query's own
/// form ranks a little higher.
///
/// The index keeps only stems, so the exact forms are counted at query time in the stored title and body of the
/// top candidates alone (no index-time cost). Each word found `c` times adds `weight · idf · c / (c + 1)`.
struct ExactMatchReranker {
  let reader: IndexReader
  /// The query's words, folded and unstemmed, with their idf.
  let words: [(exact: String, idf: Float)]
  let weight: Float
  private let analyzer = Analyzer(language: "en", stemming: false)

  init(reader: IndexReader, words: [(exact: String, idf: Float)], weight: Float) {
    self.reader = reader
    self.words = words
    self.weight = weight
  }

  /// Adds the bonus to each candidate's score.
  /// - Parameter candidates: the candidates (any order); returned with new scores.
  /// - Throws: `SeekError(.corruptIndex)` when a stored document is damaged.
  func rerank(_ candidates: [Searcher.Candidate]) throws -> [Searcher.Candidate] {
    guard !words.isEmpty, weight > 0 else { return candidates }
    var slot: [String: Int] = [:]
    for (i, w) in words.enumerated() { slot[w.exact] = i }
    var result = candidates
    var counts = [Int](repeating: 0, count: words.count)
    for i in result.indices {
      let doc = try reader.storedDocument(result[i].address)
      for k in counts.indices { counts[k] = 0 }
      for var text in [doc.title, doc.body] {
        text.withUTF8 { bytes in
          analyzer.analyze(bytes) { token in
            if let k = slot[token.term] { counts[k] += 1 }
          }
        }
      }
      var bonus: Float = 0
      for k in counts.indices where counts[k] > 0 {
        let c = Float(counts[k])
        bonus += words[k].idf * c / (c + 1)
      }
      result[i].score += weight * bonus
    }
    return result
  }
}
