#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An index file mapped read-only into memory, its header checked and (optionally) its checksum verified.
///
/// The mapping lives as long as the object; on Linux it stays valid after the file is unlinked, so a snapshot
/// keeps reading files a writer has since deleted.
final class MappedFile: @unchecked Sendable {
  /// The file's path (named in error messages).
  let path: String
  let kind: IndexFileKind
  /// The format version in its header.
  let version: UInt32
  private let base: UnsafeMutableRawPointer?
  /// The whole file, header and footer included.
  let size: Int

  /// Maps a file and checks its header.
  /// - Parameters:
  ///   - path: the file.
  ///   - kind: the kind it must be.
  ///   - verifyChecksum: hash the whole file and compare with the footer.
  /// - Throws: `SeekError(.corruptIndex)` for a bad header, size or checksum; `.unsupportedVersion` for a file of
  ///   a newer format; `.io` when the file cannot be opened (`.indexNotFound` when missing).
  init(path: String, kind: IndexFileKind, verifyChecksum: Bool) throws {
    self.path = path
    self.kind = kind
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      let e = errno
      if e == ENOENT { throw SeekError(.indexNotFound, "index file \(path) is missing: the index is incomplete") }
      throw SeekError.io("open", path: path, errno: e)
    }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { throw SeekError.io("stat", path: path, errno: errno) }
    size = Int(st.st_size)
    if size < IndexFormat.headerSize + IndexFormat.footerSize {
      throw SeekError(
        .corruptIndex, "index file \(path) is truncated (\(size) bytes): run `seek check`; rebuild the index")
    }
    guard let p = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), p != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw SeekError.io("mmap", path: path, errno: errno)
    }
    base = p
    let magic = UInt32(bigEndian: p.loadUnaligned(as: UInt32.self))
    version = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    if magic != kind.magic {
      throw SeekError(.corruptIndex, "index file \(path) has a bad header (not a \(kind) file): the index is damaged")
    }
    if version < IndexFormat.minimumVersion {
      let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
      throw SeekError(
        .unsupportedVersion,
        "index file \(path) has format version \(version), written by an older seek; this seek reads versions "
          + "\(IndexFormat.minimumVersion)...\(IndexFormat.version): re-index: remove \(directory.isEmpty ? "." : directory) "
          + "and run `seek index` again")
    }
    if version > IndexFormat.version {
      throw SeekError(
        .unsupportedVersion,
        "index file \(path) has format version \(version); this seek reads versions \(IndexFormat.minimumVersion)"
          + "...\(IndexFormat.version): upgrade seek, or rebuild the index with this version")
    }
    if verifyChecksum { try verify() }
  }

  deinit {
    if let base { munmap(base, size) }
  }

  /// The stored checksum in the footer.
  var storedChecksum: UInt64 {
    UInt64(littleEndian: base!.loadUnaligned(fromByteOffset: size - IndexFormat.footerSize, as: UInt64.self))
  }

  /// Hashes the file and compares it with the footer.
  /// - Throws: `SeekError(.corruptIndex)` naming the file on mismatch.
  func verify() throws {
    let actual = XXHash64.hash(UnsafeRawBufferPointer(start: base, count: size - IndexFormat.footerSize))
    if actual != storedChecksum {
      throw SeekError(
        .corruptIndex, "index file \(path) failed its checksum: the index is damaged; run `seek check`, then rebuild it"
      )
    }
  }

  /// The body: the bytes between header and footer, offsets relative to the file start.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: size - IndexFormat.footerSize) }

  /// A reader over the body, starting after the header.
  func reader(from offset: Int = IndexFormat.headerSize) -> ByteReader { ByteReader(bytes, start: offset) }

  /// A `SeekError(.corruptIndex)` naming this file.
  func corrupt(_ what: String) -> SeekError {
    SeekError(.corruptIndex, "index file \(path) is damaged (\(what)): run `seek check`, then rebuild the index")
  }
}
