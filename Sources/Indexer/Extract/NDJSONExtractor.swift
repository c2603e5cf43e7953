/// Extracts NDJSON files, one document per line. (Work in progress: replaced by the real extractor.)
struct NDJSONExtractor {
  /// Extracts the documents of an NDJSON file.
  func extract(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> ExtractionResult {
    ExtractionResult(path: path, skipped: "NDJSON extraction is not implemented yet")
  }
}
