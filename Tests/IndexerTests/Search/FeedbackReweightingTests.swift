import TestSupport
import Testing

@testable import Indexer

/// Pseudo-relevance feedback by re-weighting the query's own words (``FeedbackReweighting``).
@Suite struct FeedbackReweightingTests {
  @Test func relevanceWeightGrowsWithTheFeedbackDocumentsContainingTheWord() {
    let none = FeedbackReweighting.relevanceWeight(r: 0, relevant: 5, docFreq: 100, docCount: 1000)
    let some = FeedbackReweighting.relevanceWeight(r: 2, relevant: 5, docFreq: 100, docCount: 1000)
    let all = FeedbackReweighting.relevanceWeight(r: 5, relevant: 5, docFreq: 100, docCount: 1000)
    #expect(none < 0)
    #expect(none < some && some < all)
    // Rarer words weigh more at the same share of feedback documents.
    #expect(FeedbackReweighting.relevanceWeight(r: 5, relevant: 5, docFreq: 10, docCount: 1000) > all)
    // Degenerate counts give a finite weight.
    #expect(FeedbackReweighting.relevanceWeight(r: 3, relevant: 3, docFreq: 3, docCount: 3).isFinite)
  }

  @Test func wordsSharedByTheBestDocumentsCountMore() throws {
    let t = IndexedFolder()
    defer { t.cleanUp() }
    t.write("best1.txt", "alpha beta filler\n")
    t.write("best2.txt", "alpha beta filler\n")
    t.write("alpha.txt", "alpha filler filler\n")
    t.write("gamma.txt", "gamma filler filler\n")
    for i in 0..<4 { t.write("other\(i).txt", "delta epsilon filler \(i)\n") }
    try t.update()
    var model = RankingModel()
    model.proximity = 0
    model.feedbackDocs = 0
    let plain = try RankingModelTests.search(t, "alpha beta gamma", model: model)
    // Without feedback the rarer "gamma" wins over "alpha".
    #expect(RankingModelTests.names(plain) == ["best1.txt", "best2.txt", "gamma.txt", "alpha.txt"])
    model.feedbackVectors = false
    model.feedbackDocs = 2
    model.feedbackTerms = 0
    model.feedbackDepth = 10
    model.feedbackReweight = 1
    let fed = try RankingModelTests.search(t, "alpha beta gamma", model: model)
    // "alpha" is in both feedback documents, "gamma" in neither: alpha.txt now ranks above gamma.txt, and only
    // scores change, never the documents found.
    #expect(RankingModelTests.names(fed) == ["best1.txt", "best2.txt", "alpha.txt", "gamma.txt"])
    let gamma = try #require(fed.hits.first { $0.path.hasSuffix("gamma.txt") })
    let gammaBefore = try #require(plain.hits.first { $0.path.hasSuffix("gamma.txt") })
    #expect(abs(gamma.score - gammaBefore.score) < 1e-6)
  }
}
