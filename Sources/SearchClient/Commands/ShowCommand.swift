import ArgumentParser
import Indexer
import SeekProtocol

/// `seek show ID`: a document's stored fields and entities.
struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show a document's stored fields and entities (by id: its path, or path#key).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Document id (the path, or path#key for a record in a container).")
  var id: String

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let doc = try fetch()
    if json {
      var w = JSONWriter()
      DocumentJSON.write(doc, to: &w)
      w.newline()
      print(w.string, terminator: "")
      return
    }
    print("id          \(doc.id)")
    print("path        \(doc.path)")
    print("type        \(doc.kind.rawValue)")
    for (name, value) in [
      ("title", doc.title), ("date", doc.date), ("author", doc.author), ("url", doc.url), ("lang", doc.lang),
      ("description", doc.description),
    ] where !value.isEmpty {
      print("\(name.padding(12))\(value)")
    }
    for h in doc.headings { print("heading     \(h)") }
    for (k, v) in doc.metadata.sorted(by: { $0.key < $1.key }) { print("\(("meta." + k).padding(12))\(v)") }
    print("body        \(doc.body.utf8.count) bytes")
    if !doc.entities.isEmpty {
      print("entities")
      for e in Searcher.topEntities(doc.entities, limit: 50) {
        print("  \(e.type.rawValue.padding(8)) \(e.name) ×\(e.count)")
      }
    }
  }

  /// The document, from the daemon when one runs, else from the index.
  private func fetch() throws -> Document {
    let directory = global.indexDirectory
    let candidates = id.hasPrefix("/") ? [id] : [id, IndexLocation.absolute(id)]
    if let client = try DaemonRoute.client(global) {
      for candidate in candidates {
        if let value = try? client.call("document", params: .object([("id", .string(candidate))])) {
          return try DocumentJSON.decode(value)
        }
      }
    } else {
      try IndexPresence.require(directory)
      // One lookup in this process: as `seek search` without a daemon.
      let reader = try IndexReader.openForOneCommand(directory: directory)
      if let address = candidates.lazy.compactMap({ reader.find(id: $0) }).first {
        return try reader.storedDocument(address)
      }
    }
    throw SeekError(
      .invalidInput,
      "no document with id \(id) in \(directory) (ids are absolute paths, or path#key; see seek search --json)")
  }
}
