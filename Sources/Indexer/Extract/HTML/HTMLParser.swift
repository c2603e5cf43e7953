import CLibXML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libxml2 must be initialized once before documents are parsed concurrently.
private let libxmlInitialized: Bool = {
  xmlInitParser()
  return true
}()

/// Collects libxml2's structured errors for one parse, up to a cap.
private final class ParseErrorCollector {
  let path: String
  let cap: Int
  var diagnostics: [Diagnostic] = []
  var dropped = 0
  /// On a compacted page: the context, the bytes parsed and the map, to give columns of the original.
  var context: htmlParserCtxtPtr?
  var parsed: UnsafeBufferPointer<UInt8>?
  var compaction: CompactionMap?
  /// Sums of the column deltas of the first k edits, made on the first diagnostic on a line with many edits.
  private var columnPrefix: [Int] = []

  init(path: String, cap: Int) {
    self.path = path
    self.cap = cap
  }

  func add(_ error: xmlErrorPtr) {
    // libxml2 2.9 knows HTML 4 only: every HTML5 element (nav, section...) would be "Tag nav invalid".
    if error.pointee.code == XML_HTML_UNKNOWN_TAG.rawValue { return }
    if diagnostics.count >= cap {
      dropped += 1
      return
    }
    let e = error.pointee
    let severity: Diagnostic.Severity
    switch e.level {
    case XML_ERR_WARNING: severity = .warning
    case XML_ERR_FATAL: severity = .fatal
    default: severity = .error
    }
    var message = e.message.map { String(cString: $0) } ?? "HTML parse error \(e.code)"
    while let last = message.last, last == "\n" || last == " " { message.removeLast() }
    diagnostics.append(
      Diagnostic(path: path, line: Int(e.line), column: originalColumn(e), severity: severity, message: message))
  }

  /// libxml2 counts columns on the bytes it parses; on a compacted page add what was left out of the line
  /// before the error position (the parser's current position, where libxml2 took line and column from).
  private func originalColumn(_ e: xmlError) -> Int {
    let column = Int(e.int2)
    guard column > 0, let map = compaction, let parsed, let base = parsed.baseAddress,
      let input = context?.pointee.input, let cur = input.pointee.cur, let inputBase = input.pointee.base,
      Int(input.pointee.line) == Int(e.line)
    else { return column }
    let position = min(parsed.count, max(0, Int(input.pointee.consumed) + (cur - inputBase)))
    var lineStart = position
    while lineStart > 0, base[lineStart - 1] != 0x0A { lineStart -= 1 }
    // Edits from the line start up to the position; a removal at the position itself counts too (the removed
    // bytes came before the byte libxml2 stopped at: `<td politics/party="x">` loses `politics` before `/`).
    let first = map.editCount(before: lineStart)
    var last = map.editCount(before: position)
    if last < map.edits.count, Int(map.edits[last].compact) == position, !map.edits[last].isPlaceholder { last += 1 }
    // Few edits on the line (the usual case): sum them; many (a page on one line): prefix sums made once.
    if columnPrefix.isEmpty, last - first <= 64 {
      var delta = 0
      for k in first..<last { delta += map.columnDelta(ofEdit: k) }
      return column + delta
    }
    if columnPrefix.isEmpty {
      columnPrefix.reserveCapacity(map.edits.count + 1)
      columnPrefix.append(0)
      for k in 0..<map.edits.count { columnPrefix.append(columnPrefix[k] + map.columnDelta(ofEdit: k)) }
    }
    return column + columnPrefix[last] - columnPrefix[first]
  }
}

/// Parses HTML with libxml2's HTML parser in recover mode, without network, one context per call, feeding SAX
/// events to an ``HTMLPageBuilder`` (no tree is built), and turns libxml2's structured errors into diagnostics.
enum HTMLParser {
  /// Parser options: recover, no network, no stderr output, large text allowed (the file-size cap bounds input);
  /// never entity substitution.
  static let options = Int32(
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
      | HTML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue)

  /// Parses a page.
  /// - Parameters:
  ///   - bytes: the page.
  ///   - encoding: the encoding name for libxml2, nil to let it detect a BOM.
  ///   - path: the file, for diagnostics.
  ///   - maxDiagnostics: how many problems to report before only counting them.
  /// - Returns: the flattened page and the diagnostics.
  ///   - compaction: when `bytes` were compacted by ``HTMLCompactor``, the map back to the original page, whose
  ///     text and columns are then reported.
  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, path: String, maxDiagnostics: Int = 20,
    compaction: CompactionMap? = nil
  )
    -> (HTMLPage, [Diagnostic])
  {
    _ = libxmlInitialized
    guard let ctxt = htmlNewParserCtxt() else {
      return (
        HTMLPage(), [Diagnostic(path: path, severity: .fatal, message: "cannot create an HTML parser (out of memory?)")]
      )
    }
    defer { htmlFreeParserCtxt(ctxt) }
    let builder = HTMLPageBuilder(expectedSize: bytes.count)
    builder.state.pointee.context = ctxt
    builder.state.pointee.parsedInput = bytes
    builder.state.pointee.freezesInput = encoding == "UTF-8"
    ctxt.pointee.sax.pointee = HTMLPageBuilder.makeHandler()
    let collector = ParseErrorCollector(path: path, cap: maxDiagnostics)
    if let compaction, !compaction.isEmpty {
      builder.state.pointee.compaction = compaction
      collector.compaction = compaction
      collector.context = ctxt
      collector.parsed = bytes
    }
    withExtendedLifetime((collector, builder)) {
      ctxt.pointee._private = UnsafeMutableRawPointer(builder.state)
      let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<ParseErrorCollector>.fromOpaque(userData).takeUnretainedValue().add(error)
      }
      xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), handler)
      defer { xmlSetStructuredErrorFunc(nil, nil) }
      let doc: htmlDocPtr? = bytes.withMemoryRebound(to: CChar.self) { chars in
        if let base = chars.baseAddress, chars.count > 0 {
          return htmlCtxtReadMemory(ctxt, base, Int32(chars.count), nil, encoding, options)
        }
        return htmlCtxtReadMemory(ctxt, " ", 1, nil, "UTF-8", options)
      }
      // The SAX handler builds no tree; free one should a libxml2 version build it anyway.
      if let doc { xmlFreeDoc(doc) }
      ctxt.pointee._private = nil
    }
    builder.state.pointee.context = nil
    builder.state.pointee.compaction = nil
    builder.state.pointee.parsedInput = nil
    collector.context = nil
    var diagnostics = collector.diagnostics
    if collector.dropped > 0 {
      diagnostics.append(
        Diagnostic(path: path, severity: .warning, message: "\(collector.dropped) more HTML problems not shown"))
    }
    return (builder.finish(), diagnostics)
  }
}
