/// The manifest: which segments are live and which deletion and file-table generations go with them.
///
/// Written at every commit as `MANIFEST.tmp`, fsynced, renamed over `MANIFEST`; the directory is fsynced after.
/// Body: generation, segment counter, file-table generation, segment count, then per segment: name, maxDoc,
/// deletion generation (0 = none), deleted count.
struct Manifest: Sendable, Equatable {
  /// One live segment.
  struct Segment: Sendable, Equatable {
    var name: String
    var maxDoc: Int
    var deletionGeneration: Int
    var deletedCount: Int
  }

  /// Increases with every commit.
  var generation: Int = 0
  /// The next segment number to allocate.
  var segmentCounter: Int = 0
  /// Generation of `files_N.tab`, or 0 when there is none.
  var fileTableGeneration: Int = 0
  var segments: [Segment] = []

  /// Every file this manifest references (without `MANIFEST` itself).
  var referencedFiles: Set<String> {
    var names = Set<String>()
    for s in segments { names.formUnion(SegmentFiles.all(s.name, deletionGeneration: s.deletionGeneration)) }
    if fileTableGeneration > 0 { names.insert(SegmentFiles.fileTable(generation: fileTableGeneration)) }
    return names
  }

  /// Reads the manifest of an index directory, verifying its checksum.
  /// - Parameter directory: the index directory.
  /// - Returns: the manifest.
  /// - Throws: `.indexNotFound` when there is no manifest, `.corruptIndex`, `.unsupportedVersion`.
  static func read(directory: String) throws -> Manifest {
    let path = directory + "/" + IndexFormat.manifestName
    if !IndexDirectory.exists(path) {
      throw SeekError(
        .indexNotFound,
        "no index at \(directory) (no \(IndexFormat.manifestName)): create one with `seek index PATH`")
    }
    let file = try MappedFile(path: path, kind: .manifest, verifyChecksum: true)
    var r = file.reader()
    var m = Manifest()
    m.generation = r.int()
    m.segmentCounter = r.int()
    m.fileTableGeneration = r.int()
    let count = r.int()
    if count > r.remaining { throw file.corrupt("segment count \(count)") }
    for _ in 0..<count {
      let name = r.string()
      let maxDoc = r.int()
      let delGen = r.int()
      let delCount = r.int()
      m.segments.append(Segment(name: name, maxDoc: maxDoc, deletionGeneration: delGen, deletedCount: delCount))
    }
    if r.overrun || !r.isAtEnd { throw file.corrupt("bad manifest structure") }
    return m
  }

  /// Writes the manifest atomically: temp file, fsync, rename, directory fsync.
  /// - Parameters:
  ///   - directory: the index directory.
  ///   - sync: fsync (tests may turn it off).
  ///   - beforeRename: called between writing the temporary file and renaming it (crash simulation).
  func write(directory: String, sync: Bool = true, beforeRename: (() throws -> Void)? = nil) throws {
    let temp = directory + "/" + IndexFormat.manifestTemporaryName
    let out = try IndexOutput(path: temp, kind: .manifest, sync: sync)
    var w = ByteWriter()
    w.varint(generation)
    w.varint(segmentCounter)
    w.varint(fileTableGeneration)
    w.varint(segments.count)
    for s in segments {
      w.string(s.name)
      w.varint(s.maxDoc)
      w.varint(s.deletionGeneration)
      w.varint(s.deletedCount)
    }
    try out.write(w)
    try out.finish()
    try beforeRename?()
    let final = directory + "/" + IndexFormat.manifestName
    if rename(temp, final) != 0 { throw SeekError.io("rename", path: temp, errno: errno) }
    if sync { try IndexDirectory.fsyncDirectory(directory) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
