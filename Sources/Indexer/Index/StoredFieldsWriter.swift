import CZstd

/// Accumulates stored documents in zstd-compressed blocks of ~16 KB and writes a segment's `.sto` file.
///
/// `.sto` body: compressed blocks, then the block index (count; per block: first-doc delta, compressed length,
/// doc count), then the index offset as UInt64. A block decompresses to: doc count, each doc's byte length
/// (varints), the docs' bytes.
final class StoredFieldsWriter {
  private var compressed: [UInt8] = []
  private var blockFirstDocs: [Int] = []
  private var blockLengths: [Int] = []
  private var blockDocCounts: [Int] = []
  private var pending = ByteWriter()
  private var pendingLengths: [Int] = []
  private(set) var docCount = 0
  private let level: Int32

  /// - Parameter level: zstd compression level.
  init(level: Int32 = 3) { self.level = level }

  /// Bytes held in memory (for the writer's budget).
  var memoryBytes: Int { compressed.capacity + pending.bytes.capacity + pendingLengths.capacity * 8 }

  /// Adds the next document.
  func add(_ document: Document) {
    let start = pending.count
    StoredDocumentCodec.encode(document, into: &pending)
    pendingLengths.append(pending.count - start)
    docCount += 1
    if pending.count >= IndexFormat.storedBlockSize { compressBlock() }
  }

  /// Adds the next document's already-encoded bytes (merges copy them).
  func add(encoded bytes: UnsafeRawBufferPointer) {
    pending.append(bytes)
    pendingLengths.append(bytes.count)
    docCount += 1
    if pending.count >= IndexFormat.storedBlockSize { compressBlock() }
  }

  private func compressBlock() {
    guard !pendingLengths.isEmpty else { return }
    var raw = ByteWriter(capacity: pending.count + pendingLengths.count * 3 + 8)
    raw.varint(pendingLengths.count)
    for n in pendingLengths { raw.varint(n) }
    raw.append(pending.bytes)
    let bound = ZSTD_compressBound(raw.count)
    let start = compressed.count
    compressed.reserveCapacity(start + bound)
    compressed.append(contentsOf: repeatElement(0, count: bound))
    let written = raw.bytes.withUnsafeBytes { src in
      compressed.withUnsafeMutableBytes { dst in
        ZSTD_compress(dst.baseAddress! + start, bound, src.baseAddress!, src.count, level)
      }
    }
    precondition(ZSTD_isError(written) == 0, "zstd compression failed")
    compressed.removeLast(bound - written)
    blockFirstDocs.append(docCount - pendingLengths.count)
    blockLengths.append(written)
    blockDocCounts.append(pendingLengths.count)
    pending.removeAll()
    pendingLengths.removeAll(keepingCapacity: true)
  }

  /// Writes the `.sto` file.
  /// - Parameters:
  ///   - path: the file.
  ///   - sync: fsync it.
  func write(to path: String, sync: Bool) throws {
    compressBlock()
    let out = try IndexOutput(path: path, kind: .stored, sync: sync)
    try out.write(compressed)
    let indexOffset = out.position
    var w = ByteWriter()
    w.varint(blockFirstDocs.count)
    var previous = 0
    for i in 0..<blockFirstDocs.count {
      w.varint(blockFirstDocs[i] - previous)
      previous = blockFirstDocs[i]
      w.varint(blockLengths[i])
      w.varint(blockDocCounts[i])
    }
    w.uint64(UInt64(indexOffset))
    try out.write(w)
    try out.finish()
  }
}

/// Reads documents from a segment's `.sto` file; a fetch decompresses one block.
final class StoredFieldsReader: @unchecked Sendable {
  private let file: MappedFile
  private var firstDocs: [Int] = []
  private var offsets: [Int] = []
  private var lengths: [Int] = []
  private var docCounts: [Int] = []

  /// Parses the block index.
  /// - Throws: `SeekError(.corruptIndex)` when the index is inconsistent.
  init(file: MappedFile, maxDoc: Int) throws {
    self.file = file
    let body = file.bytes
    guard body.count >= IndexFormat.headerSize + 8 else { throw file.corrupt("too short") }
    var tail = ByteReader(body, start: body.count - 8)
    let indexOffset = Int(truncatingIfNeeded: tail.fixed64())
    guard indexOffset >= IndexFormat.headerSize, indexOffset <= body.count - 8 else {
      throw file.corrupt("bad stored-fields index offset")
    }
    var r = ByteReader(body, start: indexOffset, end: body.count - 8)
    let count = r.int()
    guard count <= r.remaining else { throw file.corrupt("bad block count") }
    var doc = 0
    var offset = IndexFormat.headerSize
    var total = 0
    for _ in 0..<count {
      doc += r.int()
      firstDocs.append(doc)
      offsets.append(offset)
      let n = r.int()
      lengths.append(n)
      offset += n
      let dc = r.int()
      docCounts.append(dc)
      total += dc
    }
    if r.overrun || offset != indexOffset || total != maxDoc {
      throw file.corrupt("stored-fields index does not match the blocks (\(total) docs, expected \(maxDoc))")
    }
  }

  var blockCount: Int { firstDocs.count }

  private func block(containing doc: Int) -> Int? {
    var lo = 0
    var hi = firstDocs.count - 1
    guard hi >= 0, doc >= 0 else { return nil }
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if firstDocs[mid] <= doc { lo = mid } else { hi = mid - 1 }
    }
    return doc - firstDocs[lo] < docCounts[lo] ? lo : nil
  }

  /// Decompresses block `b` and calls `body` with each doc number and its bytes.
  func withBlock(_ b: Int, _ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
    let src = UnsafeRawBufferPointer(rebasing: file.bytes[offsets[b]..<(offsets[b] + lengths[b])])
    let size = ZSTD_getFrameContentSize(src.baseAddress, src.count)
    guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 31 else {
      throw file.corrupt("bad compressed block \(b)")
    }
    var raw = [UInt8](repeating: 0, count: Int(size))
    let n = raw.withUnsafeMutableBytes { ZSTD_decompress($0.baseAddress, $0.count, src.baseAddress, src.count) }
    guard ZSTD_isError(n) == 0, n == Int(size) else { throw file.corrupt("block \(b) does not decompress") }
    try raw.withUnsafeBytes { rawBytes in
      var r = ByteReader(rawBytes)
      let count = r.int()
      guard count == docCounts[b] else { throw file.corrupt("block \(b) doc count") }
      var docLengths: [Int] = []
      docLengths.reserveCapacity(count)
      for _ in 0..<count { docLengths.append(r.int()) }
      var position = r.position
      for (i, len) in docLengths.enumerated() {
        guard !r.overrun, len >= 0, position + len <= rawBytes.count else { throw file.corrupt("block \(b) lengths") }
        try body(firstDocs[b] + i, UnsafeRawBufferPointer(rebasing: rawBytes[position..<(position + len)]))
        position += len
      }
      guard position == rawBytes.count else { throw file.corrupt("block \(b) has trailing bytes") }
    }
  }

  /// The stored document `doc`.
  /// - Throws: `SeekError(.corruptIndex)` on damage, `.invalidInput` for a doc number out of range.
  func document(_ doc: Int) throws -> Document {
    guard let b = block(containing: doc) else {
      throw SeekError(.invalidInput, "document \(doc) is not in segment file \(file.path)")
    }
    var result: Document?
    try withBlock(b) { d, bytes in
      if d == doc { result = try StoredDocumentCodec.decode(bytes, source: file.path) }
    }
    guard let result else { throw file.corrupt("document \(doc) missing") }
    return result
  }

  /// Calls `body` with every document's encoded bytes in doc order (merges and the checker).
  func forEachEncoded(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
    for b in 0..<firstDocs.count { try withBlock(b, body) }
  }
}
