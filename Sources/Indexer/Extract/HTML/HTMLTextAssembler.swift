/// Joins a page's text runs into the body (selected runs, with source anchors) and the boilerplate (the rest),
/// and collects the h1-h3 headings.
///
/// Runs are separated by a newline where a block boundary lies between them, by a space where whitespace did,
/// and by nothing otherwise (`foo<b>bar</b>` stays one word). Text inside a run is kept byte for byte, so between
/// two anchors body bytes follow the source (except where the source used entities).
struct HTMLTextAssembler {
  let page: HTMLPage
  private(set) var body = ""
  private(set) var boilerplate = ""
  private(set) var anchors: [SourceMap.Anchor] = []
  private(set) var headings: [String] = []

  init(page: HTMLPage) {
    self.page = page
  }

  /// Builds the texts.
  /// - Parameters:
  ///   - selected: per run, whether it belongs to the body.
  ///   - source: the raw page for anchors, or nil for none.
  ///   - sourceIsUTF8: whether the raw page is UTF-8.
  ///   - sourceOffsetBias: what to add to the parser's input offsets to get file offsets (a skipped BOM).
  mutating func assemble(
    selected: [Bool], source: UnsafeBufferPointer<UInt8>?, sourceIsUTF8: Bool, sourceOffsetBias: Int = 0
  ) {
    var bodyBytes: [UInt8] = []
    var chromeBytes: [UInt8] = []
    var total = 0
    for run in page.runs { total += Int(run.count) + 1 }
    bodyBytes.reserveCapacity(total)
    var finder = source.map { SourceAnchorFinder(source: $0, sourceIsUTF8: sourceIsUTF8) }
    var bodyBreak = false
    var bodySpace = false
    var chromeBreak = false
    var chromeSpace = false
    var heading: [UInt8] = []
    var headingBlock: Int32 = -1
    for (r, run) in page.runs.enumerated() {
      let text = UnsafeBufferPointer(start: run.base, count: Int(run.count))
      // Headings: consecutive runs of one h1-h3 block.
      let isHeading = run.block >= 0 && Self.isTopHeading(page.tags[Int(run.block)])
      if isHeading {
        if run.block != headingBlock {
          flushHeading(&heading)
          headingBlock = run.block
        } else if run.spaceBefore || run.breakBefore {
          heading.append(0x20)
        }
        heading.append(contentsOf: text)
      } else if headingBlock >= 0 {
        flushHeading(&heading)
        headingBlock = -1
      }
      bodyBreak = bodyBreak || run.breakBefore
      bodySpace = bodySpace || run.spaceBefore
      chromeBreak = chromeBreak || run.breakBefore
      chromeSpace = chromeSpace || run.spaceBefore
      if selected[r] {
        if !bodyBytes.isEmpty {
          if bodyBreak { bodyBytes.append(0x0A) } else if bodySpace { bodyBytes.append(0x20) }
        }
        if finder != nil {
          let known = run.sourceOffset >= 0 ? Int(run.sourceOffset) + sourceOffsetBias : -1
          let pos = finder!.locate(text, nodeLine: Int(run.line), knownOffset: known)
          anchors.append(
            SourceMap.Anchor(bodyOffset: bodyBytes.count, line: pos.line, column: pos.column, utf16Column: pos.utf16))
        }
        bodyBytes.append(contentsOf: text)
        bodyBreak = false
        bodySpace = false
      } else {
        if !chromeBytes.isEmpty {
          if chromeBreak { chromeBytes.append(0x0A) } else if chromeSpace { chromeBytes.append(0x20) }
        }
        chromeBytes.append(contentsOf: text)
        chromeBreak = false
        chromeSpace = false
      }
    }
    flushHeading(&heading)
    body = bodyBytes.withUnsafeBufferPointer { MostlyASCIIString.decode($0) }
    boilerplate = chromeBytes.withUnsafeBufferPointer { MostlyASCIIString.decode($0) }
  }

  private mutating func flushHeading(_ heading: inout [UInt8]) {
    if !heading.isEmpty {
      let h = heading.withUnsafeBufferPointer { CBytes.collapse($0) }
      if !h.isEmpty { headings.append(h) }
    }
    heading.removeAll(keepingCapacity: true)
  }

  private static func isTopHeading(_ tag: HTMLTag) -> Bool {
    tag == .h1 || tag == .h2 || tag == .h3
  }
}
