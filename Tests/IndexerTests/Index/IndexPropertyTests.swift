import Foundation
import TestSupport
import Testing

@testable import Indexer

/// Random documents, deletes, updates, flushes, commits and merges, checked against a naive in-memory model.
@Suite struct IndexPropertyTests {
  @Test(arguments: [UInt64(1), 2, 3])
  func matchesNaiveModel(seed: UInt64) throws {
    let dir = TemporaryIndex()
    var rng = SeededRandom(seed: seed)
    let writer = try IndexWriter(
      directory: dir.path, options: IndexWriter.Options(memoryBudget: 96 << 10, mergeFactor: 3, sync: false))
    var model: [String: IndexableDocument] = [:]
    var nextID = 0
    for round in 0..<6 {
      for _ in 0..<Int.random(in: 20..<90, using: &rng) {
        let action = Int.random(in: 0..<10, using: &rng)
        if action < 6 || model.isEmpty {
          let id = "doc\(nextID)"
          nextID += 1
          let d = IndexTestDocs.document(
            id: id, path: "/f/\(Int.random(in: 0..<40, using: &rng))", title: IndexTestDocs.randomText(&rng, words: 3),
            body: IndexTestDocs.randomText(&rng, words: Int.random(in: 1..<150, using: &rng)))
          try writer.add(d)
          model[id] = d
        } else if action < 8 {
          let id = model.keys.sorted()[Int.random(in: 0..<model.count, using: &rng)]
          let old = model[id]!
          let d = IndexTestDocs.document(
            id: id, path: old.path, body: IndexTestDocs.randomText(&rng, words: Int.random(in: 1..<50, using: &rng)))
          try writer.update(d)
          model[id] = d
        } else if action < 9 {
          let id = model.keys.sorted()[Int.random(in: 0..<model.count, using: &rng)]
          #expect(writer.delete(id: id) == 1)
          model[id] = nil
        } else {
          let path = "/f/\(Int.random(in: 0..<40, using: &rng))"
          let n = writer.delete(path: path)
          let victims = model.values.filter { $0.path == path }.map(\.id)
          #expect(n == victims.count)
          for v in victims { model[v] = nil }
        }
      }
      if round == 4 { try writer.forceMerge(maxSegments: 2) }
      try writer.commit()
      let reader = try IndexReader.open(directory: dir.path)
      #expect(reader.liveCount == model.count)
      #expect(try dumpPostings(reader) == naivePostings(model))
      for (id, d) in model {
        let a = try #require(reader.find(id: id))
        #expect(try reader.storedDocument(a) == d.stored)
      }
      let report = IndexChecker.check(directory: dir.path)
      #expect(report.isHealthy, "\(report.summary)")
    }
  }

  private func naivePostings(_ model: [String: IndexableDocument]) -> [String: [String]] {
    var out: [String: [String]] = [:]
    for d in model.values {
      var fields = d.fields.filter { $0.field != .id && $0.field != .path }
      fields.append(FieldTerms(field: .id, terms: [d.id]))
      fields.append(FieldTerms(field: .path, terms: [d.path]))
      for f in fields {
        var byTerm: [String: [UInt32]] = [:]
        for (t, p) in zip(f.terms, f.positions) { byTerm[t, default: []].append(f.field.hasPositions ? p : 0) }
        for (t, ps) in byTerm {
          let pos = f.field.hasPositions ? ps.sorted().map(String.init).joined(separator: ",") : ""
          out["\(f.field.name):\(t)", default: []].append("\(d.id)/\(ps.count)/\(pos)")
        }
      }
    }
    for k in out.keys { out[k]!.sort() }
    return out
  }
}
