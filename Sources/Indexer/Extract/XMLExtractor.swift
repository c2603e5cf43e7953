/// Extracts XML files: RSS and Atom feeds (one document per item or entry), SGML collections such as
/// Reuters-21578 (one document per record), and any other XML (DocBook, JATS, generic: one document).
///
/// XML is streamed with libxml2's `xmlTextReader` in recover mode without network, entity substitution, DTD
/// loading or XInclude, so XXE, billion-laughs and quadratic blow-up input yield no file content and no expansion.
struct XMLExtractor {
  var options: ExtractOptions

  /// Extracts the documents of an XML file.
  /// - Parameters:
  ///   - bytes: the file content.
  ///   - path: the file path (ids are the path, or `path#key` for feed items and collection records).
  /// - Returns: the documents; parser problems become diagnostics (at most 20 per file).
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    if SGMLCollectionExtractor.looksLikeCollection(bytes) {
      return SGMLCollectionExtractor().extract(bytes, path: path)
    }
    guard let reader = XMLStreamReader(bytes, path: path) else {
      return ExtractionResult(path: path, skipped: "cannot open an XML reader (file too large for libxml2?)")
    }
    let sourceIsUTF8 = UTF8Validation.isValid(bytes)
    let streamed = extract(reader, bytes, sourceIsUTF8, path: path)
    if !reader.failed { return streamed }
    // Undeclared HTML entities (`&nbsp;` in feeds) stop the parser: rewrite them as character references.
    if let repaired = XMLEntityRepair.rewrite(bytes) {
      return repaired.bytes.withUnsafeBufferPointer { fixed in
        var result = recover(fixed, source: bytes, sourceIsUTF8, path: path)
        if result.skipped != nil || result.documents.count < streamed.documents.count { return streamed }
        let note = Diagnostic(
          path: path, severity: .warning,
          message: "\(repaired.count) undeclared HTML entity references read as characters")
        let undefined = reader.sink.all.filter { $0.message.hasSuffix("not defined") }.prefix(5).map {
          Diagnostic(
            path: $0.path, line: $0.line, column: $0.column, severity: .warning,
            message: $0.message + "; read as the HTML character")
        }
        result.attachXMLDiagnostics(undefined + [note])
        return result
      }
    }
    let recovered = recover(bytes, source: bytes, sourceIsUTF8, path: path)
    if recovered.skipped != nil || recovered.documents.count < streamed.documents.count { return streamed }
    return recovered
  }

  /// Streams `bytes` again (when they were repaired), else falls back to a tree parse in recover mode: the
  /// streaming reader stops at the first well-formedness error.
  private func recover(
    _ bytes: UnsafeBufferPointer<UInt8>, source: UnsafeBufferPointer<UInt8>, _ sourceIsUTF8: Bool, path: String
  ) -> ExtractionResult {
    var streamed: ExtractionResult?
    if bytes.baseAddress != source.baseAddress, let reader = XMLStreamReader(bytes, path: path) {
      let result = extract(reader, source, sourceIsUTF8, path: path)
      if !reader.failed { return result }
      streamed = result
    }
    guard let recovering = XMLStreamReader(recovering: bytes, path: path) else {
      return streamed ?? ExtractionResult(path: path, skipped: "cannot parse the XML")
    }
    let recovered = extract(recovering, source, sourceIsUTF8, path: path)
    if let streamed, streamed.documents.count > recovered.documents.count { return streamed }
    return recovered
  }

  /// Extracts from a reader; `bytes` is the original source (for locating text).
  private func extract(
    _ reader: XMLStreamReader, _ bytes: UnsafeBufferPointer<UInt8>, _ sourceIsUTF8: Bool, path: String
  ) -> ExtractionResult {
    var locator = XMLSourceLocator(source: bytes, sourceIsUTF8: sourceIsUTF8)
    while reader.read() {
      guard reader.nodeType == .element else { continue }
      let name = reader.localName
      if name == "rss" || name == "RDF" || name == "channel" {
        return FeedExtractor(path: path, isAtom: false).extract(reader, &locator)
      }
      let ns = reader.namespaceURI
      if name == "feed" && (ns.isEmpty || ns == "http://www.w3.org/2005/Atom" || ns.hasPrefix("http://purl.org/atom")) {
        return FeedExtractor(path: path, isAtom: true).extract(reader, &locator)
      }
      return StructuredXMLExtractor(path: path).extract(reader, &locator)
    }
    var diagnostics = reader.sink.all
    if diagnostics.isEmpty {
      diagnostics.append(Diagnostic(path: path, severity: .error, message: "no XML element found"))
    }
    return ExtractionResult(path: path, diagnostics: diagnostics)
  }
}

extension ExtractionResult {
  /// Adds diagnostics to the single document of a one-document result, else to the file-level list.
  mutating func attachXMLDiagnostics(_ extra: [Diagnostic]) {
    if documents.count == 1 && documents[0].kind == .xml {
      documents[0].diagnostics.insert(contentsOf: extra, at: 0)
    } else {
      diagnostics.insert(contentsOf: extra, at: 0)
    }
  }
}
