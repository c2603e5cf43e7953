/// What ``IndexChecker`` found.
public struct IndexCheckReport: Sendable {
  /// One line per problem, each naming the file concerned. Empty when the index is healthy.
  public var problems: [String] = []
  /// The committed generation checked.
  public var generation = 0
  /// Live segments.
  public var segmentCount = 0
  /// Documents, deleted ones included.
  public var documentCount = 0
  /// Deleted documents not yet merged away.
  public var deletedCount = 0
  /// Distinct terms, summed over segments and fields.
  public var termCount = 0
  /// Bytes per file kind (`ter`, `doc`, `pos`, `nrm`, `sto`, `tix`, `del`, `tab`, `manifest`).
  public var bytesByKind: [String: Int] = [:]
  /// Files in the directory that no commit references (left by a crash; the next writer removes them).
  public var unreferencedFiles: [String] = []
  /// Source files whose text is read back for snippets (plain text, NDJSON) but changed or vanished since they
  /// were indexed: not damage, but their hits show no text until `seek index` runs again.
  public var staleSources: Set<String> = []

  /// Whether no problem was found.
  public var isHealthy: Bool { problems.isEmpty }

  /// Total bytes of the referenced files.
  public var totalBytes: Int { bytesByKind.values.reduce(0, +) }

  /// A few lines for people: counts, bytes per kind, then the problems.
  public var summary: String {
    var lines = [
      "generation \(generation): \(segmentCount) segments, \(documentCount - deletedCount) documents "
        + "(\(deletedCount) deleted), \(termCount) terms, \(totalBytes) bytes",
      "bytes: " + bytesByKind.keys.sorted().map { "\($0) \(bytesByKind[$0]!)" }.joined(separator: ", "),
    ]
    if !staleSources.isEmpty {
      let some = staleSources.sorted().prefix(5).joined(separator: ", ")
      lines.append(
        "note: \(staleSources.count) source files changed since indexing (\(some)\(staleSources.count > 5 ? ", ..." : "")): "
          + "their hits show no text until you run `seek index` on them again")
    }
    lines += problems.isEmpty ? ["ok"] : problems.map { "problem: \($0)" }
    return lines.joined(separator: "\n")
  }
}

/// Verifies an index: every file's checksum and every structural invariant (term order, increasing doc numbers
/// below maxDoc, positive frequencies, document and term frequencies, positions, skip data and block maxima,
/// statistics, stored documents and their ids, deletion counts, unique live ids, entity columns against the stored
/// entities).
public enum IndexChecker {
  /// Checks the committed state of an index directory. Never throws: problems are reported.
  /// - Parameter directory: the index directory.
  /// - Returns: the report.
  public static func check(directory: String) -> IndexCheckReport {
    var report = IndexCheckReport()
    let manifest: Manifest
    do {
      manifest = try Manifest.read(directory: directory)
    } catch {
      report.problems.append("\(error)")
      return report
    }
    report.generation = manifest.generation
    report.segmentCount = manifest.segments.count
    report.bytesByKind["manifest"] = IndexDirectory.fileSize(directory + "/" + IndexFormat.manifestName) ?? 0
    let referenced = manifest.referencedFiles
    for name in IndexDirectory.list(directory).sorted()
    where name != IndexFormat.manifestName && name != IndexFormat.lockName && !referenced.contains(name) {
      report.unreferencedFiles.append(name)
    }
    var liveIDs = Set<String>()
    for s in manifest.segments {
      report.documentCount += s.maxDoc
      report.deletedCount += s.deletedCount
      var filesOK = true
      for name in SegmentFiles.all(s.name, deletionGeneration: s.deletionGeneration) {
        let path = directory + "/" + name
        guard let kind = IndexFileKind.of(fileName: name) else { continue }
        if IndexFileKind.optionalSegmentKinds.contains(kind) && !IndexDirectory.exists(path) { continue }
        report.bytesByKind[kind.rawValue, default: 0] += IndexDirectory.fileSize(path) ?? 0
        do {
          _ = try MappedFile(path: path, kind: kind, verifyChecksum: true)
        } catch {
          report.problems.append("\(error)")
          filesOK = false
        }
      }
      guard filesOK else { continue }
      do {
        let reader = try IndexReader.openSegment(directory: directory, s, verify: false, core: nil)
        try checkSegment(reader, report: &report, liveIDs: &liveIDs)
      } catch {
        report.problems.append("segment \(s.name): \(error)")
      }
    }
    if manifest.fileTableGeneration > 0 {
      let path = directory + "/" + SegmentFiles.fileTable(generation: manifest.fileTableGeneration)
      report.bytesByKind["tab"] = IndexDirectory.fileSize(path) ?? 0
      do { _ = try FileStateTable.read(path: path) } catch { report.problems.append("\(error)") }
    }
    return report
  }

  private static func checkSegment(_ s: SegmentReader, report: inout IndexCheckReport, liveIDs: inout Set<String>)
    throws
  {
    let core = s.core
    let maxDoc = core.maxDoc
    var problems: [String] = []
    func problem(_ file: IndexFileKind, _ text: String) {
      if problems.count < 20 { problems.append("\(core.directory)/\(SegmentFiles.name(core.name, file)): \(text)") }
    }
    var idOfDoc = [String?](repeating: nil, count: maxDoc)
    var positions: [UInt32] = []
    if let vectors = core.termVectors, let text = vectors.check(termCount: s.statistics(.body).termCount) {
      problem(.termVectors, text)
    }
    // The entity column must decode, and (below) hold each document's stored entities.
    var entityColumn = core.entityColumn
    if let column = entityColumn, let text = column.check() {
      problem(.entities, text)
      entityColumn = nil
    }
    for field in IndexField.allCases {
      guard let index = core.fields[Int(field.rawValue)] else { continue }
      let e = s.terms(field)
      var previous: [UInt8]?
      var terms = 0
      var sumTTF = 0
      var sumDF = 0
      var docsWithField = [Bool](repeating: false, count: maxDoc)
      while e.next() {
        terms += 1
        if let previous, compareBytes(previous, e.term) >= 0 { problem(.terms, "terms out of order in \(field.name)") }
        previous = e.term
        let info = e.info
        guard info.docFreq > 0, info.totalTermFreq >= info.docFreq else {
          problem(.terms, "bad frequencies for \(field.name):\(e.termString)")
          continue
        }
        let it = s.postings(info)
        var count = 0
        var ttf = 0
        var last: Int = -1
        var docs: [(UInt32, UInt32)] = []
        while it.nextDoc() != PostingsIterator.noMoreDocs {
          let d = Int(it.doc)
          count += 1
          if d <= last || d >= maxDoc {
            problem(.postings, "doc \(d) out of order or range for \(field.name):\(e.termString)")
            break
          }
          last = d
          docsWithField[d] = true
          let f = it.freq
          if f == 0 { problem(.postings, "zero frequency for \(field.name):\(e.termString)") }
          ttf += Int(f)
          docs.append((it.doc, f))
          if field.hasPositions {
            it.readPositions(into: &positions)
            if positions.count != Int(f) || zip(positions, positions.dropFirst()).contains(where: { $0 > $1 }) {
              problem(.positions, "bad positions in doc \(d) for \(field.name):\(e.termString)")
            }
          }
          if field == .id {
            if idOfDoc[d] != nil { problem(.postings, "doc \(d) has two ids") }
            idOfDoc[d] = e.termString
          }
          if count > info.docFreq { break }
        }
        if count != info.docFreq || ttf != info.totalTermFreq {
          problem(.postings, "postings of \(field.name):\(e.termString) disagree with the dictionary")
        }
        // Skip data and block maxima bound every doc.
        let shallow = s.postings(info)
        for (d, f) in docs {
          let blockLast = shallow.advanceShallow(to: d)
          let normOK = !field.hasNorms || shallow.blockMinNorm <= core.normByte(Int(d), field)
          if blockLast == PostingsIterator.noMoreDocs || blockLast < d || shallow.blockMaxFreq < f || !normOK {
            problem(.postings, "skip data or block maxima wrong for \(field.name):\(e.termString)")
            break
          }
        }
        sumTTF += ttf
        sumDF += count
      }
      let stats = index.statistics
      let docCount = docsWithField.reduce(0) { $0 + ($1 ? 1 : 0) }
      if stats.termCount != terms || stats.sumTotalTermFreq != sumTTF || stats.sumDocFreq != sumDF
        || stats.docCount != docCount
      {
        problem(.termIndex, "statistics of \(field.name) disagree with its postings")
      }
      report.termCount += terms
    }
    var stored = 0
    try core.stored.forEachEncoded { d, bytes in
      stored += 1
      do {
        let decoded = try StoredDocumentCodec.decode(bytes, source: core.storedFile.path)
        let doc = decoded.document
        if decoded.external != nil && !s.isDeleted(UInt32(d)) && ExternalBodyResolver.currentText(decoded) == nil {
          report.staleSources.insert(doc.path)
        }
        if doc.id != idOfDoc[d] {
          problem(.stored, "stored doc \(d) has id \(doc.id), postings say \(idOfDoc[d] ?? "none")")
        }
        if let entityColumn, !Self.columnMatches(entityColumn, UInt32(d), doc.entities) {
          problem(.entities, "document \(d)'s entities differ from its stored entities")
        }
        if !s.isDeleted(UInt32(d)) && !liveIDs.insert(doc.id).inserted {
          problem(.stored, "id \(doc.id) is live twice")
        }
      } catch {
        problem(.stored, "\(error)")
      }
    }
    if stored != maxDoc { problem(.stored, "\(stored) stored documents, expected \(maxDoc)") }
    report.problems += problems
  }

  /// Whether a document's entity-column entries are its stored entities' distinct names with their mentions.
  private static func columnMatches(_ column: EntityColumn, _ doc: UInt32, _ entities: [EntitySpan]) -> Bool {
    var expected: [String: Int] = [:]
    for e in entities {
      expected[e.type.rawValue + "\u{1}" + (e.normalized.isEmpty ? e.text : e.normalized), default: 0] += 1
    }
    let found = column.entries(doc)
    guard found.count == expected.count else { return false }
    return found.allSatisfy { expected[$0.type.rawValue + "\u{1}" + $0.name] == $0.mentions }
  }
}
