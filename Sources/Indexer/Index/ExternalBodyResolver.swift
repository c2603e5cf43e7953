#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads external bodies back from their source files: the one place a stored document's body is completed
/// (``StoredFieldsReader/document(_:resolveBody:)`` calls it for every reader: search hits and snippets, facets,
/// `seek show`, the daemon's `document` method).
///
/// The range is read with `pread`, decoded as at extraction, and accepted only when its hash equals the one
/// stored at indexing. A source that changed, moved or vanished gives a document without body (and, for an NDJSON
/// record, without title; a warning diagnostic says to re-index), never an error.
enum ExternalBodyResolver {
  /// Completes a decoded document.
  /// - Parameter decoded: what ``StoredDocumentCodec/decode(_:source:)`` returned.
  /// - Returns: the document with its body (and derived source map), or without body when the source changed.
  static func resolve(_ decoded: StoredDocumentCodec.Decoded) -> Document {
    var doc = decoded.document
    guard decoded.external != nil else { return doc }
    if let text = currentText(decoded) {
      doc.body = text.body
      if decoded.externalTitle { doc.title = text.title }
      if decoded.verbatimSourceMap { doc.sourceMap = .verbatim(text.body) }
    } else {
      doc.diagnostics.append(
        Diagnostic(
          path: doc.path, line: doc.sourceMap.anchors.first?.line ?? 1, column: 1, severity: .warning,
          message: "the source changed since it was indexed, so its text is not shown: run `seek index` again"))
    }
    return doc
  }

  /// Reads a document's external text back from its source, if the source still holds what was indexed.
  /// - Parameter decoded: a decoded stored document with an external body.
  /// - Returns: the body and (for an NDJSON record) title, or nil when the source changed, moved or vanished.
  static func currentText(_ decoded: StoredDocumentCodec.Decoded) -> (body: String, title: String)? {
    guard let external = decoded.external, let text = read(external, path: decoded.document.path),
      hash(body: text.body, title: decoded.externalTitle ? text.title : nil) == decoded.bodyHash
    else { return nil }
    return text
  }

  /// The low 32 bits of the XXH64 of a body's UTF-8 bytes (the hash stored with the reference: a change goes
  /// unnoticed only if it keeps the range and collides, one chance in four billion).
  /// With `title` (NDJSON records, whose title is read back too), the hash covers `body`, a zero byte and `title`.
  static func hash(body: String, title: String? = nil) -> UInt32 {
    var hasher = XXHash64()
    var body = body
    body.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
    if var title {
      hasher.update([0])
      title.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
    }
    return UInt32(truncatingIfNeeded: hasher.digest())
  }

  /// The body (and an NDJSON record's title) decoded from the referenced range, or nil when the file cannot be
  /// read or the range is gone.
  static func read(_ external: ExternalBody, path: String) -> (body: String, title: String)? {
    guard let bytes = read(path: path, offset: external.offset, length: external.length) else { return nil }
    return bytes.withUnsafeBufferPointer { decode($0, form: external.form) }
  }

  /// Decodes a range the way extraction did.
  /// - Parameters:
  ///   - bytes: the range's bytes.
  ///   - form: plain text or one NDJSON record.
  /// - Returns: the body and title ("" for plain text), or nil when an NDJSON record no longer parses or has no
  ///   text member.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, form: ExternalBody.Form) -> (body: String, title: String)? {
    switch form {
    case .text:
      return (String(decoding: bytes, as: UTF8.self), "")
    case .ndjsonRecord:
      guard let value = try? JSONValue.parse(bytes, maxDepth: 64), value.objectValue != nil else { return nil }
      for key in NDJSONExtractor.textKeys {
        if let text = value[key]?.stringValue { return (text, value["title"]?.scalarText ?? "") }
      }
      return nil
    }
  }

  private static func read(path: String, offset: Int, length: Int) -> [UInt8]? {
    guard length > 0 else { return [] }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, offset + length <= Int(st.st_size) else { return nil }
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
      var done = 0
      while done < length {
        let n = pread(fd, buffer.baseAddress! + done, length - done, off_t(offset + done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          failed = true
          break
        }
        done += n
      }
      if failed { buffer.initialize(repeating: 0) }
      count = length
    }
    return failed ? nil : bytes
  }
}
