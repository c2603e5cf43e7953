import ArgumentParser
import Indexer
import SeekProtocol

/// `seek status`: whether a daemon serves the index, and the index's state.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show whether seekd serves the index, and the index's documents and segments.")

  @OptionGroup var global: GlobalOptions

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let directory = global.indexDirectory
    var members: [(String, JSONValue)] = [("index", .string(directory))]
    if let client = try DaemonRoute.client(global) {
      let status = try client.call("status")
      members.append(("daemon", status))
      members.append(("mode", .string("daemon")))
    } else {
      members.append(("mode", .string("direct")))
      members.append(("socket", .string(DaemonRoute.socketPath(global))))
      if FileStat.of(directory + "/MANIFEST") != nil {
        let reader = try IndexReader.open(directory: directory, verification: .structure)
        members.append(("documents", .number(Double(reader.liveCount))))
        members.append(("segments", .number(Double(reader.segments.count))))
        members.append(("generation", .number(Double(reader.generation))))
      }
    }
    let value = JSONValue.object(members)
    if json {
      var w = JSONWriter()
      w.value(value)
      print(w.string)
      return
    }
    print("index      \(directory)")
    if let daemon = value["daemon"] {
      print("daemon     running (pid \(daemon["pid"]?.intValue ?? 0)) on \(daemon["socket"]?.stringValue ?? "")")
      print("documents  \(daemon["documents"]?.intValue ?? 0) in \(daemon["segments"]?.intValue ?? 0) segments")
      print("pending    \(daemon["pending"]?.intValue ?? 0) indexing jobs")
      // A watch's first scan (and any burst of changes) queues files before an indexing job exists for them.
      if let waiting = daemon["watch_pending"]?.intValue, waiting > 0 {
        print("watch      \(waiting) changed files waiting to be indexed")
      }
      for w in daemon["watches"]?.arrayValue ?? [] {
        print("watching   \(w["path"]?.stringValue ?? "") (\(w["files"]?.intValue ?? 0) files)")
      }
      for e in daemon["watch_errors"]?.arrayValue ?? [] { print("error      \(e.scalarText ?? "\(e)")") }
    } else {
      print("daemon     not running (searches read the index directly; start one with `seek daemon start`)")
      if let docs = value["documents"]?.intValue {
        print("documents  \(docs) in \(value["segments"]?.intValue ?? 0) segments")
      } else {
        print("documents  none yet: create the index with `seek index PATH...`")
      }
    }
  }
}
