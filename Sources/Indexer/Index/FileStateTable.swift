/// What the index remembers of a source file, so incremental indexing can skip unchanged files with one `stat`.
public struct FileState: Sendable, Equatable {
  /// Size in bytes.
  public var size: Int64
  /// Modification time in nanoseconds since the epoch.
  public var modificationTime: Int64
  /// A hash of the content (the pipeline chooses it; e.g. XXH64), confirming a change when size/mtime differ.
  public var contentHash: UInt64

  /// Creates a file state.
  public init(size: Int64, modificationTime: Int64, contentHash: UInt64) {
    self.size = size
    self.modificationTime = modificationTime
    self.contentHash = contentHash
  }
}

/// The `files_N.tab` file: path -> ``FileState`` for every indexed source file, written at a commit when it
/// changed. Body: count, then per path in sorted order: shared prefix length with the previous path, suffix,
/// size, mtime (zig-zag), content hash (UInt64 LE).
enum FileStateTable {
  static func read(path: String) throws -> [String: FileState] {
    let file = try MappedFile(path: path, kind: .fileTable, verifyChecksum: true)
    var r = file.reader()
    let count = r.int()
    guard count <= r.remaining else { throw file.corrupt("entry count") }
    var table: [String: FileState] = [:]
    table.reserveCapacity(count)
    var previous: [UInt8] = []
    for _ in 0..<count {
      let prefix = r.int()
      guard prefix <= previous.count else { throw file.corrupt("path prefix") }
      previous.removeLast(previous.count - prefix)
      previous.append(contentsOf: r.bytes(r.int()))
      let size = Int64(r.int())
      let mtime = Int64(r.signedVarint())
      let hash = r.fixed64()
      table[String(decoding: previous, as: UTF8.self)] = FileState(
        size: size, modificationTime: mtime, contentHash: hash)
    }
    if r.overrun || !r.isAtEnd { throw file.corrupt("file table structure") }
    return table
  }

  static func write(_ table: [String: FileState], path: String, sync: Bool) throws {
    let out = try IndexOutput(path: path, kind: .fileTable, sync: sync)
    var w = ByteWriter(capacity: table.count * 48)
    w.varint(table.count)
    var previous: [UInt8] = []
    for key in table.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let bytes = Array(key.utf8)
      var prefix = 0
      let n = min(bytes.count, previous.count)
      while prefix < n && bytes[prefix] == previous[prefix] { prefix += 1 }
      w.varint(prefix)
      w.varint(bytes.count - prefix)
      w.bytes.append(contentsOf: bytes[prefix...])
      let s = table[key]!
      w.varint(UInt64(max(0, s.size)))
      w.signedVarint(Int(s.modificationTime))
      w.uint64(s.contentHash)
      previous = bytes
    }
    try out.write(w)
    try out.finish()
  }
}
