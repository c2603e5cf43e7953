import ArgumentParser
import Indexer

/// `seek extract PATH... [--json]`: shows exactly what the indexer sees of each file.
struct ExtractCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extract", abstract: "Show the documents, fields and diagnostics the indexer sees in files.")

  @Argument(help: "Files to extract.")
  var paths: [String]

  @Flag(help: "One JSON object per document per line.")
  var json = false

  @Flag(name: .customLong("no-entities"), help: "Do not tag named entities.")
  var noEntities = false

  func run() throws {
    let extractor = Extractor()
    let tagger = try noEntities ? nil : EntityTaggerLoader.load()
    var failed = false
    for path in paths {
      let result = extractor.extract(path: path)
      if let reason = result.skipped {
        printError("seek: skipped \(path): \(reason)")
        failed = true
        continue
      }
      for var doc in result.documents {
        doc.tagEntities(with: tagger)
        if json {
          var w = JSONWriter()
          DocumentJSON.write(doc, to: &w)
          w.newline()
          print(w.string, terminator: "")
        } else {
          print("== \(doc.id) [\(doc.kind.rawValue)]")
          if !doc.title.isEmpty { print("title: \(doc.title)") }
          if !doc.date.isEmpty { print("date: \(doc.date)") }
          if !doc.lang.isEmpty { print("lang: \(doc.lang)") }
          print(doc.body)
          for d in doc.diagnostics { printError(d.description) }
          let names = Searcher.topEntities(doc.entities, limit: 12).map {
            "\($0.name) (\($0.type.rawValue.lowercased()))"
          }
          if !names.isEmpty { print("entities: " + names.joined(separator: " · ")) }
        }
      }
      for d in result.diagnostics { printError(d.description) }
    }
    if failed { throw ExitCode(2) }
  }
}
