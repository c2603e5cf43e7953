import CZstd
import Foundation

/// Reads documents from a segment's `.sto` file; a fetch decompresses one block, unless ``StoredBlockCache`` still
/// holds it from an earlier document fetch.
final class StoredFieldsReader: @unchecked Sendable {
  private let file: MappedFile
  private var firstDocs: [Int] = []
  private var offsets: [Int] = []
  private var lengths: [Int] = []
  private var docCounts: [Int] = []
  /// The cache of decompressed blocks, and this reader's number in it.
  let cache: StoredBlockCache
  let cacheOwner: Int

  /// Parses the block index.
  /// - Parameters:
  ///   - file: the mapped `.sto` file.
  ///   - maxDoc: the segment's document count.
  ///   - cache: where decompressed blocks are kept (tests give their own).
  /// - Throws: `SeekError(.corruptIndex)` when the index is inconsistent.
  init(file: MappedFile, maxDoc: Int, cache: StoredBlockCache = .shared) throws {
    self.file = file
    self.cache = cache
    cacheOwner = cache.makeOwner()
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

  deinit { cache.remove(owner: cacheOwner) }

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

  /// How a read uses ``StoredBlockCache``.
  enum CacheUse {
    /// Neither look up nor keep (merges and the checker read every block once).
    case bypass
    /// Use a kept block, but do not keep a new one (facets read many documents once each).
    case lookUp
    /// Use a kept block, and keep a new one (the documents of a page of hits).
    case keep
  }

  /// The decompressed bytes of block `b`, from the cache when it holds them.
  private func decompressed(_ b: Int, cache: CacheUse) throws -> [UInt8] {
    if cache != .bypass, let kept = self.cache.block(owner: cacheOwner, block: b) { return kept }
    let raw = try decompress(b)
    if cache == .keep { self.cache.insert(raw, owner: cacheOwner, block: b) }
    return raw
  }

  /// Decompresses block `b`.
  private func decompress(_ b: Int) throws -> [UInt8] {
    let src = UnsafeRawBufferPointer(rebasing: file.bytes[offsets[b]..<(offsets[b] + lengths[b])])
    let size = ZSTD_getFrameContentSize(src.baseAddress, src.count)
    guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 31 else {
      throw file.corrupt("bad compressed block \(b)")
    }
    var failed = false
    let raw = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
      let n = DecompressionContexts.shared.decompress(
        into: UnsafeMutableRawBufferPointer(buffer), from: src)
      failed = ZSTD_isError(n) != 0 || n != Int(size)
      if failed { buffer.initialize(repeating: 0) }
      count = buffer.count
    }
    guard !failed else { throw file.corrupt("block \(b) does not decompress") }
    return raw
  }

  /// Decompresses block `b` (or takes it from the cache, as `cache` says) and calls `body` with each doc number and
  /// its bytes.
  func withBlock(_ b: Int, cache: CacheUse = .bypass, _ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
    let raw = try decompressed(b, cache: cache)
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

  /// The stored document `doc`: every reader of stored documents goes through here.
  /// - Parameters:
  ///   - doc: the segment-local doc number.
  ///   - resolveBody: read an external body back from its source (``ExternalBodyResolver``); when false such a
  ///     document's body is "" (for callers that need only other fields, such as entity facets).
  /// - Throws: `SeekError(.corruptIndex)` on damage, `.invalidInput` for a doc number out of range.
  func document(_ doc: Int, resolveBody: Bool = true) throws -> Document {
    var result: StoredDocumentCodec.Decoded?
    try withEncodedDocument(doc, cache: .keep) { result = try StoredDocumentCodec.decode($0, source: file.path) }
    guard let result else { throw file.corrupt("document \(doc) missing") }
    return resolveBody ? ExternalBodyResolver.resolve(result) : result.document
  }

  /// Calls `body` with the type and name bytes of each entity of document `doc`, without decoding the rest of it
  /// (``StoredDocumentCodec/forEachEntity(_:source:_:)``).
  /// - Throws: as ``document(_:resolveBody:)``.
  func forEachEntity(_ doc: Int, _ body: (EntityType, UnsafeBufferPointer<UInt8>) -> Void) throws {
    try withEncodedDocument(doc, cache: .lookUp) {
      try StoredDocumentCodec.forEachEntity($0, source: file.path, body)
    }
  }

  /// Decompresses the block holding `doc` and calls `body` with that document's encoded bytes.
  private func withEncodedDocument(
    _ doc: Int, cache: CacheUse, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    guard let b = block(containing: doc) else {
      throw SeekError(.invalidInput, "document \(doc) is not in segment file \(file.path)")
    }
    var found = false
    try withBlock(b, cache: cache) { d, bytes in
      if d == doc {
        found = true
        try body(bytes)
      }
    }
    guard found else { throw file.corrupt("document \(doc) missing") }
  }

  /// Calls `body` with every document's encoded bytes in doc order (merges and the checker).
  func forEachEncoded(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
    for b in 0..<firstDocs.count { try withBlock(b, body) }
  }
}

/// Reusable zstd decompression contexts (creating one per block costs more than a small block's decompression).
final class DecompressionContexts: @unchecked Sendable {
  static let shared = DecompressionContexts()
  private let lock = NSLock()
  private var free: [OpaquePointer] = []

  /// Decompresses one zstd frame.
  /// - Returns: the decompressed size or a zstd error code (`ZSTD_isError`).
  func decompress(into dst: UnsafeMutableRawBufferPointer, from src: UnsafeRawBufferPointer) -> Int {
    lock.lock()
    let context = free.popLast() ?? ZSTD_createDCtx()
    lock.unlock()
    guard let context else { return ZSTD_decompress(dst.baseAddress, dst.count, src.baseAddress, src.count) }
    let n = ZSTD_decompressDCtx(context, dst.baseAddress, dst.count, src.baseAddress, src.count)
    lock.lock()
    if free.count < 8 { free.append(context) } else { ZSTD_freeDCtx(context) }
    lock.unlock()
    return n
  }
}
