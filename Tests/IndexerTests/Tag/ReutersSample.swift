import Foundation
import TestSupport

/// Article bodies from the Reuters-21578 files of the shared corpora, for tagger tests that compare two code paths
/// on real news text (never committed: read in place).
enum ReutersSample {
  /// The text between `<BODY>` and `</BODY>` of the first `limit` articles of one file.
  /// - Parameters:
  ///   - file: a file name in `reuters21578/`, such as `reut2-000.sgm`.
  ///   - limit: how many bodies at most.
  /// - Returns: the bodies, or none (after a printed skip message) when the corpus is absent.
  static func bodies(file: String, limit: Int) -> [String] {
    guard let bytes = Fixtures.sharedFile("reuters21578/" + file) else { return [] }
    let text = String(decoding: bytes, as: UTF8.self)
    var out: [String] = []
    var rest = text[...]
    while out.count < limit, let a = rest.range(of: "<BODY>"),
      let b = rest.range(of: "</BODY>", range: a.upperBound..<rest.endIndex)
    {
      out.append(String(rest[a.upperBound..<b.lowerBound]))
      rest = rest[b.upperBound...]
    }
    return out
  }
}
