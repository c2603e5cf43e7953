import Testing

@testable import Indexer

/// Facet counting: one count per document, case variants merged under the most used spelling.
@Suite struct FacetCounterTests {
  @Test func caseVariantsAreOneEntryShownInTheCommonSpelling() {
    var counter = FacetCounter()
    counter.startDocument()
    counter.add(type: .loc, name: "WASHINGTON")
    counter.add(type: .loc, name: "Washington")
    counter.startDocument()
    counter.add(type: .loc, name: "Washington")
    counter.startDocument()
    counter.add(type: .loc, name: "WASHINGTON")
    counter.add(type: .loc, name: "Beijing")
    let top = counter.top(limit: 10)[.loc] ?? []
    #expect(top.map(\.name) == ["Washington", "Beijing"])
    #expect(top.map(\.count) == [3, 1])
  }

  @Test func aMixedCaseSpellingWinsATieAgainstAllCaps() {
    #expect(FacetCounter.display(["WASHINGTON": 2, "Washington": 2]) == "Washington")
    #expect(FacetCounter.display(["NASA": 3, "Nasa": 1]) == "NASA")
  }

  @Test func typesAreCountedApartAndLimited() {
    var counter = FacetCounter()
    counter.startDocument()
    counter.add(type: .org, name: "Huawei")
    counter.add(type: .person, name: "Huawei")
    counter.add(type: .org, name: "DeepSeek")
    let top = counter.top(limit: 1)
    #expect(top[.org]?.map(\.name) == ["DeepSeek"])
    #expect(top[.person]?.map(\.count) == [1])
  }
}
