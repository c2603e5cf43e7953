/// What an indexing run did, for the final summary of `seek index` and the daemon's `index` result.
public struct IndexingReport: Sendable {
  /// A file that was skipped or failed, and why.
  public struct Problem: Sendable, Equatable {
    /// The file.
    public var path: String
    /// Why.
    public var reason: String

    /// Creates a problem record.
    public init(path: String, reason: String) {
      self.path = path
      self.reason = reason
    }
  }

  /// Files indexed for the first time.
  public var added = 0
  /// Files whose content changed and were re-indexed.
  public var updated = 0
  /// Files removed from the index (gone from disk, or removed on request).
  public var removed = 0
  /// Files unchanged since the last run (cost: one stat).
  public var unchanged = 0
  /// Documents written (a container file gives several).
  public var documents = 0
  /// Bytes of source read.
  public var bytes = 0
  /// Document diagnostics seen (warnings and recoverable errors).
  public var diagnostics = 0
  /// Files skipped on purpose (binary, too large), with the reason.
  public var skipped: [Problem] = []
  /// Files that could not be read or indexed, with the reason.
  public var failed: [Problem] = []
  /// Parts of indexed files that gave no document, with where and why (an NDJSON line that is not JSON: the rest
  /// of the file is indexed); at most ``skippedPartsLimit`` are kept, all are counted in ``diagnostics``.
  public var skippedParts: [Diagnostic] = []
  /// How many ``skippedParts`` a report keeps.
  public static let skippedPartsLimit = 100

  /// Creates an empty report.
  public init() {}

  /// Adds another report's counts to this one.
  public mutating func merge(_ other: IndexingReport) {
    added += other.added
    updated += other.updated
    removed += other.removed
    unchanged += other.unchanged
    documents += other.documents
    bytes += other.bytes
    diagnostics += other.diagnostics
    skipped += other.skipped
    failed += other.failed
    noteSkippedParts(other.skippedParts)
  }

  /// Keeps a file's skipped parts, up to ``skippedPartsLimit`` in all.
  /// - Parameter parts: the diagnostics of parts that gave no document.
  public mutating func noteSkippedParts(_ parts: [Diagnostic]) {
    skippedParts += parts.prefix(max(0, Self.skippedPartsLimit - skippedParts.count))
  }

  /// Whether anything in the index changed.
  public var changedIndex: Bool { added + updated + removed > 0 }
}
