import Indexer

/// The final summary of `seek index` and `seek remove`: added, updated, removed, unchanged, skipped, failed, with
/// each failure's path and reason.
enum IndexSummary {
  static func print(_ r: IndexingReport, documentsInIndex: Int, seconds: Double, json: Bool) {
    if json {
      var w = JSONWriter()
      w.beginObject()
      IndexingReportJSON.writeMembers(r, to: &w)
      w.key("documents_in_index")
      w.int(documentsInIndex)
      w.key("seconds")
      w.double(seconds, digits: 3)
      w.endObject()
      Swift.print(w.string)
      return
    }
    for p in r.skipped { printError("seek: skipped \(p.path): \(p.reason)") }
    for p in r.failed { printError("seek: failed \(p.path): \(p.reason)") }
    for d in r.skippedParts { printError("seek: skipped part of \(d.path):\(d.line):\(d.column): \(d.message)") }
    var line = "\(r.added) added, \(r.updated) updated, \(r.removed) removed, \(r.unchanged) unchanged"
    line += ", \(r.skipped.count) skipped, \(r.failed.count) failed; \(r.documents) documents written"
    line += ", \(documentsInIndex) in the index"
    if seconds > 0 { line += " (\(HitPrinter.milliseconds(Int(seconds * 1e6))))" }
    Swift.print(line)
  }

  /// Prints a report received from the daemon.
  static func print(_ result: JSONValue, json: Bool) {
    if json {
      var w = JSONWriter()
      w.value(result)
      Swift.print(w.string)
      return
    }
    var r = IndexingReport()
    r.added = result["added"]?.intValue ?? 0
    r.updated = result["updated"]?.intValue ?? 0
    r.removed = result["removed"]?.intValue ?? 0
    r.unchanged = result["unchanged"]?.intValue ?? 0
    r.documents = result["documents"]?.intValue ?? 0
    func problems(_ key: String) -> [IndexingReport.Problem] {
      (result[key]?.arrayValue ?? []).map {
        .init(path: $0["path"]?.stringValue ?? "", reason: $0["reason"]?.stringValue ?? "")
      }
    }
    r.skipped = problems("skipped")
    r.failed = problems("failed")
    r.skippedParts = (result["skipped_parts"]?.arrayValue ?? []).map {
      Diagnostic(
        path: $0["path"]?.stringValue ?? "", line: $0["line"]?.intValue ?? 0, column: $0["column"]?.intValue ?? 0,
        severity: .error, message: $0["message"]?.stringValue ?? "")
    }
    print(r, documentsInIndex: result["documents_in_index"]?.intValue ?? 0, seconds: 0, json: false)
  }
}
