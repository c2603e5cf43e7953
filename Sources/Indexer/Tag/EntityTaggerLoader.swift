/// Loads the entity tagger used for indexing by the CLI and the daemon.
public enum EntityTaggerLoader {
  /// The tagging function, or nil while no model ships with this build.
  /// - Throws: when a model exists but cannot be read.
  public static func load() throws -> EntityTagging? {
    nil
  }
}
