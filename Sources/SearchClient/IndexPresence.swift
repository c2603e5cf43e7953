import Indexer

/// Checks that an index exists before reading it, with an error that says how to create one.
enum IndexPresence {
  /// - Throws: `SeekError(.indexNotFound)` when `directory` holds no committed index.
  static func require(_ directory: String) throws {
    guard FileStat.of(directory + "/MANIFEST") != nil else {
      throw SeekError(
        .indexNotFound, "no index at \(directory): create one with `seek index PATH...` (or pass --index DIR)")
    }
  }
}
