import Foundation
import Indexer
import TestSupport

/// Builds indexable documents by whitespace splitting (no analyzer needed).
enum IndexTestDocs {
  static func document(id: String, path: String? = nil, title: String = "", body: String) -> IndexableDocument {
    let p = path ?? "/docs/\(id).txt"
    var stored = Document(id: id, path: p, kind: .text, title: title, body: body)
    stored.lang = "en"
    var fields: [FieldTerms] = []
    let titleTerms = title.split(separator: " ").map { $0.lowercased() }
    if !titleTerms.isEmpty { fields.append(FieldTerms(field: .title, terms: titleTerms)) }
    let bodyTerms = body.split(separator: " ").map { $0.lowercased() }
    if !bodyTerms.isEmpty { fields.append(FieldTerms(field: .body, terms: bodyTerms)) }
    fields.append(FieldTerms(field: .type, terms: ["text"]))
    return IndexableDocument(id: id, path: p, fields: fields, stored: stored)
  }

  /// Random text over a small vocabulary with a skewed distribution (some terms in >128 docs).
  static func randomText(_ rng: inout SeededRandom, words: Int) -> String {
    var out: [String] = []
    for _ in 0..<words {
      let r = Int.random(in: 0..<1000, using: &rng)
      let w = r < 300 ? "w\(r % 5)" : (r < 700 ? "m\(r % 60)" : "r\(Int.random(in: 0..<3000, using: &rng))")
      out.append(w)
    }
    return out.joined(separator: " ")
  }
}

/// A temporary index directory removed at the end of a test.
final class TemporaryIndex {
  let path: String
  init() { path = Fixtures.temporaryDirectory("seek-index") + "/index" }
  deinit { Fixtures.removeTree(String(path.dropLast("/index".count))) }
}

/// The postings of all terms of a reader, as a naive model: (field, term) -> [(global doc id string, freq, positions)].
func dumpPostings(_ reader: IndexReader, live: Bool = true) throws -> [String: [String]] {
  var out: [String: [String]] = [:]
  for s in reader.segments {
    var ids: [UInt32: String] = [:]
    for field in IndexField.allCases {
      let e = s.terms(field)
      while e.next() {
        let it = s.postings(e.info)
        var d = it.nextDoc()
        while d != PostingsIterator.noMoreDocs {
          if !live || !s.isDeleted(d) {
            if ids[d] == nil { ids[d] = try s.storedDocument(d).id }
            let id = ids[d]!
            let pos = it.positions().map(String.init).joined(separator: ",")
            out["\(field.name):\(e.termString)", default: []].append("\(id)/\(it.freq)/\(pos)")
          }
          d = it.nextDoc()
        }
      }
    }
  }
  for k in out.keys { out[k]!.sort() }
  return out
}
