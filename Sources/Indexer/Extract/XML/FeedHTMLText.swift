import CLibXML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns HTML fragments (a feed item's description or content) into text runs: libxml2's HTML parser in recover
/// mode without network or error output, driven through SAX callbacks (no tree is built); script, style, noscript
/// and template skipped; block elements end a run, inline ones do not.
///
/// One parser context is reused for all fragments (a fresh context per fragment costs about as much as the parse);
/// use one instance per thread.
final class FeedHTMLText {
  /// Elements whose content is never text.
  private static let skipped: Set<String> = ["script", "style", "noscript", "template", "head", "iframe", "object"]

  private let context: htmlParserCtxtPtr?
  private var runs: [String] = []
  private var current: [UInt8] = []
  /// Per run, the byte offsets in it where text resumes after inline markup (`<strong>`, `</a>`).
  private var runSegments: [[Int]] = []
  private var segments: [Int] = []
  private var skipDepth = 0

  init() {
    _ = xmlLibraryReady
    context = htmlNewParserCtxt()
    guard let sax = context?.pointee.sax else { return }
    var handler = htmlSAXHandler()
    handler.initialized = 1
    handler._private = Unmanaged.passUnretained(self).toOpaque()
    handler.startElement = { ctx, name, _ in
      guard let me = FeedHTMLText.owner(ctx), let name else { return }
      me.start(String(cString: name))
    }
    handler.endElement = { ctx, name in
      guard let me = FeedHTMLText.owner(ctx), let name else { return }
      me.end(String(cString: name))
    }
    handler.characters = { ctx, ch, len in FeedHTMLText.owner(ctx)?.text(ch, len) }
    handler.cdataBlock = { ctx, ch, len in FeedHTMLText.owner(ctx)?.text(ch, len) }
    handler.ignorableWhitespace = { ctx, ch, len in FeedHTMLText.owner(ctx)?.text(ch, len) }
    sax.pointee = handler
  }

  deinit {
    if let context { htmlFreeParserCtxt(context) }
  }

  /// The extractor behind a SAX callback's context (the parser context, whose SAX handler points back to us).
  private static func owner(_ ctx: UnsafeMutableRawPointer?) -> FeedHTMLText? {
    guard let ctx else { return nil }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let sax = ctxt.pointee.sax, let me = sax.pointee._private else { return nil }
    return Unmanaged<FeedHTMLText>.fromOpaque(me).takeUnretainedValue()
  }

  private func start(_ name: String) {
    if skipDepth > 0 {
      skipDepth += 1
      return
    }
    if Self.skipped.contains(name) {
      skipDepth = 1
      return
    }
    if name == "br" {
      current.append(0x0A)
    } else if !XMLInlineElements.inline.contains(name) {
      endRun()
    } else {
      markSegment()
    }
  }

  /// Notes that the run's text goes on after inline markup here.
  private func markSegment() {
    if !current.isEmpty && segments.last != current.count { segments.append(current.count) }
  }

  private func end(_ name: String) {
    if skipDepth > 0 {
      skipDepth -= 1
      return
    }
    if name != "br" && !XMLInlineElements.inline.contains(name) {
      endRun()
    } else if name != "br" {
      markSegment()
    }
  }

  private func text(_ ch: UnsafePointer<xmlChar>?, _ len: Int32) {
    guard skipDepth == 0, let ch, len > 0 else { return }
    current.append(contentsOf: UnsafeBufferPointer(start: ch, count: Int(len)))
  }

  private func endRun() {
    if current.contains(where: { !XMLBodyBuilder.isSpace($0) }) {
      runs.append(String(decoding: current, as: UTF8.self))
      runSegments.append(segments.isEmpty ? [] : segments.filter { $0 < current.count })
    }
    current.removeAll(keepingCapacity: true)
    segments.removeAll(keepingCapacity: true)
  }

  /// The text runs of an HTML fragment, in order; each run is the text of one block with inline markup removed.
  /// - Parameter html: the fragment.
  /// - Returns: non-empty runs (white space inside a run kept as in the source).
  func runs(_ html: String) -> [String] {
    segmentedRuns(html).map(\.text)
  }

  /// The text runs of an HTML fragment, each with the byte offsets in it where text resumes after inline markup
  /// (so each such piece can be located in the source on its own).
  /// - Parameter html: the fragment.
  /// - Returns: non-empty runs with their segment starts (offsets after the run's first byte, ascending).
  func segmentedRuns(_ html: String) -> [(text: String, segmentStarts: [Int])] {
    if !html.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 }) {
      return XMLBodyBuilder.hasText(Substring(html)) ? [(html, [])] : []
    }
    guard let context else { return [(html, [])] }
    let options = Int32(
      bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
    runs = []
    runSegments = []
    current.removeAll(keepingCapacity: true)
    segments.removeAll(keepingCapacity: true)
    skipDepth = 0
    var text = html
    // 2.9.x reports HTML errors through the thread's structured handler even with NOERROR: silence it here.
    xmlSetStructuredErrorFunc(nil, { _, _ in })
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    let doc: htmlDocPtr? = text.withUTF8 { buffer in
      guard let base = buffer.baseAddress, buffer.count < Int(Int32.max) else { return nil }
      return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        htmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, "UTF-8", options)
      }
    }
    if let doc { xmlFreeDoc(doc) }
    endRun()
    let result = zip(runs, runSegments).map { (text: $0, segmentStarts: $1) }
    runs = []
    runSegments = []
    return result
  }
}
