#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Limits that keep extraction safe on hostile or huge input.
public struct ExtractOptions: Sendable {
  /// Files larger than this are skipped with a reason (default 64 MiB).
  public var maxFileSize: Int
  /// Whether to separate the main article text from page chrome in HTML (on by default).
  public var mainContent: Bool

  /// Creates options.
  public init(maxFileSize: Int = 64 << 20, mainContent: Bool = true) {
    self.maxFileSize = maxFileSize
    self.mainContent = mainContent
  }
}

/// The source formats extraction understands.
public enum SourceFormat: String, Sendable, CaseIterable {
  case html, xml, text, markdown, ndjson

  /// The format for a path, by extension; nil when the extension is unknown (then the content is sniffed).
  /// - Parameter path: a file path.
  /// - Returns: the format, or nil.
  public static func forPath(_ path: String) -> SourceFormat? {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    switch path[path.index(after: dot)...].lowercased() {
    case "html", "htm", "xhtml", "shtml": return .html
    case "xml", "rss", "atom", "rdf", "sgm", "sgml", "dbk", "docbook", "nxml", "jats", "opml", "xsd", "svg": return .xml
    case "txt", "text", "log", "rst", "org": return .text
    case "md", "markdown", "mdown", "mkd": return .markdown
    case "jsonl", "ndjson": return .ndjson
    default: return nil
    }
  }
}

/// What extraction made of one file.
public struct ExtractionResult: Sendable {
  /// The file.
  public var path: String
  /// The documents found (several for a feed, an NDJSON file or an SGML collection).
  public var documents: [Document]
  /// Why the file was skipped (binary, too large, unreadable), or nil.
  public var skipped: String?
  /// Problems that belong to no single document (unreadable records, file-level errors).
  public var diagnostics: [Diagnostic]

  /// Creates a result.
  public init(path: String, documents: [Document] = [], skipped: String? = nil, diagnostics: [Diagnostic] = []) {
    self.path = path
    self.documents = documents
    self.skipped = skipped
    self.diagnostics = diagnostics
  }
}

/// The front door of extraction: reads a file, picks its format and hands the bytes to the format's extractor.
///
/// Never throws for bad content: problems become diagnostics and the file is skipped with a reason only when
/// nothing can be recovered (binary data, too large, unreadable).
public struct Extractor: Sendable {
  /// The limits in force.
  public var options: ExtractOptions

  /// Creates an extractor.
  public init(options: ExtractOptions = ExtractOptions()) {
    self.options = options
  }

  /// Extracts the documents of a file.
  /// - Parameter path: the file (absolute or relative; ids use it as given, so pass absolute paths for indexing).
  /// - Returns: the documents, or the reason the file was skipped.
  public func extract(path: String) -> ExtractionResult {
    switch FileBytes.load(path: path, limit: options.maxFileSize) {
    case .failure(let error):
      return ExtractionResult(path: path, skipped: error.message)
    case .success(let bytes):
      return extract(bytes: bytes, path: path)
    }
  }

  /// Extracts the documents of a file's content.
  /// - Parameters:
  ///   - bytes: the raw file content.
  ///   - path: the file's path (for ids, format detection and diagnostics).
  ///   - format: the format, or nil to decide from the extension and the content.
  /// - Returns: the documents, or the reason the content was skipped.
  public func extract(bytes: [UInt8], path: String, format: SourceFormat? = nil) -> ExtractionResult {
    if bytes.count > options.maxFileSize {
      return ExtractionResult(
        path: path, skipped: "file is \(bytes.count) bytes, over the \(options.maxFileSize)-byte size cap")
    }
    let format = format ?? SourceFormat.forPath(path) ?? Self.sniff(bytes)
    guard let format else {
      return ExtractionResult(path: path, skipped: "binary file (contains NUL bytes)")
    }
    if format != .ndjson, Self.looksBinary(bytes) {
      return ExtractionResult(path: path, skipped: "binary file (contains NUL bytes)")
    }
    return bytes.withUnsafeBufferPointer { buffer in
      switch format {
      case .html: return HTMLExtractor(options: options).extract(buffer, path: path)
      case .xml: return XMLExtractor(options: options).extract(buffer, path: path)
      case .text, .markdown: return PlainTextExtractor(markdown: format == .markdown).extract(buffer, path: path)
      case .ndjson: return NDJSONExtractor().extract(buffer, path: path)
      }
    }
  }

  /// Guesses the format of content with an unknown extension.
  /// - Parameter bytes: the content.
  /// - Returns: the format, or nil for binary content.
  public static func sniff(_ bytes: [UInt8]) -> SourceFormat? {
    if looksBinary(bytes) { return nil }
    var i = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    if i < bytes.count, bytes[i] == UInt8(ascii: "<") {
      let head = String(decoding: bytes[i..<min(bytes.count, i + 512)], as: UTF8.self).lowercased()
      if head.contains("<html") || head.hasPrefix("<!doctype html") || head.contains("<body") || head.contains("<head")
        || head.contains("<p>") || head.contains("<div")
      {
        return .html
      }
      return .xml
    }
    return .text
  }

  /// Whether content looks binary: a NUL byte in its first 8 KB (UTF-16 text has them too and is not supported).
  /// - Parameter bytes: the content.
  /// - Returns: true for binary content.
  public static func looksBinary(_ bytes: [UInt8]) -> Bool {
    bytes.prefix(8192).contains(0)
  }
}

/// Reads whole files with a size cap.
package enum FileBytes {
  /// Reads a file.
  /// - Parameters:
  ///   - path: the file.
  ///   - limit: files larger than this are refused.
  /// - Returns: the bytes, or an error naming the file and the reason.
  package static func load(path: String, limit: Int) -> Result<[UInt8], SeekError> {
    // Non-blocking, so that opening a FIFO (which would wait for a writer forever) returns at once and is refused
    // below; it changes nothing for regular files.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    if fd < 0 { return .failure(.io("cannot open", path: path, errno: errno)) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { return .failure(.io("cannot stat", path: path, errno: errno)) }
    switch st.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(SeekError(.invalidInput, "\(path) is a directory"))
    case S_IFIFO: return .failure(SeekError(.invalidInput, "\(path) is a named pipe (FIFO), not a regular file"))
    default: return .failure(SeekError(.invalidInput, "\(path) is a device or socket, not a regular file"))
    }
    let size = Int(st.st_size)
    if size > limit {
      return .failure(
        SeekError(.limitExceeded, "file is \(size) bytes, over the \(limit)-byte size cap (raise --max-file-size)"))
    }
    // Read straight into the array's storage (no zero fill first).
    var readError: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var done = 0
      while done < size {
        let n = read(fd, buffer.baseAddress! + done, size - done)
        if n < 0 {
          if errno == EINTR { continue }
          readError = errno
          break
        }
        if n == 0 { break }
        done += n
      }
      initialized = done
    }
    if readError != 0 { return .failure(.io("cannot read", path: path, errno: readError)) }
    return .success(bytes)
  }
}
