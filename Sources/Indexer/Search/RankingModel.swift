/// The BM25F ranking parameters: one saturation constant and, per field, a weight and a length normalization.
///
/// A query term's frequencies in the fields are combined before saturation (BM25F, Robertson et al. 2004):
/// `tf' = Σ_f w_f · tf_f / (1 - b_f + b_f · len_f / avglen_f)`, `score = idf · tf' · (k1 + 1) / (k1 + tf')`,
/// `idf = ln(1 + (N - df + 0.5) / (df + 0.5))` with `df` the largest document frequency of the term over its fields.
/// The weights are documented in README.md with how they were measured.
public struct RankingModel: Sendable, Equatable {
  /// Per-field weight and length normalization.
  public struct FieldParameters: Sendable, Equatable {
    /// How much an occurrence in this field counts relative to one in the body.
    public var weight: Float
    /// Length normalization (0: none, 1: full).
    public var b: Float

    /// Creates field parameters.
    public init(weight: Float, b: Float) {
      self.weight = weight
      self.b = b
    }
  }

  /// Term-frequency saturation.
  public var k1: Float = 1.2
  /// Title parameters.
  public var title = FieldParameters(weight: 2.0, b: 0.5)
  /// Headings and description.
  public var headings = FieldParameters(weight: 1.5, b: 0.5)
  /// Main content.
  public var body = FieldParameters(weight: 1.0, b: 0.75)
  /// Navigation, footers, related links: found, but ranked low.
  public var boilerplate = FieldParameters(weight: 0.2, b: 0.75)
  /// How strongly documents matching more of the query's words are preferred: the score is multiplied by
  /// `(matched / words) ^ coordination` (0 turns it off).
  public var coordination: Float = 0
  /// Weight of the term-proximity bonus applied to the best candidates (0 turns it off).
  public var proximity: Float = 0
  /// How many top candidates the proximity bonus re-scores.
  public var proximityDepth: Int = 100
  /// Largest distance between two query words that earns a proximity bonus.
  public var proximityWindow: Int = 5
  /// Whether the proximity bonus looks at every pair of query words (false) or only at words next to each other
  /// in the query (true, as the sequential dependence model does).
  public var proximityAdjacentPairs: Bool = false
  /// Weight of a query word that is an English function word (``QueryWordWeights``) in a query of at least
  /// ``stopwordMinWords`` words that also has other words (1 keeps them as they are, 0 drops them).
  public var stopwordWeight: Float = 1
  /// Shortest query (in words) whose function words are down-weighted.
  public var stopwordMinWords: Int = 4
  /// BM25+ lower bound (Lv & Zhai 2011): every matching word adds `delta · idf` on top of its saturated term
  /// frequency, so a long document with one occurrence is not scored like a miss (0 turns it off).
  public var lowerBound: Float = 0
  /// Weight of the exact-form bonus: candidates whose stored text holds a query word exactly as typed (folded,
  /// unstemmed) gain `exactMatch · idf · c / (c + 1)` per word, `c` the exact occurrences (0 turns it off).
  public var exactMatch: Float = 0
  /// How many top candidates the exact-form bonus re-scores (each costs a stored-document read).
  public var exactMatchDepth: Int = 20
  /// Pseudo-relevance feedback: how many of the best first-pass documents feed the expanded query (0 turns it
  /// off). See ``PseudoRelevanceFeedback``.
  public var feedbackDocs: Int = 0
  /// How many words feedback adds to the query.
  public var feedbackTerms: Int = 10
  /// The added words' total boost relative to the original words' total.
  public var feedbackWeight: Float = 0.5
  /// Shortest query (in words) that gets feedback.
  public var feedbackMinWords: Int = 1
  /// How many of the first pass's best candidates the feedback words re-score; 0 runs a second full search with
  /// the expanded query instead (which can find documents without any query word, and costs more).
  public var feedbackDepth: Int = 0
  /// Fewest feedback documents a feedback word must occur in.
  public var feedbackMinDocs: Int = 1
  /// Feedback words found in more than this share of the index's documents are not added (1: no limit).
  public var feedbackMaxShare: Float = 1
  /// Whether feedback words are also weighted by their idf (favours specific words over merely frequent ones).
  public var feedbackIDF: Bool = false
  /// Entity fields when a query names them (`org:huawei`).
  public var entity = FieldParameters(weight: 1.0, b: 0.3)

  /// The default model.
  public init() {}

  /// The parameters of a field.
  public func parameters(_ field: IndexField) -> FieldParameters {
    switch field {
    case .title: title
    case .headings: headings
    case .body: body
    case .boilerplate: boilerplate
    default: entity
    }
  }

  /// The fields a plain word is searched in.
  public static let textFields: [IndexField] = [.title, .headings, .body, .boilerplate]

  /// BM25 inverse document frequency.
  /// - Parameters:
  ///   - docFreq: documents containing the term.
  ///   - docCount: documents in the index.
  /// - Returns: the idf (always positive).
  public static func idf(docFreq: Int, docCount: Int) -> Float {
    let n = Double(max(docCount, docFreq, 1))
    let df = Double(max(docFreq, 0))
    return Float(log(1 + (n - df + 0.5) / (df + 0.5)))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
