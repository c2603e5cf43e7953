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
    // The streaming reader stops at the first well-formedness error: recover what a tree parse can.
    guard let recovering = XMLStreamReader(recovering: bytes, path: path) else { return streamed }
    let recovered = extract(recovering, bytes, sourceIsUTF8, path: path)
    return recovered.documents.isEmpty && !streamed.documents.isEmpty ? streamed : recovered
  }

  private func extract(
    _ reader: XMLStreamReader, _ bytes: UnsafeBufferPointer<UInt8>, _ sourceIsUTF8: Bool, path: String
  ) -> ExtractionResult {
    var locator = SourceLocator(source: bytes, sourceIsUTF8: sourceIsUTF8)
    while reader.read() {
      guard reader.nodeType == .element else { continue }
      let name = reader.localName
      if name == "rss" || name == "RDF" || name == "channel" {
        return FeedExtractor(path: path, isAtom: false).extract(reader, &locator)
      }
      if name == "feed" && (reader.namespaceURI.contains("Atom") || reader.namespaceURI.isEmpty) {
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
