/// The JSON form of an ``IndexingReport``: the daemon's `index`/`remove` result and `seek index --json`.
public enum IndexingReportJSON {
  /// Writes the report's members into the open object `w` is positioned in.
  /// - Parameters:
  ///   - r: the report.
  ///   - w: a writer inside an object.
  public static func writeMembers(_ r: IndexingReport, to w: inout JSONWriter) {
    w.key("added")
    w.int(r.added)
    w.key("updated")
    w.int(r.updated)
    w.key("removed")
    w.int(r.removed)
    w.key("unchanged")
    w.int(r.unchanged)
    w.key("documents")
    w.int(r.documents)
    w.key("bytes")
    w.int(r.bytes)
    w.key("diagnostics")
    w.int(r.diagnostics)
    for (key, list) in [("skipped", r.skipped), ("failed", r.failed)] {
      w.key(key)
      w.beginArray()
      for p in list {
        w.beginObject()
        w.key("path")
        w.string(p.path)
        w.key("reason")
        w.string(p.reason)
        w.endObject()
      }
      w.endArray()
    }
    w.key("skipped_parts")
    w.beginArray()
    for d in r.skippedParts {
      w.beginObject()
      w.key("path")
      w.string(d.path)
      w.key("line")
      w.int(d.line)
      w.key("column")
      w.int(d.column)
      w.key("message")
      w.string(d.message)
      w.endObject()
    }
    w.endArray()
  }
}
