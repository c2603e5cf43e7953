/// The BM25F ranking parameters: one saturation constant and, per field, a weight and a length normalization.
///
/// A query term's frequencies in the fields are combined before saturation (BM25F, Robertson et al. 2004):
/// `tf' = Σ_f w_f · tf_f / (1 - b_f + b_f · len_f / avglen_f)`, `score = idf · tf' · (k1 + 1) / (k1 + tf')`,
/// `idf = ln(1 + (N - df + 0.5) / (df + 0.5))` with `df` the largest document frequency of the term over its fields.
///
/// On top of BM25F: function words weigh nothing in long queries (``QueryWordWeights``), and the 30 best
/// candidates are re-scored with pseudo-relevance feedback read from the index's term vectors
/// (``TermVectorFeedback``: the words of the best 5 documents, softmax-weighted by score). The proximity bonus
/// (``ProximityReranker``) re-scores the best 15 for queries of up to 4 kept words, where adjacency marks a phrase
/// the user did not quote and the stage is cheap; on longer queries it gains at most 0.002 nDCG@10 over feedback on
/// the judged collections for about 20% more instructions per search, so it is skipped there. Feedback from stored
/// text (``PseudoRelevanceFeedback``), BM25+ and the exact-form bonus are available but off (docs/ranking.md).
///
/// How the defaults were chosen (nDCG@10 from `seek-bench ir-run` + `peers.py eval` on the three judged
/// collections in `../shared/data/ir`, Cranfield / CISI / SciFact train claims; a change was kept only when it
/// helped or was neutral on all three, so that a setting picked on two does not hurt the third):
///
/// | setting | Cranfield | CISI | SciFact |
/// |---|---|---|---|
/// | BM25F alone (the weights below) | 0.3743 | 0.3680 | 0.7023 |
/// | + function words dropped from queries of 4+ words | 0.3773 | 0.4019 | 0.7028 |
/// | + proximity 0.3, neighbouring query words, window 5, top 15 (default until session 3) | 0.3824 | 0.4060 | 0.7044 |
/// | + term-vector feedback, 5 docs at temperature 0.05, 10 words, weight 0.3, top 30 | 0.4034 | 0.4124 | 0.7099 |
/// | feedback without proximity | 0.4029 | 0.4105 | 0.7102 |
/// | feedback, proximity for queries of up to 4 kept words (default since session 4) | 0.4026 | 0.4109 | 0.7101 |
///
/// - k1 1.2: 1.4-2.0 gain Cranfield up to +0.009 but lose CISI up to -0.006 and SciFact -0.001..-0.006.
/// - title 2.0 (b 0.5), body b 0.75: 0.5-3.0, b 0.2-0.8 and body b 0.5-1.0 each moved one collection up and
///   another down by a few thousandths; the defaults sit in that flat region.
/// - Function words (Snowball's English stop list): weight 0 from 4 query words on (0.1, 0.3: no better; 2-4
///   words: same figures, 4 keeps short queries such as "to be or not to be" whole). The big CISI gain comes
///   from its long natural-language questions.
/// - Proximity: every word pair (as in BM25TP) helped Cranfield but cost CISI (0.3974 at 0.3); pairs of words
///   next to each other in the query (as in the sequential dependence model) helped all three. Weight 0.3-0.6
///   and windows 3-10 are within 0.002 of each other; 1.0 hurts CISI and SciFact. Re-scoring the top 15, 20, 30, 50
///   or 100 gives the same nDCG@10 on all three (10 loses 0.004 on Cranfield); 15 keeps a margin over the first
///   page and costs 8-11% fewer instructions per top-10 search than 30.
/// - BM25+ (delta 0.5, 1.0) lowered all three (by up to 0.05 on CISI); the exact-form bonus (0.2, 0.5 on the
///   top 20) lowered all three slightly and costs stored-document reads.
/// - Feedback: RM3 with documents weighted by their raw scores lowers SciFact (one relevant document per query)
///   at every setting; weighting them by a softmax of the scores (temperature 0.05 relative to the best score)
///   lets only documents scored close to the best one feed it, which keeps SciFact and CISI up. Read from term
///   vectors it costs about what the proximity stage cost, which it replaces.
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
  public var proximity: Float = 0.3
  /// Longest query, in kept words (function words of long queries do not count), that gets the proximity bonus
  /// (0: any length). Short keyword queries are where adjacency marks a phrase the user did not quote, and there
  /// the stage is cheap; on the long questions of the judged collections it gains at most 0.002 nDCG@10 over
  /// feedback for about 20% more instructions per search (docs/ranking.md, session 4).
  public var proximityMaxWords: Int = 4
  /// How many top candidates the proximity bonus re-scores.
  public var proximityDepth: Int = 15
  /// Largest distance between two query words that earns a proximity bonus.
  public var proximityWindow: Int = 5
  /// Whether the proximity bonus looks at every pair of query words (false) or only at words next to each other
  /// in the query (true, as the sequential dependence model does).
  public var proximityAdjacentPairs: Bool = true
  /// Weight of a query word that is an English function word (``QueryWordWeights``) in a query of at least
  /// ``stopwordMinWords`` words that also has other words (1 keeps them as they are, 0 drops them).
  public var stopwordWeight: Float = 0
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
  public var feedbackDocs: Int = 5
  /// How many words feedback adds to the query.
  public var feedbackTerms: Int = 10
  /// The added words' total boost relative to the original words' total.
  public var feedbackWeight: Float = 0.3
  /// Shortest query (in words) that gets feedback.
  public var feedbackMinWords: Int = 1
  /// How many of the first pass's best candidates the feedback words re-score; 0 runs a second full search with
  /// the expanded query instead (which can find documents without any query word, and costs more).
  public var feedbackDepth: Int = 30
  /// Fewest feedback documents a feedback word must occur in.
  public var feedbackMinDocs: Int = 1
  /// Feedback words found in more than this share of the index's documents are not added (1: no limit).
  public var feedbackMaxShare: Float = 1
  /// How the feedback documents are weighted: 0 by their first-pass score (as RM3 does with query likelihoods
  /// turned into BM25 scores); above 0 by `exp((score - best) / (feedbackTemperature · best))`, a softmax over the
  /// scores relative to the best one (RM3's `P(Q|D)` is the exponential of a log-likelihood score), so documents
  /// far below the best count little.
  public var feedbackTemperature: Float = 0.05
  /// Whether feedback reads the index's term vectors (``TermVectorFeedback``: re-scores the best `feedbackDepth`
  /// candidates, cheap) rather than the stored text of the feedback documents (``PseudoRelevanceFeedback``: also
  /// offers a second search, idf-weighted words, word filters and ``feedbackReweight``; several times slower).
  public var feedbackVectors: Bool = true
  /// Whether feedback words are also weighted by their idf (favours specific words over merely frequent ones).
  public var feedbackIDF: Bool = false
  /// Weight of the relevance-weight bonus (``FeedbackReweighting``): the query's own words gain
  /// `feedbackReweight · max(rsj, 0) / idf` times their score in each of the first pass's best `feedbackDepth`
  /// candidates, `rsj` counting the best `feedbackDocs` as relevant (0 turns it off; needs `feedbackDepth > 0`).
  public var feedbackReweight: Float = 0
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
