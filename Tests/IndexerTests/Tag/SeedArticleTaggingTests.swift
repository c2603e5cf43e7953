import Foundation
import Indexer
import TestSupport
import Testing

/// The seed article (Fixtures/seed-article.txt): every person, organization, country, city and region in it must
/// be tagged with the right type at every mention.
@Suite("Entity tagging of the seed article")
struct SeedArticleTaggingTests {
  static let expected: [(String, EntityType)] = [
    ("Donald Trump", .person), ("Trump", .person), ("Ren Zhengfei", .person), ("Xi Jinping", .person),
    ("Matt Sheehan", .person), ("Biden", .person),
    ("DeepSeek", .org), ("Huawei", .org), ("Tencent", .org), ("Tencent Holdings", .org), ("TikTok", .org),
    ("OpenAI", .org), ("Alibaba", .org), ("SMIC", .org), ("BYD", .org), ("World Economic Forum", .org),
    ("National Security Council", .org), ("Carnegie Endowment", .org), ("European Union", .org),
    ("U.S. Department of Commerce", .org), ("U.S. Navy", .org),
    ("China", .loc), ("U.S.", .loc), ("United States", .loc), ("America", .loc), ("Japan", .loc),
    ("South Korea", .loc), ("Taiwan", .loc), ("Hong Kong", .loc), ("Texas", .loc), ("Washington", .loc),
    ("Europe", .loc), ("Silicon Valley", .loc), ("Southeast Asia", .loc), ("Latin America", .loc),
    ("Chinese", .misc),
  ]

  static func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-")
  }

  /// Byte ranges of whole-word occurrences of `needle` in `hay`.
  static func occurrences(_ needle: String, in hay: [UInt8]) -> [Range<Int>] {
    let n = Array(needle.utf8)
    var out: [Range<Int>] = []
    var i = 0
    while i + n.count <= hay.count {
      if hay[i] == n[0] && Array(hay[i..<(i + n.count)]) == n {
        let before = i == 0 || !isWordByte(hay[i - 1])
        let after = i + n.count == hay.count || !isWordByte(hay[i + n.count])
        if before && after { out.append(i..<(i + n.count)) }
      }
      i += 1
    }
    return out
  }

  @Test("every listed name is tagged with its type at every mention")
  func everyMention() throws {
    let tagger = try EntityTagger.load()
    let path = Fixtures.path("seed-article.txt")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let bytes = Array(text.utf8)
    let spans = tagger.tag(text)
    var failures: [String] = []
    for (name, type) in SeedArticleTaggingTests.expected {
      let occ = SeedArticleTaggingTests.occurrences(name, in: bytes)
      #expect(!occ.isEmpty, "\(name) is not in the article")
      for o in occ {
        let ok = spans.contains { s in
          s.start <= o.lowerBound && s.end >= o.upperBound
            && (s.type == type || (s.start == o.lowerBound && s.end > o.upperBound))
        }
        if !ok {
          let found = spans.filter { $0.start < o.upperBound && $0.end > o.lowerBound }
            .map { "\($0.text)/\($0.type.rawValue)" }
          failures.append("\(name) at \(o.lowerBound): want \(type.rawValue), found \(found)")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "; "))")
  }

  @Test("names are clean: no lower-case words inside names, no noise types for key names")
  func clean() throws {
    let tagger = try EntityTagger.load()
    let text = try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8)
    let connectors: Set<String> = ["of", "for", "and", "the", "on", "in", "de", "du", "von", "van", "al", "&"]
    for s in tagger.tag(text) where [.person, .org, .loc, .misc].contains(s.type) {
      for word in s.text.split(separator: " ") {
        let first = word.unicodeScalars.first!
        let lowerInitial = first.properties.isLowercase
        #expect(!lowerInitial || connectors.contains(String(word)), "span \(s.text) (\(s.type.rawValue))")
      }
      if s.text == "AI" { Issue.record("AI tagged as \(s.type.rawValue)") }
    }
    let normalizedTrump = tagger.tag(text).filter { $0.text == "Trump" }.map(\.normalized)
    #expect(!normalizedTrump.isEmpty && normalizedTrump.allSatisfy { $0 == "Donald Trump" })
  }

  @Test("dates, money and percentages of the article")
  func rules() throws {
    let tagger = try EntityTagger.load()
    let text = try String(contentsOfFile: Fixtures.path("seed-article.txt"), encoding: .utf8)
    let spans = tagger.tag(text)
    func texts(_ t: EntityType) -> Set<String> { Set(spans.filter { $0.type == t }.map(\.text)) }
    #expect(
      texts(.date).isSuperset(of: ["mid-January", "the past decade", "December 2024", "December 9, 2024", "2030"]))
    #expect(texts(.money) == ["$70 billion", "$140 billion"])
    #expect(texts(.percent) == ["7 percent", "10 percent", "78 percent", "53 percent"])
  }
}
