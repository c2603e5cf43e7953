#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Constants and names of the on-disk format.
///
/// Every index file is `header (magic: 4 bytes, format version: UInt32 LE) + body + footer (XXH64 of header and
/// body: UInt64 LE)`. See `README.md` in this folder for each file's body.
enum IndexFormat {
  /// The format version written by this build; readers refuse newer ones. 2: stored bodies may be references
  /// to the source file (``ExternalBody``).
  static let version: UInt32 = 2
  /// The oldest version this build reads; an older index must be rebuilt (the message says how).
  static let minimumVersion: UInt32 = 2
  static let headerSize = 8
  static let footerSize = 8
  /// The manifest naming the live segments.
  static let manifestName = "MANIFEST"
  static let manifestTemporaryName = "MANIFEST.tmp"
  static let lockName = "write.lock"
  /// Docs per postings block.
  static let blockSize = 128
  /// Terms per term-dictionary block.
  static let termBlockSize = 32
  /// Uncompressed bytes per stored-fields block (a fetch decompresses one: ~40 µs at 64 KB).
  static let storedBlockSize = 64 * 1024
  /// zstd level of stored-fields blocks (9: ~5% smaller than 3, still ~40 MB/s per core on short records).
  static let storedCompressionLevel: Int32 = 9
}

/// The kinds of index file, with their magic numbers and file-name extensions.
enum IndexFileKind: String, CaseIterable, Sendable {
  case manifest
  case termIndex = "tix"
  case terms = "ter"
  case postings = "doc"
  case positions = "pos"
  case norms = "nrm"
  case stored = "sto"
  case deletions = "del"
  case fileTable = "tab"
  case termVectors = "vec"
  case entities = "ent"

  /// The 4-byte magic at the start of the file.
  var magic: UInt32 {
    let s: String
    switch self {
    case .manifest: s = "SKMF"
    case .termIndex: s = "SKTI"
    case .terms: s = "SKTD"
    case .postings: s = "SKPO"
    case .positions: s = "SKPS"
    case .norms: s = "SKNR"
    case .stored: s = "SKST"
    case .deletions: s = "SKDL"
    case .fileTable: s = "SKFT"
    case .termVectors: s = "SKTV"
    case .entities: s = "SKEN"
    }
    return s.utf8.reduce(0) { ($0 << 8) | UInt32($1) }
  }

  /// The kinds every segment has (deletions are optional and generation-numbered).
  static let segmentKinds: [IndexFileKind] = [.termIndex, .terms, .postings, .positions, .norms, .stored]

  /// The kinds a segment may lack: term vectors (``TermVectors``) and the entity column (``EntityColumn``) came
  /// after format 2's first release, so segments written before have none (they open as before; the feedback
  /// stage skips them, facets read their stored entities).
  static let optionalSegmentKinds: [IndexFileKind] = [.termVectors, .entities]

  /// The kind of a file name written by the index (`MANIFEST`, `sN.kind`, `sN_G.del`, `files_G.tab`), or nil
  /// for any other name: files the index did not write are never touched.
  static func of(fileName name: String) -> IndexFileKind? {
    if name == IndexFormat.manifestName { return .manifest }
    guard let dot = name.lastIndex(of: ".") else { return nil }
    guard let kind = IndexFileKind(rawValue: String(name[name.index(after: dot)...])) else { return nil }
    let stem = name[..<dot].utf8
    func isSegmentName(_ s: Substring.UTF8View) -> Bool {
      s.count >= 2 && s.first == UInt8(ascii: "s")
        && s.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
    func isNumber(_ s: Substring.UTF8View.SubSequence) -> Bool {
      !s.isEmpty && s.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
    switch kind {
    case .manifest: return nil
    case .fileTable:
      return stem.starts(with: "files_".utf8) && isNumber(stem.dropFirst(6)) ? kind : nil
    case .deletions:
      guard let underscore = stem.lastIndex(of: UInt8(ascii: "_")) else { return nil }
      return isSegmentName(name[..<underscore].utf8) && isNumber(stem[stem.index(after: underscore)...]) ? kind : nil
    default:
      return isSegmentName(stem) ? kind : nil
    }
  }

  /// Whether a file name is one the index writes (including `MANIFEST.tmp` and `write.lock`).
  static func isIndexFileName(_ name: String) -> Bool {
    name == IndexFormat.manifestTemporaryName || name == IndexFormat.lockName || of(fileName: name) != nil
  }
}

/// File names of a segment's files.
enum SegmentFiles {
  static func name(_ segment: String, _ kind: IndexFileKind) -> String { "\(segment).\(kind.rawValue)" }
  static func deletions(_ segment: String, generation: Int) -> String { "\(segment)_\(generation).del" }
  static func fileTable(generation: Int) -> String { "files_\(generation).tab" }
  /// All files of a live segment.
  static func all(_ segment: String, deletionGeneration: Int) -> [String] {
    var names = (IndexFileKind.segmentKinds + IndexFileKind.optionalSegmentKinds).map { name(segment, $0) }
    if deletionGeneration > 0 { names.append(deletions(segment, generation: deletionGeneration)) }
    return names
  }
  /// A segment name from a counter: `s` + base 36.
  static func segmentName(_ counter: Int) -> String { "s" + String(counter, radix: 36) }
}

/// Writes one index file: header, buffered body, checksum footer, fsync.
final class IndexOutput {
  let path: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private var hasher = XXHash64()
  private var flushed = 0
  private let syncOnClose: Bool

  /// Creates (truncates) the file and writes the header.
  /// - Parameters:
  ///   - path: the file.
  ///   - kind: its kind (magic).
  ///   - sync: whether ``finish()`` fsyncs.
  /// - Throws: `SeekError(.io)` when the file cannot be created.
  init(path: String, kind: IndexFileKind, sync: Bool = true) throws {
    self.path = path
    syncOnClose = sync
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { throw SeekError.io("create", path: path, errno: errno) }
    buffer.reserveCapacity(1 << 16)
    var header = ByteWriter()
    header.bytes.append(contentsOf: withUnsafeBytes(of: kind.magic.bigEndian) { Array($0) })
    header.uint32(IndexFormat.version)
    buffer.append(contentsOf: header.bytes)
  }

  deinit {
    if fd >= 0 { close(fd) }
  }

  /// Bytes written so far (including the header).
  var position: Int { flushed + buffer.count }

  func write(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  func write(_ writer: ByteWriter) throws { try write(writer.bytes) }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    hasher.update(buffer)
    try buffer.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
        if n < 0 {
          if errno == EINTR { continue }
          throw SeekError.io("write", path: path, errno: errno)
        }
        done += n
      }
    }
    flushed += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes the checksum footer, fsyncs and closes.
  /// - Returns: the file size.
  @discardableResult
  func finish() throws -> Int {
    try flush()
    var footer = ByteWriter()
    footer.uint64(hasher.digest())
    buffer = footer.bytes
    let checksumFree = flushed
    try buffer.withUnsafeBytes { raw in
      if systemWrite(fd, raw.baseAddress!, raw.count) != raw.count {
        throw SeekError.io("write", path: path, errno: errno)
      }
    }
    buffer.removeAll()
    if syncOnClose && fsync(fd) != 0 { throw SeekError.io("fsync", path: path, errno: errno) }
    close(fd)
    fd = -1
    return checksumFree + IndexFormat.footerSize
  }
}

/// Small file-system helpers for the index directory.
enum IndexDirectory {
  static func fsyncDirectory(_ path: String) throws {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd < 0 { throw SeekError.io("open", path: path, errno: errno) }
    defer { close(fd) }
    if fsync(fd) != 0 && errno != EINVAL { throw SeekError.io("fsync", path: path, errno: errno) }
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func createDirectory(_ path: String) throws {
    var partial = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      partial += (partial.isEmpty || partial == "/" ? "" : "/") + component
      if mkdir(partial, 0o755) != 0 && errno != EEXIST {
        throw SeekError.io("mkdir", path: partial, errno: errno)
      }
    }
  }

  static func list(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  static func fileSize(_ path: String) -> Int? {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : nil
  }
}

/// `write(2)` (the name is shadowed inside ``IndexOutput``).
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
  #else
    return Darwin.write(fd, buffer, count)
  #endif
}
