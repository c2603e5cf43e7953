import TestSupport
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

  @Test func byteCountingGivesTheResultsOfCountingStrings() {
    // Random documents over a small vocabulary of case variants (ASCII and not), so that counts tie often and
    // groups have several spellings; compared with a plain String-keyed count (the implementation before bytes).
    var rng = SeededRandom(seed: 7)
    let names = [
      "Washington", "WASHINGTON", "washington", "Beijing", "BEIJING", "München", "MÜNCHEN", "münchen", "Xi Jinping",
      "XI JINPING", "Huawei", "NASA", "Nasa", "Ren Zhengfei", "Åland", "ÅLAND", "İstanbul", "ﬁnance", "A", "a", "",
    ]
    for round in 0..<200 {
      var counter = FacetCounter()
      var reference = ReferenceFacetCounter()
      for _ in 0..<Int(rng.next() % 12) {
        counter.startDocument()
        reference.startDocument()
        for _ in 0..<Int(rng.next() % 9) {
          let type = EntityType.allCases[Int(rng.next() % UInt64(EntityType.allCases.count))]
          let name = names[Int(rng.next() % UInt64(names.count))]
          counter.add(type: type, name: name)
          reference.add(type: type, name: name)
        }
      }
      let limit = Int(rng.next() % 5)
      #expect(counter.top(limit: limit) == reference.top(limit: limit), "round \(round)")
    }
  }
}

/// The String-keyed facet count the byte-level ``FacetCounter`` must agree with.
private struct ReferenceFacetCounter {
  private struct Entry {
    var documents = 0
    var spellings: [String: Int] = [:]
  }
  private var perType: [EntityType: [String: Entry]] = [:]
  private var seenInDocument = Set<String>()

  mutating func startDocument() { seenInDocument.removeAll() }

  mutating func add(type: EntityType, name: String) {
    let key = name.lowercased()
    perType[type, default: [:]][key, default: Entry()].spellings[name, default: 0] += 1
    guard seenInDocument.insert(type.rawValue + "\u{1}" + key).inserted else { return }
    perType[type, default: [:]][key, default: Entry()].documents += 1
  }

  func top(limit: Int) -> [EntityType: [EntityCount]] {
    var result: [EntityType: [EntityCount]] = [:]
    for (type, entries) in perType {
      let counts = entries.values.map {
        EntityCount(type: type, name: FacetCounter.display($0.spellings), count: $0.documents)
      }
      result[type] = Array(
        counts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }.prefix(limit))
    }
    return result
  }
}
