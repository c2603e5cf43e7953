/// Extracts XML documents. (Work in progress: replaced by the real extractor.)
struct XMLExtractor {
  var options: ExtractOptions

  /// Extracts the documents of a XML file.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    ExtractionResult(path: path, skipped: "XML extraction is not implemented yet")
  }
}
