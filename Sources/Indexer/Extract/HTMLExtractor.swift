/// Extracts HTML documents. (Work in progress: replaced by the real extractor.)
struct HTMLExtractor {
  var options: ExtractOptions

  /// Extracts the documents of a HTML file.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    ExtractionResult(path: path, skipped: "HTML extraction is not implemented yet")
  }
}
