import CZstd
import Foundation

/// Accumulates stored documents in zstd-compressed blocks of ~64 KB and writes a segment's `.sto` file.
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
  /// When set (merges), finished blocks go straight to the file instead of memory.
  private let output: IndexOutput?
  private var writtenBlockBytes = 0
  /// The zstd compression context, made on the first block and reused for every block: `ZSTD_compress` makes
  /// and frees one per call, allocating and zeroing its match tables each time (same output either way).
  private var context: OpaquePointer?

  /// An in-memory writer (the indexing buffer: its compressed blocks count against the memory budget).
  /// - Parameter level: zstd compression level.
  init(level: Int32 = IndexFormat.storedCompressionLevel) {
    self.level = level
    output = nil
  }

  /// A writer that streams finished blocks to `path` (merges: memory stays flat whatever the segment size).
  init(streamingTo path: String, sync: Bool, level: Int32 = IndexFormat.storedCompressionLevel) throws {
    self.level = level
    output = try IndexOutput(path: path, kind: .stored, sync: sync)
  }

  deinit {
    if let context { ZSTD_freeCCtx(context) }
  }

  private func drain() throws {
    guard let output, !compressed.isEmpty else { return }
    try output.write(compressed)
    compressed.removeAll(keepingCapacity: true)
  }

  /// Bytes held in memory (for the writer's budget).
  var memoryBytes: Int { compressed.capacity + pending.bytes.capacity + pendingLengths.capacity * 8 }

  /// Adds the next document.
  /// - Parameters:
  ///   - document: the document.
  ///   - external: where its body can be read back from (then only this reference is stored), or nil.
  func add(_ document: Document, external: ExternalBody? = nil) {
    let start = pending.count
    StoredDocumentCodec.encode(document, external: external, into: &pending)
    pendingLengths.append(pending.count - start)
    docCount += 1
    if pending.count >= IndexFormat.storedBlockSize { compressBlock() }
  }

  /// Adds the next document's already-encoded bytes (merges copy them).
  func add(encoded bytes: UnsafeRawBufferPointer) throws {
    pending.append(bytes)
    pendingLengths.append(bytes.count)
    docCount += 1
    if pending.count >= IndexFormat.storedBlockSize {
      compressBlock()
      try drain()
    }
  }

  private func compressBlock() {
    guard !pendingLengths.isEmpty else { return }
    var raw = ByteWriter(capacity: pending.count + pendingLengths.count * 3 + 8)
    raw.varint(pendingLengths.count)
    for n in pendingLengths { raw.varint(n) }
    raw.append(pending.bytes)
    let bound = ZSTD_compressBound(raw.count)
    let start = compressed.count
    compressed.append(contentsOf: repeatElement(0, count: bound))
    if context == nil { context = ZSTD_createCCtx() }
    guard let context else { preconditionFailure("zstd could not allocate a compression context") }
    let written = raw.bytes.withUnsafeBytes { src in
      compressed.withUnsafeMutableBytes { dst in
        ZSTD_compressCCtx(context, dst.baseAddress! + start, bound, src.baseAddress!, src.count, level)
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
    let out: IndexOutput
    if let output {
      precondition(output.path == path, "a streaming stored-fields writer finishes its own file")
      try drain()
      out = output
    } else {
      out = try IndexOutput(path: path, kind: .stored, sync: sync)
      try out.write(compressed)
    }
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
