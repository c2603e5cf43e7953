/// The words of a plain-text search in text order (the payload of ``Query/plainWords(_:)``): each word folded, as
/// ``PlainQueryAnalysis`` found it, with what that analysis knows of it.
///
/// It stands for `.boolean(BooleanQuery(should:))` of one `.term(TermQuery(word))` per word (``booleanQuery``), and
/// every stage treats it so; it only spares the search a `Query` box per word.
public struct PlainWordList: Sendable, Equatable {
  /// The words with their terms and flags (shared with the analysis that made them).
  let entries: [PlainQueryAnalysis.Word]

  /// Makes a list.
  /// - Parameter entries: the analyzed words, in text order.
  init(_ entries: [PlainQueryAnalysis.Word]) {
    self.entries = entries
  }

  /// How many words (repeats included).
  public var count: Int { entries.count }

  /// The folded words, in text order.
  public var words: [String] { entries.map(\.exact) }

  /// One exact `.term` clause per word, over all text fields, in order.
  public var termClauses: [Query] { entries.map { .term(TermQuery($0.exact)) } }

  /// The query this list stands for: the words as optional ranked terms.
  public var booleanQuery: BooleanQuery { BooleanQuery(should: termClauses) }

  /// The words joined by single spaces (what the boolean query of them prints).
  public var description: String {
    var length = 0
    for e in entries { length += e.exact.utf8.count + 1 }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(length)
    for (i, e) in entries.enumerated() {
      if i > 0 { bytes.append(0x20) }
      bytes.append(contentsOf: e.exact.utf8)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
