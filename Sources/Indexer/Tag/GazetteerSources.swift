import Foundation

extension Gazetteer {
  /// Adds the Reuters-21578 name lists found in `directory` (people, places, organizations, exchanges, lower-case
  /// with hyphens for spaces) and the country names and capitals of its CIA World Factbook facts file. Missing
  /// files are skipped.
  /// - Parameter directory: the `reuters21578` folder.
  /// - Returns: the number of entries read.
  @discardableResult
  package mutating func addReutersLists(directory: String) -> Int {
    var count = 0
    let lists: [(String, Category)] = [
      ("all-people-strings.lc.txt", .person), ("all-places-strings.lc.txt", .country),
      ("all-orgs-strings.lc.txt", .organization), ("all-exchanges-strings.lc.txt", .exchange),
    ]
    for (name, category) in lists {
      guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
      for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let phrase = line.replacingOccurrences(of: "-", with: " ").trimmingCharacters(in: .whitespaces)
        guard phrase.count > 1 else { continue }
        add(phrase, category)
        count += 1
      }
    }
    if let data = FileManager.default.contents(atPath: directory + "/feldman-cia-worldfactbook-data.txt") {
      let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "=\n", with: "")
      for line in text.split(separator: "\n") where line.hasPrefix("bgfact(\"") {
        let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
        guard parts.count > 5 else { continue }
        let country = String(parts[1])
        if !country.isEmpty && country.count < 40 {
          add(country, .country)
          count += 1
        }
        if parts[3] == "Capital" {
          let capital = String(parts[5])
          if !capital.isEmpty && capital.count < 40 {
            add(capital, .place)
            count += 1
          }
        }
      }
    }
    return count
  }
}
