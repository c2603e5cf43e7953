import TestSupport
import Testing

@testable import Indexer

@Suite("Products the model takes for people; sign-offs")
struct EntityProductAndSignOffTests {
  static let tagger: EntityTagger? = try? EntityTagger.load()

  @Test("a listed company's word before a name is ORG, the rest and a name before a designation MISC")
  func products() throws {
    let tagger = try #require(EntityProductAndSignOffTests.tagger)
    // Fixtures/feeds/tech-policy.rss: the model alone says PERSON for "Huawei Ascend" and both "Ascend".
    let spans = tagger.tag(
      "The Bureau of Industry and Security warned that using Huawei Ascend processors anywhere may breach US "
        + "export controls.\nAscend 910B\nAscend 910C")
    #expect(!spans.contains { $0.type == .person })
    #expect(spans.first { $0.text == "Huawei" }?.type == .org)
    #expect(spans.filter { $0.text == "Ascend" }.map(\.type) == [.misc, .misc, .misc])
  }

  @Test("a designation needs digits and capitals right after the name")
  func designation() {
    let t = NERTokenizer.tokenize(Array("Ascend 910B, Smith 69 and Kirin 9000S".utf8))
    let marks = (0..<t.count).filter { EntityNormalizer.isDesignation(t, $0) }.map { t.text($0) }
    #expect(marks == ["910B", "9000S"])
  }

  @Test("a capitalized word alone on the last line after a finished sentence is a sign-off, no name")
  func signOff() throws {
    let tagger = try #require(EntityProductAndSignOffTests.tagger)
    // Fixtures/xml/newswire-sample.sgm: the model alone tags the sign-off ORG.
    let text = "The Commerce Department widened export curbs on advanced chips, officials said.\n SYNTH\n"
    #expect(!tagger.tag(text).contains { $0.text == "SYNTH" })
    func signOff(_ s: String) -> String? {
      let t = NERTokenizer.tokenize(Array(s.utf8))
      return EntityNormalizer.signOffToken(t).map { t.text($0) }
    }
    #expect(signOff(text) == "SYNTH")
    #expect(signOff("Shares rose.\nReuters.\n") == "Reuters")
    #expect(signOff("The talks were led by\nShultz\n") == nil)
    #expect(signOff("Shares rose.\nMore News\n") == nil)
    #expect(signOff("Shares rose. SYNTH") == nil)
  }
}
