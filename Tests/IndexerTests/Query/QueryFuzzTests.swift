import Foundation
import Indexer
import TestSupport
import Testing

@Suite struct QueryFuzzTests {
  static let pieces: [String] = [
    "\"", "(", ")", "+", "-", "*", "~", "~2", "~9", ":", "..", " ", " ", " ", "AND", "OR", "NOT", "&&", "||", "AND~",
    "+AND",
    "title:", "body:", "path:", "date:", "lang:", "person:", "entity:", "foo:", "2024", "-12", "a", "b", "é", "中文",
    "🙂", "\u{3000}", "\t", "\n", "word", "Zürich", "x", "\u{0}", "\u{FFFD}", "\\", "**", "/", "?",
  ]

  static func randomQuery(_ rng: inout SeededRandom) -> String {
    let count = Int.random(in: 0...24, using: &rng)
    var text = ""
    for _ in 0..<count { text += pieces.randomElement(using: &rng)! }
    return text
  }

  @Test func randomQueriesNeverThrowLenientlyAndCanonicalFormIsStable() {
    var rng = SeededRandom(seed: 0x5EEC)
    let lenient = QueryParser()
    let strict = QueryParser(strict: true)
    let started = Date()
    for _ in 0..<5000 {
      let text = Self.randomQuery(&rng)
      let query: Query
      do {
        query = try lenient.parse(text)
      } catch {
        Issue.record("lenient parse threw for \(text.debugDescription): \(error)")
        continue
      }
      _ = try? strict.parse(text)
      // The canonical form parses back to itself.
      let canonical = query.description
      let again = (try? lenient.parse(canonical))?.description
      #expect(again == canonical, "canonical form of \(text.debugDescription) is unstable: \(canonical)")
      // Whatever the lenient parser produces is valid strict input, except invalid dates, which lenient mode keeps
      // as the plain word `date:...`.
      if !canonical.contains("date:") && (try? strict.parse(canonical)) == nil {
        Issue.record("strict parser rejects canonical \(canonical.debugDescription) of \(text.debugDescription)")
      }
    }
    #expect(Date().timeIntervalSince(started) < 60)
  }

  @Test func randomBytesAndLongInputsStayFast() throws {
    var rng = SeededRandom(seed: 42)
    let lenient = QueryParser()
    for _ in 0..<2000 {
      let length = Int.random(in: 0...64, using: &rng)
      let scalars = (0..<length).map { _ -> Character in
        let value = UInt32.random(in: 0...0x2FFF, using: &rng)
        return Character(Unicode.Scalar(value) ?? "?")
      }
      _ = try lenient.parse(String(scalars))
    }
    // A long query of many pieces parses in bounded time.
    var long = ""
    for _ in 0..<20_000 { long += Self.pieces.randomElement(using: &rng)! }
    let started = Date()
    _ = try lenient.parse(long)
    _ = try? QueryParser(strict: true).parse(long)
    #expect(Date().timeIntervalSince(started) < 20)
  }
}
