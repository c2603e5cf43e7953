import Indexer
import Testing

@Suite("Entity tagger tokenizer")
struct NERTokenizerTests {
  func tokens(_ s: String) -> [String] {
    let t = NERTokenizer.tokenize(Array(s.utf8))
    return (0..<t.count).map { t.text($0) }
  }

  @Test("punctuation, possessives, currency and percent become tokens; abbreviations keep periods")
  func splitting() {
    #expect(
      tokens("U.S. President Donald Trump’s “wake-up call” cost $70 billion (78%).")
        == [
          "U.S.", "President", "Donald", "Trump", "’s", "“", "wake-up", "call", "”", "cost", "$", "70", "billion", "(",
          "78", "%", ")", ".",
        ])
    #expect(
      tokens("Mr. Smith paid US$3.5m to Acme Inc. in 1,000.5 units...") == [
        "Mr.", "Smith", "paid", "US$", "3.5m", "to", "Acme", "Inc.", "in", "1,000.5", "units", "...",
      ])
    #expect(
      tokens("China's firms, e.g. Huawei, grew.") == ["China", "'s", "firms", ",", "e.g.", "Huawei", ",", "grew", "."])
  }

  @Test("offsets are UTF-8 byte offsets; sentences split at periods, blank lines and headlines")
  func offsetsAndSentences() {
    let text = "CHINA SHARES RISE\nZürich is big. It grew fast.\n\nNew part here"
    let t = NERTokenizer.tokenize(Array(text.utf8))
    let bytes = Array(text.utf8)
    for k in 0..<t.count {
      #expect(String(decoding: bytes[Int(t.starts[k])..<Int(t.ends[k])], as: UTF8.self) == t.text(k))
    }
    let sentences = t.sentences.map { r in r.map { t.text($0) }.joined(separator: " ") }
    #expect(sentences == ["CHINA SHARES RISE", "Zürich is big .", "It grew fast .", "New part here"])
  }

  @Test("odd input does not crash")
  func oddInput() {
    #expect(tokens("").isEmpty)
    #expect(tokens("   \n\t ").isEmpty)
    _ = tokens("\u{FEFF}\u{00A0}“”‘’…—–$€£¥%'\"")
    _ = tokens(String(repeating: "word ", count: 1000))
    let t = NERTokenizer.tokenize(Array(String(repeating: "word ", count: 1000).utf8))
    #expect(t.sentences.allSatisfy { $0.count <= 150 })
  }
}
