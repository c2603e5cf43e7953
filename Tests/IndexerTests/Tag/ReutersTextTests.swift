import Foundation
import Indexer
import TestSupport
import Testing

/// The byte-level unescaping of Reuters-21578 text (used for word classes and the tag benchmark) must give the
/// bytes of the Foundation version it replaced, so that training stays reproducible.
@Suite("Reuters text unescaping")
struct ReutersTextTests {
  @Test("byte-level unescape equals the Foundation replacements on tricky strings")
  func synthetic() {
    let cases = [
      "a &lt;b&gt; &amp; c&#3;", "&amp;lt; &amp;#3; &&lt;lt;; &lt", "no entities", "", "&#3;&#3;&#3;", "&",
      "caf\u{E9} &amp; cr\u{E8}me &lt;\u{301}",
    ]
    for c in cases {
      let b = Array(c.utf8)
      #expect(WordClusters.unescape(b) == WordClusters.unescapeSlow(b), "\(c)")
    }
    let invalid: [UInt8] = [0x41, 0xFF, 0x26, 0x6C, 0x74, 0x3B, 0xC3]
    #expect(WordClusters.unescape(invalid) == WordClusters.unescapeSlow(invalid))
  }

  @Test("equal on every document of reut2-000.sgm (when the corpus is present)")
  func reutersFile() throws {
    guard let bytes = Fixtures.sharedFile("reuters21578/reut2-000.sgm") else { return }
    let end = Array("</REUTERS>".utf8)
    var start = 0
    var documents = 0
    var i = 0
    while i + end.count <= bytes.count {
      if bytes[i] == end[0] && Array(bytes[i..<(i + end.count)]) == end {
        let doc = Array(bytes[start..<i])
        #expect(WordClusters.unescape(doc) == WordClusters.unescapeSlow(doc))
        documents += 1
        start = i + end.count
      }
      i += 1
    }
    #expect(documents > 900)
  }
}
