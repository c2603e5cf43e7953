import CLibXML

/// One run of visible text: a libxml2 text node with its surrounding whitespace trimmed.
struct HTMLTextRun {
  /// The trimmed text (UTF-8, owned by the libxml2 document).
  var base: UnsafePointer<UInt8>
  /// Its length in bytes.
  var count: Int32
  /// The nearest enclosing element (index into the page's elements).
  var owner: Int32
  /// The nearest enclosing block element.
  var block: Int32
  /// libxml2's line for the text node (the line where its first chunk ended; 0 when unknown).
  var line: Int32
  /// A block boundary lies between the previous run and this one.
  var breakBefore: Bool
  /// Whitespace separates this run from the previous one.
  var spaceBefore: Bool
  /// Inside an `<a>`.
  var inLink: Bool
}

/// A parsed HTML page flattened into arrays: elements in document (pre-)order with their subtree ranges, visible
/// text runs in document order, and the metadata found on the way. Built in one iterative walk.
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
    /// `itemprop="articleBody"` or similar.
    static let articleBodyProp = Flags(rawValue: 8)
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
  var metadata = HTMLMetadata()

  /// Walks a parsed document.
  /// - Parameter doc: the libxml2 document (must outlive the page: runs point into it).
  init(doc: htmlDocPtr) {
    var walker = HTMLPageWalker()
    walker.walk(doc)
    self = walker.page
  }

  /// Creates an empty page.
  init() {}
}

/// The iterative tree walk that fills an ``HTMLPage``.
private struct HTMLPageWalker {
  var page = HTMLPage()
  var stack: [Int32] = []
  var blockStack: [Int32] = []
  var linkDepth = 0
  var pendingBreak = false
  var pendingSpace = false
  var lowerScratch: [UInt8] = []

  mutating func walk(_ doc: htmlDocPtr) {
    page.tags.reserveCapacity(1024)
    page.runs.reserveCapacity(1024)
    var node: xmlNodePtr? = doc.pointee.children
    while let current = node {
      var descend = false
      switch current.pointee.type {
      case XML_ELEMENT_NODE: descend = enter(current)
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: text(current)
      default: break
      }
      if descend, let child = current.pointee.children {
        node = child
        continue
      }
      if descend { exit(current) }
      // Climb until a next sibling exists.
      var up: xmlNodePtr? = current
      node = nil
      while let u = up {
        if let next = u.pointee.next {
          node = next
          break
        }
        guard let parent = u.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { break }
        exit(parent)
        up = parent
      }
    }
    while !stack.isEmpty { closeTop() }
  }

  /// Records an element; returns whether to descend into it (and later call `exit`).
  mutating func enter(_ node: xmlNodePtr) -> Bool {
    guard let name = node.pointee.name else { return false }
    let tag = HTMLTag.classify(name)
    var classValue: UnsafePointer<UInt8>? = nil
    var idValue: UnsafePointer<UInt8>? = nil
    var roleIsChrome = false
    var hidden = false
    var articleBody = false
    var attr = node.pointee.properties
    while let a = attr {
      if let an = a.pointee.name, let v = a.pointee.children?.pointee.content {
        let value = UnsafePointer(v)
        switch an[0] {
        case UInt8(ascii: "c"): if CBytes.equal(an, "class") { classValue = value }
        case UInt8(ascii: "i"):
          if an[1] == UInt8(ascii: "d"), an[2] == 0 {
            idValue = value
          } else if CBytes.equal(an, "itemprop"), CBytes.contains(value, "articlebody") {
            articleBody = true
          }
        case UInt8(ascii: "r"):
          if CBytes.equal(an, "role") { roleIsChrome = Self.isChromeRole(value) }
        case UInt8(ascii: "h"): if CBytes.equal(an, "hidden") { hidden = true }
        case UInt8(ascii: "s"):
          if CBytes.equal(an, "style"), Self.isDisplayNone(value) { hidden = true }
        case UInt8(ascii: "a"):
          if CBytes.equal(an, "aria-hidden"), CBytes.equalIgnoringCase(value, "true") { hidden = true }
        default: break
        }
      } else if let an = a.pointee.name, CBytes.equal(an, "hidden") {
        hidden = true
      }
      attr = a.pointee.next
    }
    page.metadata.observe(node: node, tag: tag)
    if tag.isSkipped || tag == .title || hidden { return false }
    if tag == .br || tag == .hr {
      pendingBreak = true
      return false
    }

    let index = Int32(page.tags.count)
    let parent = stack.last ?? -1
    if parent >= 0, tag.isParagraphBreaking { page.flags[Int(parent)].insert(.hasBlockChild) }
    var f: HTMLPage.Flags = []
    var weight: Int16 = 0
    var classHash: UInt64 = 0
    if classValue != nil || idValue != nil {
      let hints = hintsOf(classValue, idValue)
      weight = hints.weight
      if hints.unlikely { f.insert(.unlikely) }
      if let c = classValue { classHash = Self.fnv(c) }
    }
    if roleIsChrome { f.insert(.chromeRole) }
    if articleBody { f.insert(.articleBodyProp) }
    page.tags.append(tag)
    page.parents.append(parent)
    page.ends.append(index + 1)
    page.runStarts.append(Int32(page.runs.count))
    page.runEnds.append(Int32(page.runs.count))
    page.weights.append(weight)
    page.flags.append(f)
    page.classHashes.append(classHash)
    stack.append(index)
    if tag.isBlock {
      pendingBreak = true
      blockStack.append(index)
    }
    if tag == .a { linkDepth += 1 }
    return true
  }

  mutating func exit(_ node: xmlNodePtr) {
    // Elements that were not descended into were never pushed; only pop what `enter` pushed for this node.
    guard !stack.isEmpty else { return }
    closeTop()
  }

  mutating func closeTop() {
    let index = Int(stack.removeLast())
    page.ends[index] = Int32(page.tags.count)
    page.runEnds[index] = Int32(page.runs.count)
    let tag = page.tags[index]
    if tag.isBlock {
      pendingBreak = true
      if blockStack.last == Int32(index) { blockStack.removeLast() }
    }
    if tag == .a { linkDepth -= 1 }
  }

  mutating func text(_ node: xmlNodePtr) {
    appendRun(node)
  }

  mutating func appendRun(_ node: xmlNodePtr) {
    guard let raw = node.pointee.content else { return }
    let p = UnsafePointer(raw)
    let n = CBytes.strlenU(p)
    var start = 0
    while start < n, Self.isSpace(p[start]) { start += 1 }
    if start == n {
      if n > 0 { pendingSpace = true }
      return
    }
    var end = n
    while end > start, Self.isSpace(p[end - 1]) { end -= 1 }
    let owner = stack.last ?? -1
    let block = blockStack.last ?? -1
    let line = Int32(xmlGetLineNo(node))
    page.runs.append(
      HTMLTextRun(
        base: p + start, count: Int32(end - start), owner: owner, block: block, line: max(0, line),
        breakBefore: pendingBreak, spaceBefore: pendingSpace || start > 0, inLink: linkDepth > 0))
    pendingBreak = false
    pendingSpace = end < n
  }

  func hintsOf(_ classValue: UnsafePointer<UInt8>?, _ idValue: UnsafePointer<UInt8>?) -> ClassHints {
    var c: [UInt8] = []
    var i: [UInt8] = []
    if let v = classValue { c = Self.lowered(v) }
    if let v = idValue { i = Self.lowered(v) }
    return c.withUnsafeBufferPointer { cb in
      i.withUnsafeBufferPointer { ib in ClassHints.of(classBytes: cb, idBytes: ib) }
    }
  }

  static func lowered(_ p: UnsafePointer<UInt8>) -> [UInt8] {
    let n = min(CBytes.strlenU(p), 512)
    var out = [UInt8](repeating: 0, count: n)
    for k in 0..<n {
      let b = p[k]
      out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
    return out
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
