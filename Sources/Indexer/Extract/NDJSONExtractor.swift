/// Extracts NDJSON files (`.jsonl`, `.ndjson`): one `.ndjson` document per line.
///
/// Each line is a JSON object with `id` (or `_id`), `title`, `text` (or `body`, `contents`, `content`) and
/// optional `url`, `date`, `author`, `lang`; other scalar fields (and arrays of scalars, comma-joined) are kept as
/// metadata. A bad line becomes a diagnostic naming its line and column; the rest of the file is still read.
struct NDJSONExtractor {
  /// The members read as the body, first present string wins (``ExternalBodyResolver`` decodes a record the same way).
  static let textKeys = ["text", "body", "contents", "content"]
  private static let known: Set<String> = [
    "id", "_id", "title", "text", "body", "contents", "content", "url", "date", "author", "lang",
  ]

  /// Extracts the documents of an NDJSON file.
  /// - Parameters:
  ///   - bytes: the file content.
  ///   - path: the file path (ids are `path#<record id>`, or `path#<line number>` without one).
  /// - Returns: one document per good line, diagnostics for the others (at most 20 shown).
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    var documents: [Document] = []
    let sink = XMLDiagnosticSink(path: path)
    var lineStart = 0
    var lineNumber = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { lineStart = 3 }
    while lineStart < bytes.count {
      lineNumber += 1
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      defer { lineStart = lineEnd + 1 }
      var end = lineEnd
      if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
      let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
      if line.allSatisfy({ XMLBodyBuilder.isSpace($0) }) { continue }
      let value: JSONValue
      do {
        value = try JSONValue.parse(line, maxDepth: 64)
      } catch let error as JSONValue.ParseError {
        sink.add(
          Diagnostic(
            path: path, line: lineNumber, column: error.offset + 1, severity: .error,
            message: "line \(lineNumber): \(error.message); line skipped"))
        continue
      } catch {
        continue
      }
      guard let members = value.objectValue else {
        sink.add(
          Diagnostic(
            path: path, line: lineNumber, column: 1, severity: .error,
            message: "line \(lineNumber) is not a JSON object; line skipped"))
        continue
      }
      documents.append(document(value, members, line: line, lineNumber: lineNumber, path: path))
    }
    return ExtractionResult(path: path, documents: documents, diagnostics: sink.all)
  }

  private func document(
    _ value: JSONValue, _ members: [(String, JSONValue)], line: UnsafeBufferPointer<UInt8>, lineNumber: Int,
    path: String
  ) -> Document {
    let key = value["id"]?.scalarText ?? value["_id"]?.scalarText ?? String(lineNumber)
    var doc = Document(id: path + "#" + key, path: path, kind: .ndjson)
    doc.title = value["title"]?.scalarText ?? ""
    doc.url = value["url"]?.scalarText ?? ""
    doc.author = value["author"]?.scalarText ?? ""
    doc.lang = value["lang"]?.scalarText ?? ""
    if let date = value["date"]?.scalarText {
      doc.date = XMLDates.normalize(date) ?? date
    }
    for textKey in Self.textKeys {
      guard let text = value[textKey]?.stringValue else { continue }
      doc.body = text
      if let column = valueColumn(of: textKey, in: line) {
        doc.sourceMap = SourceMap.jsonString(
          in: line, valueStart: column - 1, lineNumber: lineNumber, decoded: text)
      }
      break
    }
    for (name, member) in members where !Self.known.contains(name) && doc.metadata[name] == nil {
      if let scalar = member.scalarText {
        doc.metadata[name] = scalar
      } else if let array = member.arrayValue {
        let items = array.compactMap(\.scalarText)
        if items.count == array.count && !items.isEmpty { doc.metadata[name] = items.joined(separator: ", ") }
      }
    }
    return doc
  }

  /// The 1-based byte column where the string value of top-level member `key` starts (after its quote).
  private func valueColumn(of key: String, in line: UnsafeBufferPointer<UInt8>) -> Int? {
    let needle = Array(("\"" + key + "\"").utf8)
    var i = 0
    let n = line.count
    while i + needle.count <= n {
      if line[i] == 0x22 && line[i..<(i + needle.count)].elementsEqual(needle) {
        var j = i + needle.count
        while j < n && XMLBodyBuilder.isSpace(line[j]) { j += 1 }
        if j < n && line[j] == 0x3A {
          j += 1
          while j < n && XMLBodyBuilder.isSpace(line[j]) { j += 1 }
          if j < n && line[j] == 0x22 { return j + 2 }
        }
      }
      i += 1
    }
    return nil
  }
}
