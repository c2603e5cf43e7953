#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a document's body can be read back from its source file, so the stored-fields file keeps this reference
/// instead of the text (like SQLite FTS5's external-content tables).
///
/// Only for sources whose body is an exact, cheap function of a byte range: a plain-text or Markdown file (the body
/// is the file, minus a byte-order mark) and one NDJSON record (the body is the decoded text member of the line).
/// The stored form adds the XXH64 of the body, so a source that changed since indexing is detected when the body
/// is read back (``ExternalBodyResolver``); HTML, XML and SGML bodies are always stored.
public struct ExternalBody: Sendable, Equatable {
  /// How the bytes of the range become the body.
  public enum Form: UInt8, Sendable {
    /// The range is UTF-8 text (invalid bytes become U+FFFD), the body verbatim.
    case text = 1
    /// The range is one NDJSON line; the body is its text member (`text`, `body`, `contents` or `content`).
    case ndjsonRecord = 2
  }

  /// How to decode the range.
  public var form: Form
  /// Byte offset of the range in the source file.
  public var offset: Int
  /// Byte length of the range.
  public var length: Int

  /// Creates a reference.
  /// - Parameters:
  ///   - form: how the range decodes into the body.
  ///   - offset: byte offset in the source file.
  ///   - length: byte length.
  public init(form: Form, offset: Int, length: Int) {
    self.form = form
    self.offset = offset
    self.length = length
  }
}

/// Finds the ``ExternalBody`` of each document extracted from one file's bytes (one forward pass over the lines
/// for NDJSON records, which come in line order).
public struct ExternalBodyLocator {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var line = 1
  private var lineStart = 0

  /// Starts at the beginning of a file.
  /// - Parameter bytes: the whole file, as given to the extractor (valid while the locator is used).
  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { lineStart = 3 }
  }

  /// The reference for a document of this file, or nil when its body must be stored.
  /// - Parameter doc: a document extracted from the bytes (NDJSON documents in line order).
  /// - Returns: a reference for non-empty plain-text, Markdown and NDJSON bodies whose record is located.
  public mutating func reference(for doc: Document) -> ExternalBody? {
    guard !doc.body.isEmpty else { return nil }
    switch doc.kind {
    case .text, .markdown:
      let start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
      return ExternalBody(form: .text, offset: start, length: bytes.count - start)
    case .ndjson:
      guard let target = doc.sourceMap.anchors.first?.line, target >= line else { return nil }
      while line < target {
        guard let newline = nextNewline(from: lineStart) else { return nil }
        lineStart = newline + 1
        line += 1
      }
      var end = nextNewline(from: lineStart) ?? bytes.count
      if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
      return ExternalBody(form: .ndjsonRecord, offset: lineStart, length: end - lineStart)
    default:
      return nil
    }
  }

  private func nextNewline(from start: Int) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let p = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
    return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
  }
}
