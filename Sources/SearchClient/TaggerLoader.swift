import Indexer

/// Loads the entity tagger for indexing.
enum TaggerLoader {
  /// The tagger, or nil while no model ships with this build.
  static func load() throws -> EntityTagging? {
    nil
  }
}
