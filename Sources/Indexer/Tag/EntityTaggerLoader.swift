/// Loads the entity tagger used for indexing by the CLI and the daemon.
public enum EntityTaggerLoader {
  /// The tagging function backed by the bundled model (or `$SEEK_TAGGER_MODEL`).
  /// - Returns: a function that tags a document body.
  /// - Throws: `SeekError` naming the model file when it is missing or damaged (index with `--no-entities` to
  ///   go on without entities).
  public static func load() throws -> EntityTagging? {
    let tagger = try EntityTagger.load()
    return { text in tagger.tag(text) }
  }
}
