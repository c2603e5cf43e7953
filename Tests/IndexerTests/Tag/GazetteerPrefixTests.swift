import Foundation
import Testing

@testable import Indexer

/// The gazetteer's phrase prefixes (model file version 2): the scan that stops at a phrase that is neither an entry
/// nor a prefix marks what the full scan marks, and the prefixes survive the model file.
@Suite("Gazetteer prefixes: early-stopping scan and model file")
struct GazetteerPrefixTests {
  static func smallGazetteer() -> Gazetteer {
    var g = Gazetteer()
    g.add("New York", .place)
    g.add("New York Stock Exchange", .exchange)
    g.add("Bank of New York", .company)
    g.add("York", .place)
    g.add("Ren Zhengfei", .person)
    return g
  }

  @Test("every proper prefix of a multi-token entry is recorded, and nothing else")
  func prefixesOfEntries() {
    let g = GazetteerPrefixTests.smallGazetteer()
    func hash(_ words: [String]) -> UInt64 {
      var h: UInt64 = 0
      for w in words {
        let b = Array(w.utf8)
        h = Gazetteer.extend(h, b.withUnsafeBufferPointer { NERTokenInfo.lowerHash($0, 0, $0.count) })
      }
      return h
    }
    let expected: Set<UInt64> = [
      hash(["new"]), hash(["new", "york"]), hash(["new", "york", "stock"]), hash(["bank"]), hash(["bank", "of"]),
      hash(["bank", "of", "new"]), hash(["ren"]),
    ]
    #expect(g.prefixes == expected)
    #expect(g.prefixesComplete)
    // Prefixes carry no category.
    #expect(g.mask(of: "New York Stock") == 0)
    #expect(g.mask(of: "new york") == UInt16(1 << Gazetteer.Category.place.rawValue))
  }

  @Test("the early-stopping scan marks what the scan of every phrase marks")
  func earlyStopMatchesFullScan() {
    let g = GazetteerPrefixTests.smallGazetteer()
    var full = g
    full.forgetPrefixes()
    #expect(!full.prefixesComplete)
    let texts = [
      "The Bank of New York said New York Stock Exchange trading in York and New Jersey rose.",
      "REN ZHENGFEI MET BANK OF NEW YORK STAFF IN NEW YORK",
      "new new york york bank of bank of new york stock exchange ren ren zhengfei",
    ]
    var marked = 0
    for text in texts {
      let t = NERTokenizer.tokenize(Array(text.utf8))
      let info = NERTokenInfo(t, gazetteer: g)
      for r in t.sentences {
        var fast = [UInt64](repeating: 0, count: t.count)
        var slow = [UInt64](repeating: 0, count: t.count)
        g.annotate(info.lower, r, &fast)
        full.annotate(info.lower, r, &slow)
        #expect(fast == slow, "\(text)")
        marked += fast.filter { $0 != 0 }.count
      }
    }
    #expect(marked > 20)
  }

  @Test("the model file keeps the prefixes; a version-1 file loads without them")
  func modelFileKeepsPrefixes() throws {
    let g = GazetteerPrefixTests.smallGazetteer()
    let model = NERModel(keys: [5, 9], weights: [Int16](repeating: 1, count: 34), gazetteer: g, clusters: [:])
    var bytes = model.fileBytes()
    let loaded = try NERModel(bytes: bytes, path: "test")
    #expect(loaded.gazetteer.prefixes == g.prefixes)
    #expect(loaded.gazetteer.entries == g.entries)
    #expect(loaded.gazetteer.prefixesComplete)
    // The same payload under version 1 (the checksum covers the payload only): the scan probes every phrase.
    bytes[8] = 1
    let old = try NERModel(bytes: bytes, path: "test")
    #expect(!old.gazetteer.prefixesComplete)
    #expect(old.gazetteer.entries == g.entries)
    bytes[8] = 3
    #expect(throws: SeekError.self) { try NERModel(bytes: bytes, path: "test") }
  }

  @Test("the bundled model has complete prefixes")
  func bundledModelHasPrefixes() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    #expect(model.gazetteer.prefixesComplete)
    #expect(model.gazetteer.prefixes.count > 1000)
  }
}
