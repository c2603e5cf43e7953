import Foundation
import Testing

@testable import Indexer

/// The allocation-free lookups of the tagger give the answers of the plain ones they replace: the model's slot
/// table (key and row per slot), the byte-level not-a-name check, and the part map of `EntityNormalizer.finish`.
@Suite("Tagger lookups: slot table, packed not-a-name check, part map")
struct TaggerLookupTests {
  @Test("every row key of the bundled model finds its own row; other keys find none")
  func slotTable() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    #expect(model.rowCount > 1000)
    for (r, k) in model.rowKeys.enumerated() { #expect(model.row(k) == r) }
    let known = Set(model.rowKeys)
    var absent = 0
    var x: UInt64 = 0x1234_5678_9ABC_DEF1
    for _ in 0..<20_000 {
      x = FeatureHash.mix(x)
      if x == 0 || known.contains(x) { continue }
      #expect(model.row(x) == -1)
      absent += 1
    }
    #expect(absent > 19_000)
  }

  @Test("a small model built in memory: rows by key, including colliding slots")
  func smallTable() {
    let nt = NERTagSet.count
    // Keys that share their low bits probe past each other.
    let keys: [UInt64] = [1 << 20, 2 << 20, 3 << 20, 5, 21, 37].sorted()
    let weights = (0..<(keys.count * nt)).map { Int16($0 % 100) }
    let model = NERModel(keys: keys, weights: weights, gazetteer: Gazetteer(), clusters: [:])
    for (r, k) in keys.enumerated() { #expect(model.row(k) == r) }
    #expect(model.row(4 << 20) == -1)
    #expect(model.row(6) == -1)
  }

  @Test("the packed not-a-name check agrees with the string check")
  func notNames() {
    var samples = Array(EntityNormalizer.notNames)
    samples += EntityNormalizer.notNames.map { $0.uppercased() }
    samples += [
      "AI", "Ai", "R&D", "The", "Mr.", "MR.", "Reuter", "Reuters", "IT", "Inc.", "Co", "Apple", "U.S.", "AI Corp",
      "the the", "Ai-Driven", "AI-POWERED", "CEO.", "Ævs", "Évs", "cafÉ", "a", "A", "x", "",
    ]
    for s in samples where !s.isEmpty {
      let text = NERTokenizer.tokenize(Array(("Before " + s + " after").utf8))
      // The span over the sample's tokens (all tokens but the first and the last).
      guard text.count >= 3 else { continue }
      let span = EntityNormalizer.TokenSpan(start: 1, end: text.count - 1, type: .org)
      let expected = EntityNormalizer.notNames.contains(EntityNormalizer.surface(span, text).lowercased())
      #expect(EntityNormalizer.isNotName(span, text) == expected, "\(s)")
    }
    let multi = NERTokenizer.tokenize(Array("x R & D y".utf8))
    let span = EntityNormalizer.TokenSpan(start: 1, end: 4, type: .org)
    #expect(!EntityNormalizer.isNotName(span, multi))
  }

  @Test("part map: first single-word name kept, person parts overwrite, a part of two names is dropped")
  func partMap() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let names = EntityNameCache()
    let text = NERTokenizer.tokenize(Array("Xi Jinping met Xi Mingze and Ren Zhengfei of Huawei".utf8))
    let info = NERTokenInfo(text, model: model)
    func name(_ s: Int, _ e: Int, _ type: EntityType) -> Int32 {
      names.id(.init(start: s, end: e, type: type), text, info, model.gazetteer)
    }
    let xiJinping = name(0, 2, .person)
    let xiMingze = name(3, 5, .person)
    let ren = name(6, 8, .person)
    let huawei = name(9, 10, .org)
    var parts = EntityPartMap(capacity: 4)
    for k in 0..<2 { parts.note(info.lower[k], .person, xiJinping, names) }
    for k in 3..<5 { parts.note(info.lower[k], .person, xiMingze, names) }
    for k in 6..<8 { parts.note(info.lower[k], .person, ren, names) }
    parts.addIfAbsent(info.lower[9], .org, huawei)
    parts.addIfAbsent(info.lower[6], .org, huawei)  // already a person part: kept
    // Before dropping, "Xi" still maps (to the later name).
    #expect(parts[info.lower[0]]?.1 == xiMingze)
    parts.dropAmbiguous()
    #expect(parts[info.lower[0]] == nil, "Xi is part of two names")
    #expect(parts[info.lower[1]]?.1 == xiJinping)
    #expect(parts[info.lower[4]]?.1 == xiMingze)
    #expect(parts[info.lower[6]]?.0 == .person)
    #expect(parts[info.lower[6]]?.1 == ren)
    #expect(parts[info.lower[9]]?.0 == .org)
    #expect(parts[info.lower[2]] == nil)
  }

  @Test("a token value cache used with another model gives that model's word classes")
  func valueCacheModelSwitch() throws {
    let model = try NERModel(path: try #require(EntityTagger.bundledModelPath))
    let other = NERModel(keys: [], weights: [], gazetteer: model.gazetteer, clusters: [:])
    let text = NERTokenizer.tokenize(Array("Shares of Apple rose in New York and London on Monday.".utf8))
    let values = NERTokenValueCache()
    let first = NERTokenInfo(text, model: model, values: values)
    #expect(first.cluster == NERTokenInfo(text, model: model).cluster)
    #expect(first.cluster.contains { $0 != NERTokenInfo.unknownCluster })
    let second = NERTokenInfo(text, model: other, values: values)
    #expect(second.cluster == NERTokenInfo(text, model: other).cluster)
    #expect(second.cluster.allSatisfy { $0 == NERTokenInfo.unknownCluster })
    #expect(NERTokenInfo(text, model: model, values: values).cluster == first.cluster)
  }
}
