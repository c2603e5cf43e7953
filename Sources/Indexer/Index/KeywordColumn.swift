import Foundation
import Synchronization

/// A document-to-value table for a single-valued keyword field (`id`, `path`), built once per segment from the
/// term dictionary and postings, so a hit's id and path are known without decompressing its stored document.
///
/// Reads after the build take no lock: each field's table is published once through an atomic word (every hit
/// of every search reads two values; a lock per read cost about 650 instructions each).
final class KeywordColumns: @unchecked Sendable {
  /// One field's values by doc number.
  private final class Table: Sendable {
    let values: [String]
    init(_ values: [String]) { self.values = values }
  }

  /// One field's table: 0 until built, then the retained ``Table``'s address.
  private final class Slot: Sendable {
    let word = Atomic<UInt>(0)
  }

  /// Serializes builds.
  private let lock = NSLock()
  /// By field (raw value).
  private let tables: [Slot] = IndexField.allCases.map { _ in Slot() }

  deinit {
    for t in tables {
      let word = t.word.load(ordering: .acquiring)
      if word != 0 { Unmanaged<Table>.fromOpaque(UnsafeRawPointer(bitPattern: word)!).release() }
    }
  }

  /// The value of `field` for `doc`, building the field's table on first use.
  /// - Parameters:
  ///   - field: a keyword field with one value per document.
  ///   - doc: a doc number of the segment.
  ///   - core: the segment.
  /// - Returns: the value, or nil when the document has none.
  func value(_ field: IndexField, _ doc: UInt32, core: SegmentCore) -> String? {
    let f = Int(field.rawValue)
    var word = tables[f].word.load(ordering: .acquiring)
    if word == 0 { word = build(f, field, core: core) }
    let values = Unmanaged<Table>.fromOpaque(UnsafeRawPointer(bitPattern: word)!).takeUnretainedValue().values
    guard Int(doc) < values.count, !values[Int(doc)].isEmpty else { return nil }
    return values[Int(doc)]
  }

  /// Builds field `f`'s table once (under the lock) and returns its word.
  @inline(never) private func build(_ f: Int, _ field: IndexField, core: SegmentCore) -> UInt {
    lock.lock()
    defer { lock.unlock() }
    let existing = tables[f].word.load(ordering: .acquiring)
    if existing != 0 { return existing }
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
    let word = UInt(bitPattern: Unmanaged.passRetained(Table(table)).toOpaque())
    tables[f].word.store(word, ordering: .releasing)
    return word
  }
}
