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

/// Owns the bytes that text runs point into.
final class HTMLTextStorage {
  let base: UnsafeMutablePointer<UInt8>
  let count: Int

  init(_ bytes: [UInt8]) {
    count = bytes.count
    base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
    bytes.withUnsafeBufferPointer { b in
      if let src = b.baseAddress { base.initialize(from: src, count: b.count) }
    }
  }

  deinit { base.deallocate() }
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
  var storage = HTMLTextStorage([])
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
