import CLibXML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Collects libxml2's structured errors as ``Diagnostic``s, at most `cap` of them.
final class XMLDiagnosticSink {
  let path: String
  let cap: Int
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var dropped = 0

  init(path: String, cap: Int = 20) {
    self.path = path
    self.cap = cap
  }

  /// Records one problem (or counts it when over the cap); a repeat of the one just recorded is dropped (libxml2
  /// reports an entity loop once per reference it meets).
  func add(_ diagnostic: Diagnostic) {
    if diagnostics.last == diagnostic { return }
    if diagnostics.count < cap { diagnostics.append(diagnostic) } else { dropped += 1 }
  }

  /// The diagnostics, with a last one saying how many were left out.
  var all: [Diagnostic] {
    if dropped == 0 { return diagnostics }
    return diagnostics + [Diagnostic(path: path, severity: .warning, message: "\(dropped) more problems not shown")]
  }

  /// Records a libxml2 error.
  func add(_ error: UnsafePointer<xmlError>) {
    let e = error.pointee
    let severity: Diagnostic.Severity
    switch e.level {
    case XML_ERR_WARNING: severity = .warning
    case XML_ERR_ERROR: severity = .error
    default: severity = .fatal
    }
    // libxml2 messages end with a newline and some span lines ("...encoding !\nBytes: 0xFF"): make them one line.
    let message = XMLBodyBuilder.collapse(e.message.map { String(cString: $0) } ?? "XML error \(e.code)")
    add(
      Diagnostic(
        path: path, line: max(0, Int(e.line)), column: max(0, Int(e.int2)), severity: severity, message: message))
  }
}

/// The libxml2 options for untrusted XML: recover from errors, no network, no entity substitution (`NOENT` is
/// never set), no DTD loading, no XInclude, no huge-input override (keeps libxml2's depth and size limits).
let safeXMLReaderOptions: Int32 = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue)

/// `xmlInitParser()`, once per process, before any parse.
let xmlLibraryReady: Void = xmlInitParser()

/// A streaming pull reader over an XML buffer (libxml2's `xmlTextReader`), with errors collected as diagnostics.
///
/// Entity references that are not predefined come out as ``NodeType/entityReference`` nodes and are never
/// expanded or entered.
final class XMLStreamReader {
  /// Node types reported by the reader.
  enum NodeType: Int32 {
    case element = 1
    case attribute = 2
    case text = 3
    case cdata = 4
    case entityReference = 5
    case entity = 6
    case
      processingInstruction = 7
    case comment = 8
    case document = 9
    case documentType = 10
    case documentFragment = 11
    case
      notation = 12
    case whitespace = 13
    case significantWhitespace = 14
    case endElement = 15
    case endEntity = 16
    case
      xmlDeclaration = 17
    case none = 0
  }

  private let reader: xmlTextReaderPtr
  /// The tree being walked, for a reader made by ``init(recovering:path:)``.
  private let tree: xmlDocPtr?
  let sink: XMLDiagnosticSink
  /// Whether reading stopped on an error (the streaming reader gives up at the first well-formedness error).
  private(set) var failed = false

  /// Opens a reader over bytes that stay alive as long as the reader.
  /// - Parameters:
  ///   - bytes: the XML text.
  ///   - path: the file (for diagnostics).
  init?(_ bytes: UnsafeBufferPointer<UInt8>, path: String) {
    _ = xmlLibraryReady
    sink = XMLDiagnosticSink(path: path)
    guard bytes.count < Int(Int32.max),
      let base = bytes.baseAddress,
      let r = base.withMemoryRebound(
        to: CChar.self, capacity: bytes.count,
        { xmlReaderForMemory($0, Int32(bytes.count), nil, nil, safeXMLReaderOptions) })
    else { return nil }
    reader = r
    tree = nil
    xmlTextReaderSetStructuredErrorHandler(
      reader,
      { context, error in
        guard let context, let error else { return }
        Unmanaged<XMLDiagnosticSink>.fromOpaque(context).takeUnretainedValue().add(UnsafePointer(error))
      }, Unmanaged.passUnretained(sink).toOpaque())
  }

  /// Parses the whole buffer into a tree in recover mode (same safe options) and walks it like a stream: the
  /// fallback when the streaming reader stops at a well-formedness error.
  /// - Parameters:
  ///   - bytes: the XML text.
  ///   - path: the file (for diagnostics).
  init?(recovering bytes: UnsafeBufferPointer<UInt8>, path: String) {
    _ = xmlLibraryReady
    sink = XMLDiagnosticSink(path: path)
    guard bytes.count < Int(Int32.max), let base = bytes.baseAddress, let ctxt = xmlNewParserCtxt() else {
      return nil
    }
    defer { xmlFreeParserCtxt(ctxt) }
    ctxt.pointee._private = Unmanaged.passUnretained(sink).toOpaque()
    ctxt.pointee.sax.pointee.serror = { context, error in
      guard let context, let error else { return }
      let ctxt = context.assumingMemoryBound(to: xmlParserCtxt.self)
      guard let sink = ctxt.pointee._private else { return }
      Unmanaged<XMLDiagnosticSink>.fromOpaque(sink).takeUnretainedValue().add(UnsafePointer(error))
    }
    let doc = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
      xmlCtxtReadMemory(ctxt, $0, Int32(bytes.count), nil, nil, safeXMLReaderOptions)
    }
    guard let doc, let r = xmlReaderWalker(doc) else {
      if let doc { xmlFreeDoc(doc) }
      return nil
    }
    tree = doc
    reader = r
  }

  deinit {
    xmlFreeTextReader(reader)
    if let tree { xmlFreeDoc(tree) }
  }

  /// Moves to the next node.
  /// - Returns: false at the end of the document or after an unrecoverable error.
  func read() -> Bool {
    let status = xmlTextReaderRead(reader)
    if status < 0 { failed = true }
    return status == 1
  }

  /// The current node's type.
  var nodeType: NodeType { NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .none }

  /// The current node's local name ("" when none).
  var localName: String {
    guard let p = xmlTextReaderConstLocalName(reader) else { return "" }
    return String(cString: p)
  }

  /// The current node's namespace URI ("" when none).
  var namespaceURI: String {
    guard let p = xmlTextReaderConstNamespaceUri(reader) else { return "" }
    return String(cString: p)
  }

  /// The text of a text, CDATA or white-space node.
  var value: String {
    guard let p = xmlTextReaderConstValue(reader) else { return "" }
    return String(cString: p)
  }

  /// The text of a text, CDATA or white-space node as bytes, valid until the next ``read()``.
  var valueBytes: UnsafeBufferPointer<UInt8> {
    guard let p = xmlTextReaderConstValue(reader) else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: p, count: strlen(p))
  }

  /// An identity for the current node's local name: names are interned, so equal names give equal keys within
  /// one document (a cheap cache key).
  var localNameKey: Int {
    Int(bitPattern: xmlTextReaderConstLocalName(reader))
  }

  /// Whether the current element is empty (`<x/>`): no end-element node follows.
  var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

  /// The in-scope `xml:lang` ("" when none).
  var xmlLang: String {
    guard let p = xmlTextReaderConstXmlLang(reader) else { return "" }
    return String(cString: p)
  }

  /// An attribute of the current element, by qualified name.
  func attribute(_ name: String) -> String? {
    guard let p = xmlTextReaderGetAttribute(reader, name) else { return nil }
    defer { seek_xmlFree(p) }
    return String(cString: p)
  }

  /// The parser's current line (ahead of the node; an approximation).
  var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
}
