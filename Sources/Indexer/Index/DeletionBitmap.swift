/// Which documents of a segment are deleted: one bit per document, stored as `SEG_GEN.del`.
///
/// `.del` body: maxDoc, deleted count (varints), then the bitmap as little-endian UInt64 words.
struct DeletionBitmap: Sendable, Equatable {
  private(set) var words: [UInt64]
  let maxDoc: Int
  private(set) var count = 0

  init(maxDoc: Int) {
    self.maxDoc = maxDoc
    words = [UInt64](repeating: 0, count: (maxDoc + 63) / 64)
  }

  @inline(__always) func contains(_ doc: Int) -> Bool {
    doc >= 0 && doc < maxDoc && words[doc >> 6] & (1 << UInt64(doc & 63)) != 0
  }

  /// Marks a doc deleted; returns true when it was live.
  @discardableResult
  mutating func insert(_ doc: Int) -> Bool {
    guard doc >= 0 && doc < maxDoc else { return false }
    let bit: UInt64 = 1 << UInt64(doc & 63)
    if words[doc >> 6] & bit != 0 { return false }
    words[doc >> 6] |= bit
    count += 1
    return true
  }

  /// Reads a `.del` file.
  static func read(path: String, maxDoc: Int, verify: Bool) throws -> DeletionBitmap {
    let file = try MappedFile(path: path, kind: .deletions, verifyChecksum: verify)
    var r = file.reader()
    let m = r.int()
    let c = r.int()
    var bitmap = DeletionBitmap(maxDoc: maxDoc)
    guard m == maxDoc, r.remaining == bitmap.words.count * 8 else { throw file.corrupt("bitmap size") }
    for i in 0..<bitmap.words.count { bitmap.words[i] = r.fixed64() }
    bitmap.count = bitmap.words.reduce(0) { $0 + $1.nonzeroBitCount }
    if r.overrun || c != bitmap.count { throw file.corrupt("deleted count \(c) != \(bitmap.count) bits") }
    if maxDoc % 64 != 0, let last = bitmap.words.last, last >> UInt64(maxDoc % 64) != 0 {
      throw file.corrupt("bits beyond maxDoc")
    }
    return bitmap
  }

  func write(path: String, sync: Bool) throws {
    let out = try IndexOutput(path: path, kind: .deletions, sync: sync)
    var w = ByteWriter(capacity: words.count * 8 + 16)
    w.varint(maxDoc)
    w.varint(count)
    for word in words { w.uint64(word) }
    try out.write(w)
    try out.finish()
  }
}
