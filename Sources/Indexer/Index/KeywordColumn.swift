import Foundation

/// A document-to-value table for a single-valued keyword field (`id`, `path`), built once per segment from the
/// term dictionary and postings, so a hit's id and path are known without decompressing its stored document.
final class KeywordColumns: @unchecked Sendable {
  private let lock = NSLock()
  /// By field (raw value): indexing an array costs less than hashing the field on every hit.
  private var tables: [[String]?] = Array(repeating: nil, count: IndexField.allCases.count)

  /// The value of `field` for `doc`, building the field's table on first use.
  /// - Parameters:
  ///   - field: a keyword field with one value per document.
  ///   - doc: a doc number of the segment.
  ///   - core: the segment.
  /// - Returns: the value, or nil when the document has none.
  func value(_ field: IndexField, _ doc: UInt32, core: SegmentCore) -> String? {
    lock.lock()
    defer { lock.unlock() }
    let f = Int(field.rawValue)
    if tables[f] == nil {
      var table = [String](repeating: "", count: core.maxDoc)
      let terms = TermEnumerator(core: core, field: field)
      while terms.next() {
        let value = terms.termString
        let postings = PostingsIterator(core: core, info: terms.info)
        var d = postings.nextDoc()
        while d != PostingsIterator.noMoreDocs {
          if Int(d) < table.count { table[Int(d)] = value }
          d = postings.nextDoc()
        }
      }
      tables[f] = table
    }
    guard let value = tables[f].map({ Int(doc) < $0.count ? $0[Int(doc)] : "" }), !value.isEmpty else { return nil }
    return value
  }
}
