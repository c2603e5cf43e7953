/// Extracts plain text and Markdown files: the body is the file verbatim, so body offsets are file offsets.
struct PlainTextExtractor {
  /// Whether to read the title as a Markdown heading (`# Title` -> `Title`).
  var markdown: Bool

  /// Extracts the single document of a text file.
  /// - Parameters:
  ///   - bytes: the file content.
  ///   - path: the file path (the document id).
  /// - Returns: one document; invalid UTF-8 becomes U+FFFD with a diagnostic naming the first bad byte.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    var diagnostics: [Diagnostic] = []
    var start = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
    let content = UnsafeBufferPointer(rebasing: bytes[start...])
    let invalid = UTF8Validation.firstInvalidOffset(content)
    if let bad = invalid {
      let pos = UTF8Validation.lineAndColumn(of: bad, in: content)
      diagnostics.append(
        Diagnostic(
          path: path, line: pos.line, column: pos.column, severity: .warning,
          message: "invalid UTF-8 byte 0x\(String(content[bad], radix: 16, uppercase: true)); replaced with U+FFFD"))
    }
    let body = String(decoding: content, as: UTF8.self)
    var title = ""
    for line in body.split(separator: "\n", omittingEmptySubsequences: true) {
      var t = line.trimmingCharacters(in: " \t\r")
      if t.isEmpty { continue }
      if markdown || t.hasPrefix("# ") {
        while t.hasPrefix("#") { t.removeFirst() }
        t = t.trimmingCharacters(in: " \t")
      }
      title = Self.shortTitle(t)
      break
    }
    let doc = Document(
      id: path, path: path, kind: markdown ? .markdown : .text, title: title, body: body,
      sourceMap: invalid == nil ? .verbatim(body) : .decoded(content), diagnostics: diagnostics)
    return ExtractionResult(path: path, documents: [doc])
  }
}

extension PlainTextExtractor {
  /// A first line used as a title, cut to its first sentence or about 100 characters at a word boundary.
  static func shortTitle(_ line: String) -> String {
    let limit = 100
    guard line.count > limit else { return line }
    let head = String(line.prefix(limit))
    if let end = head.range(of: ". ", options: .backwards),
      head.distance(from: head.startIndex, to: end.lowerBound) > 20
    {
      return String(head[..<end.lowerBound]) + "."
    }
    if let space = head.lastIndex(of: " ") { return String(head[..<space]) + "…" }
    return head + "…"
  }
}

extension StringProtocol {
  /// The string without leading and trailing characters from `set` (ASCII only, no Foundation).
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set.unicodeScalars)
    var scalars = Substring(self).unicodeScalars[...]
    while let f = scalars.first, chars.contains(f) { scalars.removeFirst() }
    while let l = scalars.last, chars.contains(l) { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}
