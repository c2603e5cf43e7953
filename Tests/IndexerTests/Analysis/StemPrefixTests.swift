import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The premise of the snippet tokenizer's shortcut (``Analyzer/termsKeepFirstByte``): for the Snowball algorithms in
/// ``Stemmer/suffixOnlyAlgorithms``, every term begins with its folded token's first byte and is no longer than it.
/// Checked on every token of the fixtures and, when `../shared/data` is present, of the English corpora there
/// (Reuters-21578, the Wikipedia pages, CoNLL-2003, the IR collections), read as raw bytes so that markup words
/// count too.
@Suite struct StemPrefixTests {
  /// Counts the tokens checked and keeps the first few that break the premise.
  struct Check {
    var tokens = 0
    var failures: [String] = []

    mutating func run(_ analyzer: Analyzer, _ bytes: UnsafeBufferPointer<UInt8>) {
      analyzer.analyzeBytes(bytes) { token in
        tokens += 1
        let term = token.term
        let exact = token.exact
        guard term.count > 0, exact.count > 0 else { return }
        if term.count > exact.count || term[0] != exact[0], failures.count < 20 {
          failures.append(
            String(decoding: exact, as: UTF8.self) + " -> " + String(decoding: term, as: UTF8.self))
        }
      }
    }

    mutating func run(_ analyzer: Analyzer, file path: String) {
      guard let data = FileManager.default.contents(atPath: path) else { return }
      [UInt8](data).withUnsafeBufferPointer { run(analyzer, $0) }
    }
  }

  /// The files of `relativePath` under the shared data (every file of a folder, or the file itself).
  static func sharedFiles(_ relativePath: String) -> [String] {
    guard let root = Fixtures.sharedData else { return [] }
    let path = root + "/" + relativePath
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      print("skipping: \(path) is absent")
      return []
    }
    guard isDirectory.boolValue else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.sorted().map { path + "/" + $0 }
  }

  @Test(arguments: Array(Stemmer.suffixOnlyAlgorithms).sorted())
  func termsKeepTheFirstByteOnTheFixtures(algorithm: String) throws {
    let analyzer = Analyzer(language: algorithm)
    #expect(analyzer.stemmerAlgorithm == algorithm)
    #expect(analyzer.termsKeepFirstByte)
    var check = Check()
    let root = Fixtures.directory
    for file in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
      check.run(analyzer, file: root + "/" + file)
      for doc in Extractor().extract(path: root + "/" + file).documents {
        var body = doc.body
        body.withUTF8 { check.run(analyzer, $0) }
      }
    }
    // English's exceptions and suffix rewrites, spelled out.
    var words =
      "dying lying tying skies skis idly gently early only singly news atlas cosmos bias andes ies ied"
      + " generously communism arsenal hoping hopped conditional happy cry flies agreed"
    words.withUTF8 { check.run(analyzer, $0) }
    #expect(check.failures.isEmpty, "\(check.failures)")
    #expect(check.tokens > 10_000)
  }

  @Test(arguments: Array(Stemmer.suffixOnlyAlgorithms).sorted())
  func termsKeepTheFirstByteOnTheSharedCorpora(algorithm: String) {
    guard Fixtures.sharedData != nil else {
      print("skipping: ../shared/data is absent (set SEEK_SHARED_DATA to run)")
      return
    }
    let analyzer = Analyzer(language: algorithm)
    var check = Check()
    let paths =
      Self.sharedFiles("reuters21578").filter { $0.hasSuffix(".sgm") || $0.hasSuffix(".txt") }
      // Every third Wikipedia page keeps the test to seconds in debug builds (all 3,294 pages pass too).
      + Self.sharedFiles("html/wikipedia-2007").enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
      + Self.sharedFiles("ner/conll2003")
      + ["scifact", "cranfield", "cisi"].flatMap { Self.sharedFiles("ir/\($0)/docs.jsonl") }
    for path in paths { check.run(analyzer, file: path) }
    #expect(check.failures.isEmpty, "\(check.failures)")
    print("\(algorithm): \(check.tokens) tokens of \(paths.count) files checked")
  }

  @Test func theCheckCatchesAPrefixStrippingStemmer() {
    // Indonesian strips prefixes (membaca -> baca): the check must see it.
    var check = Check()
    var words = "membaca dibaca pembacaan"
    words.withUTF8 { check.run(Analyzer(language: "id"), $0) }
    #expect(!check.failures.isEmpty)
  }

  @Test func languagesOutsideTheListDoNotTakeTheShortcut() {
    #expect(Analyzer(language: "en").termsKeepFirstByte)
    #expect(Analyzer(language: "").termsKeepFirstByte)
    #expect(Analyzer(language: "zh").termsKeepFirstByte)  // not stemmed
    #expect(Analyzer(language: "en", stemming: false).termsKeepFirstByte)
    #expect(!Analyzer(language: "id").termsKeepFirstByte)  // Indonesian strips prefixes
    #expect(!Analyzer(language: "fr").termsKeepFirstByte)
  }
}
