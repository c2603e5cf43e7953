import CLibXML

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
      Diagnostic(path: path, line: Int(e.line), column: Int(e.int2), severity: severity, message: message))
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
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, path: String, maxDiagnostics: Int = 20)
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
    ctxt.pointee.sax.pointee = HTMLPageBuilder.makeHandler()
    let collector = ParseErrorCollector(path: path, cap: maxDiagnostics)
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
    var diagnostics = collector.diagnostics
    if collector.dropped > 0 {
      diagnostics.append(
        Diagnostic(path: path, severity: .warning, message: "\(collector.dropped) more HTML problems not shown"))
    }
    return (builder.finish(), diagnostics)
  }
}
