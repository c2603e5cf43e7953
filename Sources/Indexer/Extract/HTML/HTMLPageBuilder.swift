import CLibXML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The attributes of a SAX start tag: libxml2's NULL-terminated name/value array.
struct HTMLAttributes {
  let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

  /// The value of an attribute; for a boolean attribute without value, its name (so presence tests work).
  subscript(name: StaticString) -> UnsafePointer<UInt8>? {
    guard let pairs else { return nil }
    var i = 0
    while let n = pairs[i] {
      if CBytes.equal(n, name) { return pairs[i + 1] ?? n }
      i += 2
    }
    return nil
  }
}

/// Builds an ``HTMLPage`` from libxml2's HTML SAX events (start/end element, characters).
///
/// Building libxml2's tree and freeing it costs about twice the parse itself, so the page is flattened straight
/// from the events. Script, style and other invisible subtrees are skipped by depth counting; end tags are matched
/// against the open-element stack, so unbalanced events cannot corrupt it.
final class HTMLPageBuilder {
  /// All state lives in one struct behind a pointer, which is what the parser context's `_private` holds: SAX
  /// events reach it without reference counting or exclusivity checks.
  let state: UnsafeMutablePointer<HTMLPageState>

  init(expectedSize: Int) {
    state = .allocate(capacity: 1)
    state.initialize(to: HTMLPageState(expectedSize: expectedSize))
  }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// The SAX handler that feeds the ``HTMLPageState`` found in the context's `_private`.
  static func makeHandler() -> htmlSAXHandler {
    var sax = htmlSAXHandler()
    sax.initialized = 1
    sax.startElement = { ctx, name, atts in
      guard let name, let state = pageState(ctx) else { return }
      state.pointee.start(name, HTMLAttributes(pairs: atts))
    }
    sax.endElement = { ctx, name in
      guard let name, let state = pageState(ctx) else { return }
      state.pointee.end(name)
    }
    sax.characters = { ctx, ch, len in
      guard let ch, len > 0, let state = pageState(ctx) else { return }
      state.pointee.characters(ch, Int(len))
    }
    sax.ignorableWhitespace = sax.characters
    sax.cdataBlock = sax.characters
    sax.setDocumentLocator = { ctx, _ in
      guard let ctx, let state = pageState(ctx), state.pointee.freezesInput else { return }
      freezeInput(ctx.assumingMemoryBound(to: htmlParserCtxt.self))
    }
    return sax
  }

  /// Finishes the page (see ``HTMLPageState/finish()``).
  func finish() -> HTMLPage { state.pointee.finish() }
}

/// One element while the page is built; split into ``HTMLPage``'s columns at the end (one append per element
/// instead of one per column).
private struct ElementRecord {
  var tag: HTMLTag
  var flags: HTMLPage.Flags
  var weight: Int16
  var parent: Int32
  var end: Int32
  var runStart: Int32
  var runEnd: Int32
  var classHash: UInt64
}

/// A remembered ``ClassHints`` result, keyed by the hashes of the class and id values.
private struct CachedHints {
  var key: UInt64 = 0
  var hints = ClassHints()
}

/// The page under construction and the parser's position in it.
struct HTMLPageState {
  private struct Open {
    var name: UnsafePointer<xmlChar>
    /// Index of the recorded element, -1 when not recorded (skipped, title, br).
    var index: Int32
    /// The innermost recorded element at this depth: `index`, else the enclosing one's (-1: none).
    var recorded: Int32
    var kind: Kind
  }

  private enum Kind: UInt8 {
    case element, skipped, jsonLD, title, empty
  }

  private(set) var page = HTMLPage()
  private let elements: TrivialBuffer<ElementRecord>
  /// Direct-mapped: class/id values repeat throughout a page.
  private var hintCache = [CachedHints](repeating: CachedHints(), count: 256)
  private let open = TrivialBuffer<Open>(capacity: 64)
  private let blockStack = TrivialBuffer<Int32>(capacity: 64)
  /// The page's runs while it is built (moved into ``HTMLPage/runs`` at the end).
  private let runs: TrivialBuffer<HTMLTextRun>
  private var skipDepth = 0
  private var linkDepth = 0
  private var pendingBreak = false
  private var pendingSpace = false
  private let text: HTMLTextStorage
  /// Start of the characters not yet made into a run, or -1.
  private var textStart = -1
  private var textLine: Int32 = 0
  /// Offset of the first characters in the parser's (UTF-8) input, -1 when unknown.
  private var textSourceOffset = -1
  private var firstChunkLength = 0
  private let runStartOffsets: TrivialBuffer<Int32>
  private var titleBytes: [UInt8] = []
  private var titleDepth = 0
  private var scriptBytes: [UInt8] = []
  private var firstH1 = -1
  private var relAuthor = -1
  /// The parser context, for line numbers.
  var context: htmlParserCtxtPtr?
  /// Maps a compacted page back to the original (nil: the parser reads the original).
  var compaction: CompactionMap?
  /// The bytes given to the parser.
  var parsedInput: UnsafeBufferPointer<UInt8>?
  /// Whether the input buffer is frozen at the first SAX event (see `freezeInput(_:)` in this file): for UTF-8
  /// input, which libxml2 converts in full before parsing.
  var freezesInput = false
  private var mapHint = -1

  init(expectedSize: Int) {
    text = HTMLTextStorage(capacity: expectedSize / 2)
    runs = TrivialBuffer(capacity: expectedSize / 64)
    elements = TrivialBuffer(capacity: expectedSize / 64)
    runStartOffsets = TrivialBuffer(capacity: expectedSize / 64)
  }

  // MARK: Events

  mutating func start(_ name: UnsafePointer<xmlChar>, _ atts: HTMLAttributes) {
    flushText()
    if skipDepth > 0 {
      skipDepth += 1
      push(name, index: -1, kind: .skipped)
      return
    }
    let tag = HTMLTag.classify(name)
    var hidden = false
    var roleIsChrome = false
    var articleBody = false
    var isRelAuthor = false
    var classValue: UnsafePointer<UInt8>? = nil
    var idValue: UnsafePointer<UInt8>? = nil
    if let pairs = atts.pairs {
      var i = 0
      while let an = pairs[i] {
        let value = pairs[i + 1]
        switch an[0] {
        case UInt8(ascii: "c"): if CBytes.equal(an, "class") { classValue = value }
        case UInt8(ascii: "i"):
          if an[1] == UInt8(ascii: "d"), an[2] == 0 {
            idValue = value
          } else if let value, CBytes.equal(an, "itemprop"), CBytes.contains(value, "articlebody") {
            articleBody = true
          }
        case UInt8(ascii: "r"):
          if let value, CBytes.equal(an, "role") {
            roleIsChrome = Self.isChromeRole(value)
          } else if let value, CBytes.equal(an, "rel"), CBytes.contains(value, "author") {
            isRelAuthor = true
          }
        case UInt8(ascii: "h"): if CBytes.equal(an, "hidden") { hidden = true }
        case UInt8(ascii: "s"):
          if let value, CBytes.equal(an, "style"), Self.isDisplayNone(value) { hidden = true }
        case UInt8(ascii: "a"):
          if let value, CBytes.equal(an, "aria-hidden"), CBytes.equalIgnoringCase(value, "true") { hidden = true }
        default: break
        }
        i += 2
      }
    }
    page.metadata.observe(tag: tag, atts: atts)
    if tag.isSkipped || hidden {
      skipDepth = 1
      var kind = Kind.skipped
      if tag == .script, let type = atts["type"], CBytes.contains(type, "ld+json") {
        kind = .jsonLD
        scriptBytes.removeAll(keepingCapacity: true)
      }
      push(name, index: -1, kind: kind)
      return
    }
    if tag == .title {
      titleDepth += 1
      push(name, index: -1, kind: .title)
      return
    }
    if tag == .br || tag == .hr {
      pendingBreak = true
      push(name, index: -1, kind: .empty)
      return
    }
    let index = Int32(elements.count)
    let parent = innermostRecorded
    if parent >= 0, tag.isParagraphBreaking { elements[Int(parent)].flags.insert(.hasBlockChild) }
    var f: HTMLPage.Flags = []
    var weight: Int16 = 0
    var classHash: UInt64 = 0
    // Inline elements' names do not change the scoring: skip matching them.
    if classValue != nil || idValue != nil, tag.isBlock || tag == .span || tag == .other {
      if let c = classValue { classHash = Self.fnv(c) }
      let hints = cachedHints(classValue: classValue, classHash: classHash, idValue: idValue)
      weight = hints.weight
      if hints.unlikely { f.insert(.unlikely) }
    }
    if roleIsChrome { f.insert(.chromeRole) }
    if articleBody { f.insert(.articleBodyProp) }
    if tag == .h1, firstH1 < 0 { firstH1 = Int(index) }
    if tag == .a, isRelAuthor, relAuthor < 0 { relAuthor = Int(index) }
    let runCount = Int32(runs.count)
    elements.append(
      ElementRecord(
        tag: tag, flags: f, weight: weight, parent: parent, end: index + 1, runStart: runCount, runEnd: runCount,
        classHash: classHash))
    push(name, index: index, kind: .element)
    if tag.isBlock {
      pendingBreak = true
      blockStack.append(index)
    }
    if tag == .a { linkDepth += 1 }
  }

  mutating func end(_ name: UnsafePointer<xmlChar>) {
    flushText()
    // Match the innermost open element of that name; ignore a stray end tag.
    var k = open.count - 1
    while k >= 0, open[k].name != name, !CBytes.same(open[k].name, name) { k -= 1 }
    guard k >= 0 else { return }
    while open.count > k { close(open.removeLast()) }
  }

  mutating func characters(_ ch: UnsafePointer<xmlChar>, _ len: Int) {
    if skipDepth > 0, open.last?.kind != .jsonLD { return }
    if skipDepth == 0, titleDepth == 0, Self.isBlank(ch, len) {
      blankCharacters(ch, len)
      return
    }
    // The chunk as parsed: on a compacted page it holds the same newlines as the original text it maps to (a
    // placeholder never stands for a newline), in fewer bytes.
    let parsedChunk = ch
    let parsedLength = len
    var ch = ch
    var len = len
    // Text read straight from the input (not an entity) ends at the parser's position: its offset is exact, and
    // on a compacted page it maps to one contiguous range of the original, which is the real text.
    var offset = -1
    if let input = context?.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base,
      let end = Self.inputEnd(of: ch, len, at: Int(input.pointee.consumed) + (cur - base), cur: cur, in: parsedInput)
    {
      offset = end - len
      if let map = compaction {
        let k0 = map.edit(before: offset, hint: mapHint)
        let k1 = map.edit(before: offset + len, hint: k0)
        mapHint = k1
        let start = map.originalOffset(offset, edit: k0)
        let end = map.originalOffset(offset + len, edit: k1)
        ch = map.source.baseAddress! + start
        len = end - start
        offset = start
      }
    }
    if skipDepth > 0 {
      if scriptBytes.count < 1 << 20 { scriptBytes.append(contentsOf: UnsafeBufferPointer(start: ch, count: len)) }
      return
    }
    if titleDepth > 0 {
      if titleBytes.count < 4096 { titleBytes.append(contentsOf: UnsafeBufferPointer(start: ch, count: len)) }
      return
    }
    if textStart < 0 {
      textStart = text.count
      textLine = 0
      textSourceOffset = offset
      firstChunkLength = len
      if let input = context?.pointee.input {
        // The parser's line is where this chunk ends: step back over the chunk's newlines.
        textLine = Int32(clamping: Int(input.pointee.line) - Self.newlines(parsedChunk, parsedLength))
      }
    }
    text.append(ch, count: len)
  }

  /// Characters that are all blanks (the whitespace between tags, most of a page's text events) outside
  /// skipped subtrees and the title: what ``characters(_:_:)`` does with them, without looking up their offset.
  /// Blanks read from a compacted page are the original's bytes (only text inside a run becomes a placeholder);
  /// a run never starts inside a first chunk of blanks, so that chunk's source offset is never used.
  private mutating func blankCharacters(_ ch: UnsafePointer<UInt8>, _ len: Int) {
    if textStart < 0 {
      textStart = text.count
      textLine = 0
      textSourceOffset = -1
      firstChunkLength = len
      if let input = context?.pointee.input {
        textLine = Int32(clamping: Int(input.pointee.line) - Self.newlines(ch, len))
      }
    }
    text.append(ch, count: len)
  }

  /// Whether all `len` bytes are blanks (``isSpace(_:)``).
  @inline(__always)
  static func isBlank(_ p: UnsafePointer<UInt8>, _ len: Int) -> Bool {
    var i = 0
    while i < len, isSpace(p[i]) { i += 1 }
    return i == len
  }

  /// The newlines in `len` bytes, eight bytes at a time.
  static func newlines(_ p: UnsafePointer<UInt8>, _ len: Int) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    let low7 = ones &* 0x7F
    var n = 0
    var i = 0
    while i + 8 <= len {
      let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ (ones &* 0x0A)
      n &+= (~(((x & low7) &+ low7) | x) & high).nonzeroBitCount
      i += 8
    }
    while i < len {
      n &+= p[i] == 0x0A ? 1 : 0
      i += 1
    }
    return n
  }

  /// Where characters read straight from the input end (an offset in the bytes parsed): at the parser's position
  /// `here`, or (a full 1000-byte buffer handed over before the parser steps past its last character) one
  /// character further; nil when they are not the input's bytes (an entity's value). Compared with the bytes
  /// given to the parser, since libxml2 may have dropped the start of a long run from its buffer near the end.
  @inline(__always)
  private static func inputEnd(
    of ch: UnsafePointer<UInt8>, _ len: Int, at here: Int, cur: UnsafePointer<UInt8>,
    in parsed: UnsafeBufferPointer<UInt8>?
  ) -> Int? {
    guard let parsed, let p = parsed.baseAddress else { return nil }
    if here >= len, here <= parsed.count, memcmp(p + here - len, ch, len) == 0 { return here }
    let lead = cur.pointee
    let end = here + (lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4)
    guard end >= len, end <= parsed.count, memcmp(p + end - len, ch, len) == 0 else { return nil }
    return end
  }

  /// Finishes the page: closes what is open, fixes run pointers into the final text storage, fills metadata that
  /// needs element text.
  mutating func finish() -> HTMLPage {
    flushText()
    while !open.isEmpty { close(open.removeLast()) }
    page.runs = runs.array()
    do {
      let e = elements.buffer
      page.tags = Self.column(e) { $0.tag }
      page.parents = Self.column(e) { $0.parent }
      page.ends = Self.column(e) { $0.end }
      page.runStarts = Self.column(e) { $0.runStart }
      page.runEnds = Self.column(e) { $0.runEnd }
      page.weights = Self.column(e) { $0.weight }
      page.flags = Self.column(e) { $0.flags }
      page.classHashes = Self.column(e) { $0.classHash }
    }
    page.storage = text
    let base = UnsafePointer(page.storage.base)
    for r in 0..<page.runs.count { page.runs[r].base = base + Int(runStartOffsets[r]) }
    if !titleBytes.isEmpty { page.metadata.title = titleBytes.withUnsafeBufferPointer { CBytes.collapse($0) } }
    if firstH1 >= 0 { page.metadata.firstH1 = page.text(of: firstH1) }
    if relAuthor >= 0 { page.metadata.relAuthor = page.text(of: relAuthor) }
    return page
  }

  // MARK: Helpers

  /// The innermost open element that was recorded, or -1.
  @inline(__always)
  private var innermostRecorded: Int32 { open.count > 0 ? open[open.count - 1].recorded : -1 }

  @inline(__always)
  private func push(_ name: UnsafePointer<xmlChar>, index: Int32, kind: Kind) {
    open.append(Open(name: name, index: index, recorded: index >= 0 ? index : innermostRecorded, kind: kind))
  }

  /// One column of the element records.
  @inline(__always)
  private static func column<T>(_ e: UnsafeBufferPointer<ElementRecord>, _ field: (ElementRecord) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: e.count) { buffer, initialized in
      for i in 0..<e.count { buffer.initializeElement(at: i, to: field(e[i])) }
      initialized = e.count
    }
  }

  private mutating func close(_ o: Open) {
    switch o.kind {
    case .skipped, .jsonLD:
      skipDepth -= 1
      if o.kind == .jsonLD { page.metadata.observeJSONLD(scriptBytes) }
    case .title: titleDepth -= 1
    case .empty: break
    case .element:
      let index = Int(o.index)
      elements[index].end = Int32(elements.count)
      elements[index].runEnd = Int32(runs.count)
      let tag = elements[index].tag
      if tag.isBlock {
        pendingBreak = true
        if blockStack.last == o.index { blockStack.removeLast() }
      }
      if tag == .a { linkDepth -= 1 }
    }
  }

  /// Turns the characters gathered since the last element event into a run (or a pending space).
  private mutating func flushText() {
    guard textStart >= 0 else { return }
    defer { textStart = -1 }
    let n = text.count
    var start = textStart
    while start < n, Self.isSpace(text[start]) { start += 1 }
    if start == n {
      if n > textStart { pendingSpace = true }
      text.removeLast(n - textStart)
      return
    }
    var end = n
    while end > start, Self.isSpace(text[end - 1]) { end -= 1 }
    var leadingNewlines: Int32 = 0
    for k in textStart..<start where text[k] == 0x0A { leadingNewlines += 1 }
    let owner = innermostRecorded
    runs.append(
      HTMLTextRun(
        base: UnsafePointer(bitPattern: 1)!, count: Int32(end - start), owner: owner, block: blockStack.last ?? -1,
        line: textLine + leadingNewlines,
        sourceOffset: textSourceOffset >= 0 && start - textStart < firstChunkLength
          ? Int32(clamping: textSourceOffset + start - textStart) : -1,
        breakBefore: pendingBreak, spaceBefore: pendingSpace || start > textStart,
        inLink: linkDepth > 0))
    runStartOffsets.append(Int32(start))
    pendingBreak = false
    pendingSpace = end < n
  }

  /// The class hints of an element, from the cache when the same class and id values were seen before.
  private mutating func cachedHints(
    classValue: UnsafePointer<UInt8>?, classHash: UInt64, idValue: UnsafePointer<UInt8>?
  )
    -> ClassHints
  {
    let idHash = idValue.map(Self.fnv) ?? 0
    let key = ((classHash &* 0x9E37_79B9_7F4A_7C15) ^ idHash) | 1
    let slot = Int(truncatingIfNeeded: key >> 56)
    if hintCache[slot].key == key { return hintCache[slot].hints }
    let hints = ClassHints.of(classValue: classValue, idValue: idValue)
    hintCache[slot] = CachedHints(key: key, hints: hints)
    return hints
  }

  static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
  }

  static func fnv(_ p: UnsafePointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var k = 0
    while p[k] != 0 {
      h = (h ^ UInt64(p[k])) &* 0x100_0000_01b3
      k += 1
    }
    return h | 1
  }

  static func isChromeRole(_ v: UnsafePointer<UInt8>) -> Bool {
    CBytes.equalIgnoringCase(v, "navigation") || CBytes.equalIgnoringCase(v, "menu")
      || CBytes.equalIgnoringCase(v, "menubar") || CBytes.equalIgnoringCase(v, "complementary")
      || CBytes.equalIgnoringCase(v, "alert") || CBytes.equalIgnoringCase(v, "alertdialog")
      || CBytes.equalIgnoringCase(v, "dialog") || CBytes.equalIgnoringCase(v, "banner")
      || CBytes.equalIgnoringCase(v, "contentinfo") || CBytes.equalIgnoringCase(v, "search")
  }

  static func isDisplayNone(_ v: UnsafePointer<UInt8>) -> Bool {
    guard let at = CBytes.find(v, "display") else { return false }
    var p = at + 7
    while p.pointee == 0x20 { p += 1 }
    guard p.pointee == UInt8(ascii: ":") else { return false }
    p += 1
    while p.pointee == 0x20 { p += 1 }
    return CBytes.hasPrefixIgnoringCase(p, "none")
  }
}

/// The page state stored in a parser context's `_private` (the SAX callbacks' user data is the context).
@inline(__always)
private func pageState(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLPageState>? {
  guard let ctx else { return nil }
  let ctxt = ctx.assumingMemoryBound(to: htmlParserCtxt.self)
  return ctxt.pointee._private?.assumingMemoryBound(to: HTMLPageState.self)
}

/// Stops libxml2 from growing the input buffer of a page held in memory (the whole page is in it already).
///
/// libxml2 2.9 grows it once when the parser comes within 250 bytes of the end, which may move the buffer; an
/// entity name being read at that moment (a bare `&` before more than 100 name characters, e.g. `AT&T` then
/// 700 `é`) is then restarted from where the parser stood, and the start of the text is lost, depending on
/// whether `realloc` happened to move the block. Without a read callback (what libxml2's static memory inputs
/// use) the buffer never grows or moves; nothing else changes, as there is nothing more to read.
/// Called from the first SAX event, before any text is parsed.
private func freezeInput(_ ctxt: htmlParserCtxtPtr) {
  ctxt.pointee.input?.pointee.buf?.pointee.readcallback = nil
}
