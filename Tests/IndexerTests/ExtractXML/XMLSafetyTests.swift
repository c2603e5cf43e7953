import Indexer
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct XMLSafetyTests {
  /// Seconds taken by `body`.
  private func timed<T>(_ body: () -> T) -> (T, Double) {
    var a = timespec()
    var b = timespec()
    clock_gettime(CLOCK_MONOTONIC, &a)
    let value = body()
    clock_gettime(CLOCK_MONOTONIC, &b)
    return (value, Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9)
  }

  /// Every text the result carries, for leak checks.
  private func allText(_ result: ExtractionResult) -> String {
    var out = result.diagnostics.map(\.message).joined(separator: "\n")
    for d in result.documents {
      out += d.title + d.body + d.description + d.boilerplate + d.headings.joined() + d.metadata.values.joined()
      out += d.diagnostics.map(\.message).joined(separator: "\n")
    }
    return out
  }

  @Test func xxeDoesNotReadLocalFiles() throws {
    let result = Extractor().extract(path: Fixtures.path("attacks/xxe.xml"))
    let text = allText(result)
    #expect(!text.contains("root:"))
    let doc = try #require(result.documents.first)
    #expect(doc.title == "XXE probe")
    #expect(doc.body == "before after")
  }

  @Test func billionLaughsIsRejectedQuickly() {
    let (result, seconds) = timed { Extractor().extract(path: Fixtures.path("attacks/billion-laughs.xml")) }
    #expect(seconds < 5)
    #expect(!result.documents.isEmpty || !result.diagnostics.isEmpty)
    #expect(allText(result).utf8.count < 100_000)
    #expect(!allText(result).contains("lollollol"))
    // Each problem once: libxml2 repeats the loop error for every reference, `seek extract` printed it 9 times.
    let diagnostics = result.diagnostics + result.documents.flatMap(\.diagnostics)
    #expect(!diagnostics.isEmpty)
    for (a, b) in zip(diagnostics, diagnostics.dropFirst()) { #expect(a != b, "repeated: \(a)") }
  }

  @Test func quadraticBlowupIsNotExpanded() {
    let (result, seconds) = timed { Extractor().extract(path: Fixtures.path("attacks/quadratic-blowup.xml")) }
    #expect(seconds < 5)
    #expect(!result.documents.isEmpty || !result.diagnostics.isEmpty)
    #expect(allText(result).utf8.count < 1_000_000)
    #expect(result.documents.first?.title == "Quadratic blow-up")
  }

  @Test func deepNestingIsHandled() {
    let depth = 100_000
    var bytes: [UInt8] = []
    bytes.reserveCapacity(depth * 8 + 64)
    bytes += Array("<?xml version=\"1.0\"?>\n".utf8)
    for _ in 0..<depth { bytes += Array("<d>".utf8) }
    bytes += Array("deep".utf8)
    for _ in 0..<depth { bytes += Array("</d>".utf8) }
    let (result, seconds) = timed { Extractor().extract(bytes: bytes, path: "/tmp/deep.xml") }
    #expect(seconds < 5)
    let problems = result.diagnostics + result.documents.flatMap(\.diagnostics)
    #expect(!result.documents.isEmpty || !problems.isEmpty)
    #expect(problems.contains { $0.line > 0 && $0.column > 0 })
  }

  @Test func deepNestingInFeedHTMLIsHandled() {
    let html =
      String(repeating: "&lt;div&gt;", count: 50_000) + "Huawei" + String(repeating: "&lt;/div&gt;", count: 50_000)
    let rss = "<rss><channel><item><title>t</title><description>\(html)</description></item></channel></rss>"
    let (result, seconds) = timed { Extractor().extract(bytes: Array(rss.utf8), path: "/tmp/deep.rss") }
    #expect(seconds < 5)
    #expect(result.documents.count == 1)
  }

  @Test func tenMegabyteSingleLineIsHandled() throws {
    var bytes: [UInt8] = Array("<doc><title>Long line</title>".utf8)
    let chunk = Array(("<p>" + String(repeating: "DeepSeek export controls BeiDou ", count: 30) + "</p>").utf8)
    while bytes.count < 10_000_000 { bytes += chunk }
    bytes += Array("<p>TikTok end</p></doc>".utf8)
    let (result, seconds) = timed { Extractor().extract(bytes: bytes, path: "/tmp/long.xml") }
    #expect(seconds < 10)
    let doc = try #require(result.documents.first)
    #expect(doc.title == "Long line")
    #expect(doc.body.hasSuffix("TikTok end"))
    let offset = doc.body.utf8.count - "end".utf8.count
    let pos = doc.sourceMap.position(ofBodyOffset: offset, in: doc.body)
    #expect(pos.line == 1)
    #expect(pos.column == bytes.count - "end</p></doc>".utf8.count + 1)
  }

  @Test func invalidBytesAndGarbageDoNotCrash() {
    var bytes: [UInt8] = Array("<doc><p>ok".utf8) + [0xFF, 0xFE, 0xC3] + Array("</p><<<>>>&&&;</doc".utf8)
    bytes += [UInt8](repeating: 0x3C, count: 1000)
    let result = Extractor().extract(bytes: bytes, path: "/tmp/garbage.xml")
    #expect(!result.documents.isEmpty || !result.diagnostics.isEmpty)
    let empty = Extractor().extract(bytes: [], path: "/tmp/empty.xml")
    #expect(empty.documents.isEmpty)
  }
}
