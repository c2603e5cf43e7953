import Foundation

/// A CoNLL-format named-entity corpus (token first column, tag last column; IOB1, IOB2 or BILOU), split into
/// documents at `-DOCSTART-` lines.
package struct CoNLLCorpus: Sendable {
  /// One document: sentences of tokens with their tags as written.
  package struct Document: Sendable {
    package var sentences: [[String]] = []
    package var tags: [[String]] = []
  }

  /// The documents.
  package var documents: [Document] = []

  /// Reads a CoNLL file.
  /// - Parameter path: the file.
  /// - Throws: `SeekError` when it cannot be read.
  package init(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SeekError(.invalidInput, "CoNLL file \(path): cannot read it; check the path")
    }
    self.init(text: String(decoding: data, as: UTF8.self))
  }

  /// Parses CoNLL text.
  package init(text: String) {
    var doc = Document()
    var tokens: [String] = []
    var tags: [String] = []
    func endSentence() {
      if !tokens.isEmpty {
        doc.sentences.append(tokens)
        doc.tags.append(tags)
      }
      tokens = []
      tags = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if cols.isEmpty {
        endSentence()
        continue
      }
      if cols[0] == "-DOCSTART-" {
        endSentence()
        if !doc.sentences.isEmpty { documents.append(doc) }
        doc = Document()
        continue
      }
      if cols[0].hasPrefix("#") && cols.count < 2 { continue }
      tokens.append(String(cols[0]))
      tags.append(cols.count > 1 ? String(cols[cols.count - 1]) : "O")
    }
    endSentence()
    if !doc.sentences.isEmpty { documents.append(doc) }
  }

  /// Entity chunks (start, end, class index into `NERTagSet.conllNames`) of one sentence's tags; unknown classes
  /// are dropped. Accepts IOB1 (I- starts a chunk after O or another class), IOB2, and BILOU/IOBES prefixes.
  package static func chunks(_ tags: [String]) -> [(Int, Int, Int)] {
    var out: [(Int, Int, Int)] = []
    var start = -1
    var cls = -1
    func close(_ i: Int) {
      if start >= 0 && cls >= 0 { out.append((start, i, cls)) }
      start = -1
      cls = -1
    }
    for (i, tag) in tags.enumerated() {
      if tag == "O" || tag.count < 3 {
        close(i)
        continue
      }
      let prefix = tag.first!
      let name = String(tag.dropFirst(2))
      let c = NERTagSet.conllNames.firstIndex(of: name) ?? -1
      let begins = prefix == "B" || prefix == "U" || prefix == "S" || c != cls || start < 0
      if begins { close(i) }
      if start < 0 {
        start = i
        cls = c
      }
      if prefix == "L" || prefix == "E" || prefix == "U" || prefix == "S" { close(i + 1) }
    }
    close(tags.count)
    return out
  }
}
