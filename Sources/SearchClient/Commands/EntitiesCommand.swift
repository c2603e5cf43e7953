import ArgumentParser
import Indexer
import SeekProtocol

/// `seek entities [--type T] [QUERY]`: entities across the index (or the matching documents) with document counts.
struct EntitiesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "entities",
    abstract: "List entities across the index, or across the documents matching a query, with document counts.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "Only this type: person, org, loc, misc, date, money, percent.")
  var type: String?

  @Option(help: "Names per type.")
  var limit: Int = 20

  @Argument(help: "Count only over documents matching this query.")
  var query: [String] = []

  @Flag(help: "Print one JSON object.")
  var json = false

  func validate() throws {
    if let type, EntityCatalog.type(named: type) == nil {
      throw ValidationError("unknown entity type '\(type)': use person, org, loc, misc, date, money or percent")
    }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    let text = query.joined(separator: " ")
    let result: JSONValue
    if let client = try DaemonRoute.client(global) {
      var params: [(String, JSONValue)] = [("limit", .number(Double(limit)))]
      if let type { params.append(("type", .string(type))) }
      if !text.isEmpty { params.append(("query", .string(text))) }
      result = try client.call("entities", params: .object(params))
    } else {
      let directory = global.indexDirectory
      try IndexPresence.require(directory)
      let types = type.flatMap(EntityCatalog.type(named:)).map { [$0] } ?? EntityType.allCases
      // One request in this process: as `seek search` without a daemon.
      let reader = try IndexReader.openForOneCommand(directory: directory)
      let counts = try EntityCatalog.count(searcher: Searcher(reader: reader), query: text, types: types, limit: limit)
      var w = JSONWriter()
      w.beginObject()
      EntityCatalog.writeMembers(counts, to: &w)
      w.endObject()
      result = try JSONValue.parse(w.bytes)
    }
    if json {
      var w = JSONWriter()
      w.value(result)
      print(w.string)
      return
    }
    let groups = result["entities"]?.objectValue ?? []
    for (typeName, list) in groups {
      print(typeName)
      for e in list.arrayValue ?? [] {
        print("  \(String(e["count"]?.intValue ?? 0).padding(6))\(e["name"]?.stringValue ?? "")")
      }
    }
    if groups.isEmpty { throw ExitCode(1) }
  }
}
