/// One run of visible text: the characters between two element events, with surrounding whitespace trimmed.
struct HTMLTextRun {
  /// The trimmed text (UTF-8, owned by the page's text storage).
  var base: UnsafePointer<UInt8>
  /// Its length in bytes.
  var count: Int32
  /// The nearest enclosing element (index into the page's elements; -1 when none).
  var owner: Int32
  /// The nearest enclosing block element (-1 when none).
  var block: Int32
  /// libxml2's input line when the run's first characters were delivered (0 when unknown).
  var line: Int32
  /// Offset of the trimmed text in the parser's UTF-8 input (the file after a BOM when it is UTF-8), -1 unknown.
  var sourceOffset: Int32
  /// A block boundary lies between the previous run and this one.
  var breakBefore: Bool
  /// Whitespace separates this run from the previous one.
  var spaceBefore: Bool
  /// Inside an `<a>`.
  var inLink: Bool
}

/// Owns the bytes that text runs point into: filled while the page is parsed (a growable buffer, no Array
/// bookkeeping per SAX event), then read through the runs.
final class HTMLTextStorage {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private var capacity: Int

  /// Creates an empty storage.
  /// - Parameter capacity: the expected number of bytes (it grows beyond).
  init(capacity: Int = 0) {
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The byte at `i` (< `count`).
  @inline(__always)
  subscript(i: Int) -> UInt8 { base[i] }

  /// Appends `n` bytes.
  @inline(__always)
  func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
    if count + n > capacity { grow(to: count + n) }
    (base + count).update(from: bytes, count: n)
    count += n
  }

  /// Drops the last `n` bytes.
  func removeLast(_ n: Int) { count -= n }

  @inline(never)
  private func grow(to needed: Int) {
    let newCapacity = max(needed, capacity * 2)
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }
}

/// A parsed HTML page flattened into arrays: elements in document (pre-)order with their subtree ranges, visible
/// text runs in document order, and the metadata found on the way. Built from libxml2's SAX events by
/// ``HTMLPageBuilder`` (no tree, no recursion: deep nesting costs only array space).
struct HTMLPage {
  /// Element flags.
  struct Flags: OptionSet {
    var rawValue: UInt16
    /// class/id names suggest chrome.
    static let unlikely = Flags(rawValue: 1)
    /// A role such as navigation, menu, complementary, dialog.
    static let chromeRole = Flags(rawValue: 2)
    /// Has a child that stops it being a mere paragraph (readability's div-to-p test).
    static let hasBlockChild = Flags(rawValue: 4)
    /// `itemprop="articleBody"`.
    static let articleBodyProp = Flags(rawValue: 8)
    /// `rel="author"`.
    static let relAuthor = Flags(rawValue: 16)
  }

  var tags: [HTMLTag] = []
  var parents: [Int32] = []
  /// One past the index of the element's last descendant.
  var ends: [Int32] = []
  /// The element's text runs are `runStarts[e]..<runEnds[e]`.
  var runStarts: [Int32] = []
  var runEnds: [Int32] = []
  var weights: [Int16] = []
  var flags: [Flags] = []
  /// FNV-1a hash of the class attribute (0 when none), for readability's same-class sibling bonus.
  var classHashes: [UInt64] = []
  var runs: [HTMLTextRun] = []
  var storage = HTMLTextStorage()
  var metadata = HTMLMetadata()

  /// The text of an element's runs, joined with spaces and whitespace-collapsed.
  /// - Parameter e: an element index.
  /// - Returns: its visible text.
  func text(of e: Int) -> String {
    var bytes: [UInt8] = []
    for r in Int(runStarts[e])..<Int(runEnds[e]) {
      let run = runs[r]
      if !bytes.isEmpty, run.spaceBefore || run.breakBefore { bytes.append(0x20) }
      bytes.append(contentsOf: UnsafeBufferPointer(start: run.base, count: Int(run.count)))
    }
    return bytes.withUnsafeBufferPointer { CBytes.collapse($0) }
  }
}
