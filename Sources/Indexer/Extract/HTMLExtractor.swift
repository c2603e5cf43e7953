import CLibXML

/// Extracts HTML and XHTML pages: one document per file with title, headings, main-content body, boilerplate
/// (page chrome, kept for low-weight indexing), metadata, source anchors and parser diagnostics.
///
/// The charset is chosen by ``HTMLCharset``, the page is parsed by libxml2 in recover mode without network
/// (``HTMLParser``), flattened by an iterative walk (``HTMLPage``: deep nesting cannot overflow the stack) and
/// split into article and chrome by ``MainContentSelector``.
struct HTMLExtractor {
  var options: ExtractOptions

  /// Extracts the document of an HTML file.
  /// - Parameters:
  ///   - bytes: the raw file content.
  ///   - path: the file (the document id).
  /// - Returns: one document; problems become diagnostics.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    var diagnostics: [Diagnostic] = []
    let charset = HTMLCharset.detect(bytes)
    // A page declared UTF-8 with invalid bytes: libxml2 would switch to Latin-1 midway; repair to U+FFFD first.
    var repaired: [UInt8]? = nil
    if charset.encoding == "UTF-8", charset.source == .declared, let bad = UTF8Validation.firstInvalidOffset(bytes) {
      let pos = UTF8Validation.lineAndColumn(of: bad, in: bytes)
      diagnostics.append(
        Diagnostic(
          path: path, line: pos.line, column: pos.column, severity: .warning,
          message: "invalid UTF-8 byte 0x\(String(bytes[bad], radix: 16, uppercase: true)); replaced with U+FFFD"))
      repaired = Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
    if let repaired {
      return repaired.withUnsafeBufferPointer { extract($0, encoding: charset.encoding, path: path, diagnostics) }
    }
    return extract(bytes, encoding: charset.encoding, path: path, diagnostics)
  }

  private func extract(
    _ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, path: String, _ earlier: [Diagnostic]
  ) -> ExtractionResult {
    let (parsed, parseDiagnostics) = HTMLParser.parse(bytes, encoding: encoding, path: path)
    var doc = Document(id: path, path: path, kind: .html, diagnostics: earlier + parseDiagnostics)
    guard let htmlDoc = parsed else {
      doc.diagnostics.append(Diagnostic(path: path, severity: .error, message: "no HTML content could be parsed"))
      return ExtractionResult(path: path, documents: [doc])
    }
    defer { xmlFreeDoc(htmlDoc) }
    let page = HTMLPage(doc: htmlDoc)
    let selected: [Bool] =
      options.mainContent ? MainContentSelector(page: page).select() : [Bool](repeating: true, count: page.runs.count)
    let sourceIsUTF8 = encoding == "UTF-8" || encoding == nil
    var text = HTMLTextAssembler(page: page)
    text.assemble(selected: selected, source: bytes, sourceIsUTF8: sourceIsUTF8)
    doc.body = text.body
    doc.boilerplate = text.boilerplate
    doc.sourceMap = SourceMap(anchors: text.anchors)
    doc.headings = text.headings
    let meta = page.metadata
    doc.title = meta.resolvedTitle
    doc.description = meta.resolvedDescription
    doc.author = meta.resolvedAuthor
    doc.date = meta.resolvedDate
    doc.url = meta.resolvedURL
    doc.lang = meta.resolvedLang
    return ExtractionResult(path: path, documents: [doc])
  }

  /// The visible text of an HTML fragment (a feed item's content): block boundaries become newlines, inline
  /// elements join words, scripts and styles are dropped. No main-content selection.
  /// - Parameter html: the fragment.
  /// - Returns: its text.
  static func text(ofFragment html: String) -> String {
    var bytes = Array(html.utf8)
    if bytes.isEmpty { return "" }
    bytes.append(0)
    return bytes.withUnsafeBufferPointer { buffer -> String in
      let content = UnsafeBufferPointer(rebasing: buffer[0..<(buffer.count - 1)])
      let (parsed, _) = HTMLParser.parse(content, encoding: "UTF-8", path: "", maxDiagnostics: 0)
      guard let doc = parsed else { return "" }
      defer { xmlFreeDoc(doc) }
      let page = HTMLPage(doc: doc)
      var text = HTMLTextAssembler(page: page)
      text.assemble(selected: [Bool](repeating: true, count: page.runs.count), source: nil, sourceIsUTF8: true)
      return text.body
    }
  }
}
