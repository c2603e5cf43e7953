import CZstd
import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The stored-fields writer compresses every block with one reused zstd context: the file must hold what
/// compressing each block on its own gives, and read back to the documents written.
@Suite struct StoredFieldsWriterTests {
  /// Documents of varied text, enough for several 64 KB blocks.
  static func documents(_ count: Int) -> [Document] {
    var rng = SeededRandom(seed: 7)
    let words = ["market", "shares", "Reuters", "oil", "price", "London", "bank", "said", "rose", "1987", "pct"]
    return (0..<count).map { i in
      let body = (0..<(40 + Int(rng.next() % 400))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
        .joined(separator: " ")
      return Document(id: "d\(i)", path: "/x/\(i % 7).txt", kind: .text, title: "title \(i)", body: body)
    }
  }

  @Test func reusedContextGivesPerBlockCompressionAndReadsBack() throws {
    let docs = Self.documents(900)
    let dir = NSTemporaryDirectory() + "seek-stored-writer-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/s1.sto"
    let writer = StoredFieldsWriter()
    for d in docs { writer.add(d) }
    try writer.write(to: path, sync: false)

    let file = try MappedFile(path: path, kind: .stored, verifyChecksum: true)
    let reader = try StoredFieldsReader(file: file, maxDoc: docs.count)
    for i in stride(from: 0, to: docs.count, by: 37) {
      let d = try reader.document(i, resolveBody: false)
      #expect(d.id == docs[i].id && d.body == docs[i].body && d.title == docs[i].title)
    }
    // Each block, re-encoded the way the writer lays it out, compresses on its own to the stored bytes.
    var blocks = 0
    var raw = ByteWriter()
    var lengths: [Int] = []
    var pending = ByteWriter()
    var expected: [UInt8] = []
    func flush() {
      guard !lengths.isEmpty else { return }
      raw = ByteWriter()
      raw.varint(lengths.count)
      for n in lengths { raw.varint(n) }
      raw.append(pending.bytes)
      let bound = ZSTD_compressBound(raw.count)
      var out = [UInt8](repeating: 0, count: bound)
      let written = raw.bytes.withUnsafeBytes { src in
        out.withUnsafeMutableBytes {
          ZSTD_compress($0.baseAddress!, bound, src.baseAddress!, src.count, IndexFormat.storedCompressionLevel)
        }
      }
      expected += out[0..<written]
      blocks += 1
      lengths.removeAll()
      pending.removeAll()
    }
    for d in docs {
      let start = pending.count
      StoredDocumentCodec.encode(d, external: nil, into: &pending)
      lengths.append(pending.count - start)
      if pending.count >= IndexFormat.storedBlockSize { flush() }
    }
    flush()
    #expect(blocks >= 3, "the documents fill several blocks")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    #expect(bytes.count > expected.count)
    let body = [UInt8](bytes)
    let found = body.withUnsafeBufferPointer { b in
      (0...(b.count - expected.count)).contains { o in
        expected.withUnsafeBufferPointer { memcmp(b.baseAddress! + o, $0.baseAddress!, expected.count) == 0 }
      }
    }
    #expect(found, "the file holds the blocks compressed one by one")
  }
}
