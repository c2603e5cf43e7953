/// Extracts HTML and XHTML pages: one document per file with title, headings, main-content body, boilerplate
/// (page chrome, kept for low-weight indexing), metadata, source anchors and parser diagnostics.
///
/// The charset is chosen by ``HTMLCharset``, the page is parsed by libxml2 in recover mode without network
/// (``HTMLParser``), flattened from SAX events (``HTMLPage``: no tree, so deep nesting cannot overflow the stack) and
/// split into article and chrome by ``MainContentSelector``.
struct HTMLExtractor {
  var options: ExtractOptions
  /// Whether attributes extraction never reads are blanked before parsing (off only to compare results in tests).
  var blanksUnusedAttributes = true
  /// Whether pages are compacted instead (``HTMLCompactor``: unread attributes removed, text runs replaced by
  /// placeholders and read back from the original; fewer instructions in libxml2). Checked against the blanked
  /// parse by `HTMLCompactorTests.randomPagesParseTheSameAsBlanked`.
  var compactsPages = true

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
      return repaired.withUnsafeBufferPointer { source in
        var result = prepared(source) { parsed, map in
          extract(parsing: parsed, compaction: map, source: source, encoding: "UTF-8", path: path, diagnostics)
        }
        // Positions were counted in the repaired text: move them to the file's bytes.
        for d in result.documents.indices {
          result.documents[d].sourceMap = result.documents[d].sourceMap.movedToOriginal(
            body: result.documents[d].body, repaired: source, original: bytes)
        }
        return result
      }
    }
    // A UTF-8 BOM: parse what follows as UTF-8 explicitly, so a contradicting <meta charset> cannot switch it.
    if charset.source == .byteOrderMark, bytes.count >= 3, bytes[0] == 0xEF {
      return prepared(UnsafeBufferPointer(rebasing: bytes[3...])) { parsed, map in
        extract(
          parsing: parsed, compaction: map, source: bytes, sourceOffsetBias: 3, encoding: "UTF-8", path: path,
          diagnostics)
      }
    }
    // windows-1252 is transcoded here: iconv rejects its five unassigned bytes and libxml2 would stop there.
    if charset.encoding == "windows-1252" {
      return HTMLCharset.windows1252ToUTF8(bytes).withUnsafeBufferPointer { utf8 in
        prepared(utf8) { parsed, map in
          extract(
            parsing: parsed, compaction: map, source: bytes, sourceIsUTF8: false, encoding: "UTF-8", path: path,
            diagnostics)
        }
      }
    }
    // Other legacy encodings: iconv here, so that a bad byte costs one U+FFFD rather than the rest of the page.
    if let encoding = charset.encoding, encoding != "UTF-8",
      let converted = HTMLTranscoder.toUTF8(bytes, from: encoding)
    {
      if let bad = converted.firstInvalid {
        let pos = UTF8Validation.lineAndColumn(of: bad, in: bytes)
        diagnostics.append(
          Diagnostic(
            path: path, line: pos.line, column: pos.column, severity: .warning,
            message:
              "byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) is not valid \(encoding); replaced with U+FFFD"
          ))
      }
      return converted.utf8.withUnsafeBufferPointer { utf8 in
        prepared(utf8) { parsed, map in
          extract(
            parsing: parsed, compaction: map, source: bytes, sourceIsUTF8: false, encoding: "UTF-8", path: path,
            diagnostics)
        }
      }
    }
    if charset.encoding == "UTF-8", blanksUnusedAttributes {
      return prepared(bytes) { parsed, map in
        extract(parsing: parsed, compaction: map, source: bytes, encoding: "UTF-8", path: path, diagnostics)
      }
    }
    return extract(parsing: bytes, source: bytes, encoding: charset.encoding, path: path, diagnostics)
  }

  /// Runs `body` with the UTF-8 bytes to parse: compacted (``HTMLCompactor``), with the map back to `utf8`, when
  /// that is on; else with unused attributes blanked when that is on; else `utf8` itself.
  private func prepared<R>(
    _ utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, CompactionMap?) -> R
  ) -> R {
    guard blanksUnusedAttributes else { return body(utf8, nil) }
    guard compactsPages else {
      var blanked = Array(utf8)
      blanked.withUnsafeMutableBufferPointer { UnusedAttributeBlanker.blank($0) }
      return blanked.withUnsafeBufferPointer { body($0, nil) }
    }
    let compacted = HTMLCompactor.compact(utf8)
    return compacted.bytes.withUnsafeBufferPointer { parsed in
      compacted.edits.withUnsafeBufferPointer { body(parsed, CompactionMap(source: utf8, edits: $0)) }
    }
  }

  /// Parses `parsing` (in `encoding`) and builds the document; anchors point into `source`, the file.
  private func extract(
    parsing content: UnsafeBufferPointer<UInt8>, compaction: CompactionMap? = nil,
    source bytes: UnsafeBufferPointer<UInt8>, sourceOffsetBias: Int = 0,
    sourceIsUTF8: Bool? = nil, encoding: String?, path: String, _ earlier: [Diagnostic]
  ) -> ExtractionResult {
    let (page, parseDiagnostics) = HTMLParser.parse(
      content, encoding: encoding, path: path, compaction: compaction)
    var doc = Document(id: path, path: path, kind: .html, diagnostics: earlier + parseDiagnostics)
    let selected: [Bool] =
      options.mainContent ? MainContentSelector(page: page).select() : [Bool](repeating: true, count: page.runs.count)
    var text = HTMLTextAssembler(page: page)
    text.assemble(
      selected: selected, source: bytes, sourceIsUTF8: sourceIsUTF8 ?? (encoding == "UTF-8"),
      sourceOffsetBias: sourceOffsetBias)
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
      let (page, _) = HTMLParser.parse(content, encoding: "UTF-8", path: "", maxDiagnostics: 0)
      var text = HTMLTextAssembler(page: page)
      text.assemble(selected: [Bool](repeating: true, count: page.runs.count), source: nil, sourceIsUTF8: true)
      return text.body
    }
  }
}
