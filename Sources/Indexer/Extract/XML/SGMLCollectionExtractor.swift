/// Splits an SGML collection of repeated records (Reuters-21578's `<REUTERS>`) into one document per record.
///
/// The collection is not well-formed XML (no root element, control-character references, a stray non-UTF-8
/// byte), so records are split by a byte-level scanner and their text decoded here: entities and character
/// references resolved, control characters dropped, invalid bytes read as windows-1252 with a diagnostic.
struct SGMLCollectionExtractor {
  /// Whether the bytes look like a Reuters-style SGML collection (`<!DOCTYPE lewis` or repeated `<REUTERS` records).
  /// - Parameter bytes: the file content.
  /// - Returns: true to extract it with this type.
  static func looksLikeCollection(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let head = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 1 << 16)])
    let text = SGMLText(bytes: head)
    if text.find("<!DOCTYPE lewis", from: 0, to: min(head.count, 4096)) != nil { return true }
    guard let first = text.find("<REUTERS", from: 0, to: head.count) else { return false }
    return text.find("<REUTERS", from: first + 8, to: head.count) != nil
  }

  /// Extracts every record.
  /// - Parameters:
  ///   - bytes: the collection.
  ///   - path: the file (ids are `path#NEWID`).
  /// - Returns: one `.sgml` document per record.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    let text = SGMLText(bytes: bytes)
    var locator = XMLSourceLocator(source: bytes, sourceIsUTF8: false)
    var documents: [Document] = []
    var fileDiagnostics: [Diagnostic] = []
    var at = 0
    var index = 0
    while let start = text.find("<REUTERS", from: at, to: bytes.count) {
      index += 1
      guard let tagEnd = text.find(">", from: start, to: bytes.count) else { break }
      let tag = start..<(tagEnd + 1)
      var end = text.find("</REUTERS>", from: tagEnd, to: bytes.count)
      if let e = end, let next = text.find("<REUTERS", from: tagEnd, to: e) { end = next }
      if end == nil {
        let pos = locator.position(at: start)
        fileDiagnostics.append(
          Diagnostic(
            path: path, line: pos.line, column: pos.column, severity: .error,
            message: "record \(index) has no </REUTERS>; read to the end of the file"))
      }
      let recordEnd = end ?? bytes.count
      documents.append(record(text, tag: tag, range: tag.upperBound..<recordEnd, index: index, path: path, &locator))
      at = recordEnd
    }
    if documents.isEmpty {
      fileDiagnostics.append(Diagnostic(path: path, severity: .error, message: "no <REUTERS> records found"))
    }
    return ExtractionResult(path: path, documents: documents, diagnostics: fileDiagnostics)
  }

  private func record(
    _ text: SGMLText, tag: Range<Int>, range: Range<Int>, index: Int, path: String, _ locator: inout XMLSourceLocator
  ) -> Document {
    let key = text.attribute("NEWID", in: tag) ?? String(index)
    var doc = Document(id: path + "#" + key, path: path, kind: .sgml)
    for (name, value) in [
      ("oldid", text.attribute("OLDID", in: tag)), ("lewissplit", text.attribute("LEWISSPLIT", in: tag)),
      ("cgisplit", text.attribute("CGISPLIT", in: tag)), ("topics_attr", text.attribute("TOPICS", in: tag)),
    ] {
      if let value, !value.isEmpty { doc.metadata[name] = value }
    }
    if let date = text.element("<DATE", "</DATE>", from: range.lowerBound, to: range.upperBound) {
      doc.date = XMLDates.reuters(bytes: UnsafeBufferPointer(rebasing: text.bytes[date.content])) ?? ""
      if doc.date.isEmpty {
        let raw = XMLBodyBuilder.collapse(text.plain(date.content))
        if !raw.isEmpty { doc.metadata["date_raw"] = raw }
      }
    }
    let lists: [(StaticString, StaticString, String)] = [
      ("<TOPICS", "</TOPICS>", "topics"), ("<PLACES", "</PLACES>", "places"), ("<PEOPLE", "</PEOPLE>", "people"),
      ("<ORGS", "</ORGS>", "orgs"), ("<EXCHANGES", "</EXCHANGES>", "exchanges"),
      ("<COMPANIES", "</COMPANIES>", "companies"),
    ]
    for (open, close, name) in lists {
      if let list = text.element(open, close, from: range.lowerBound, to: range.upperBound) {
        let items = text.items(in: list.content)
        if !items.isEmpty { doc.metadata[name] = items.joined(separator: ",") }
      }
    }
    guard let body = text.element("<TEXT", "</TEXT>", from: range.lowerBound, to: range.upperBound) else { return doc }
    let inner = body.content
    if let title = text.element("<TITLE", "</TITLE>", from: inner.lowerBound, to: inner.upperBound) {
      doc.title = XMLBodyBuilder.collapse(text.plain(title.content))
    }
    if let author = text.element("<AUTHOR", "</AUTHOR>", from: inner.lowerBound, to: inner.upperBound) {
      doc.author = XMLBodyBuilder.collapse(text.plain(author.content))
    }
    if let dateline = text.element("<DATELINE", "</DATELINE>", from: inner.lowerBound, to: inner.upperBound) {
      var d = XMLBodyBuilder.collapse(text.plain(dateline.content))
      while let last = d.last, last == "-" || last == " " { d.removeLast() }
      if !d.isEmpty { doc.metadata["dateline"] = d }
    }
    if let bodyElement = text.element("<BODY", "</BODY>", from: inner.lowerBound, to: inner.upperBound) {
      let (t, map, _) = decodeRun(text, bodyElement.content, &locator)
      doc.body = t
      doc.sourceMap = map
    } else if text.attribute("TYPE", in: body.tag) == "UNPROC" {
      // Unprocessed stories have no <BODY>: keep their text (indexed with low weight) rather than drop it.
      doc.boilerplate = text.plain(inner).trimmingCharacters(in: " \t\n")
    }
    reportInvalidBytes(text, range, path: path, &doc, &locator)
    return doc
  }

  /// Adds a diagnostic for each byte of the record that is not valid UTF-8 (at most 20 per record).
  private func reportInvalidBytes(
    _ text: SGMLText, _ range: Range<Int>, path: String, _ doc: inout Document, _ locator: inout XMLSourceLocator
  ) {
    var i = range.lowerBound
    while i < range.upperBound {
      let b = text.bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length = UTF8Validation.sequenceLength(text.bytes, at: i, end: range.upperBound)
      if length > 0 {
        i += length
        continue
      }
      if doc.diagnostics.count < 20 {
        let pos = locator.position(at: i)
        doc.diagnostics.append(
          Diagnostic(
            path: path, line: pos.line, column: pos.column, severity: .warning,
            message: "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true)); "
              + "read as windows-1252 '\(Character(SGMLText.windows1252(b)))'"))
      }
      i += 1
    }
  }

  /// Decodes a text run with source-map anchors at its start and after every reference or dropped byte.
  private func decodeRun(_ text: SGMLText, _ range: Range<Int>, _ locator: inout XMLSourceLocator)
    -> (String, SourceMap, [Int])
  {
    var start = range.lowerBound
    while start < range.upperBound && XMLBodyBuilder.isSpace(text.bytes[start]) { start += 1 }
    var out: [UInt8] = []
    var breaks: [(Int, Int)] = []
    var problems: [Int] = []
    text.decode(start..<range.upperBound, into: &out, breaks: &breaks, problems: &problems)
    while let last = out.last, XMLBodyBuilder.isSpace(last) { out.removeLast() }
    var anchors: [SourceMap.Anchor] = []
    if !out.isEmpty {
      let p = locator.position(at: start)
      anchors.append(SourceMap.Anchor(bodyOffset: 0, line: p.line, column: p.column, utf16Column: p.utf16Column))
      for (bodyOffset, sourceOffset) in breaks where bodyOffset < out.count {
        let q = locator.position(at: sourceOffset)
        if let last = anchors.last, last.bodyOffset == bodyOffset { anchors.removeLast() }
        anchors.append(
          SourceMap.Anchor(bodyOffset: bodyOffset, line: q.line, column: q.column, utf16Column: q.utf16Column))
      }
    }
    return (String(decoding: out, as: UTF8.self), SourceMap(anchors: anchors), problems)
  }
}
