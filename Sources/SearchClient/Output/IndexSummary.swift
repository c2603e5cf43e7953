import Indexer

/// The final summary of `seek index` and `seek remove`: added, updated, removed, unchanged, skipped, failed, with
/// each failure's path and reason.
enum IndexSummary {
  static func print(_ r: IndexingReport, documentsInIndex: Int, seconds: Double, json: Bool) {
    if json {
      var w = JSONWriter()
      w.beginObject()
      w.key("added"); w.int(r.added)
      w.key("updated"); w.int(r.updated)
      w.key("removed"); w.int(r.removed)
      w.key("unchanged"); w.int(r.unchanged)
      w.key("documents"); w.int(r.documents)
      w.key("documents_in_index"); w.int(documentsInIndex)
      w.key("bytes"); w.int(r.bytes)
      w.key("seconds"); w.double(seconds, digits: 3)
      for (key, list) in [("skipped", r.skipped), ("failed", r.failed)] {
        w.key(key)
        w.beginArray()
        for p in list {
          w.beginObject()
          w.key("path"); w.string(p.path)
          w.key("reason"); w.string(p.reason)
          w.endObject()
        }
        w.endArray()
      }
      w.endObject()
      Swift.print(w.string)
      return
    }
    for p in r.skipped { printError("seek: skipped \(p.path): \(p.reason)") }
    for p in r.failed { printError("seek: failed \(p.path): \(p.reason)") }
    var line = "\(r.added) added, \(r.updated) updated, \(r.removed) removed, \(r.unchanged) unchanged"
    line += ", \(r.skipped.count) skipped, \(r.failed.count) failed; \(r.documents) documents written"
    line += ", \(documentsInIndex) in the index"
    if seconds > 0 { line += " (\(HitPrinter.milliseconds(Int(seconds * 1e6))))" }
    Swift.print(line)
  }
}
