/// Names of the JSON-RPC methods and notifications of the seek protocol (documented in docs/protocol.md).
public enum RPCMethod {
  /// Handshake: server info, capabilities, position encodings.
  public static let initialize = "initialize"
  /// Full-text search (engine-backed).
  public static let search = "search"
  /// Index files or folders (engine-backed).
  public static let index = "index"
  /// Remove files or folders from the index (engine-backed).
  public static let remove = "remove"
  /// Start watching folders for changes.
  public static let watch = "watch"
  /// Stop watching folders.
  public static let unwatch = "unwatch"
  /// Daemon and index status.
  public static let status = "status"
  /// Entity listing (engine-backed).
  public static let entities = "entities"
  /// Stored fields and entities of one document (engine-backed).
  public static let document = "document"
  /// Answer, then shut the daemon down gracefully.
  public static let shutdown = "shutdown"
  /// Notification from the client: cancel the request with the given id.
  public static let cancelRequest = "$/cancelRequest"
  /// Notification from the server after each index commit.
  public static let indexChanged = "index/changed"
  /// Notification from the server while indexing.
  public static let indexProgress = "index/progress"
  /// Test-only method (enabled by `SEEKD_TEST_METHODS=1`): sleeps `ms` milliseconds, honouring cancellation.
  public static let testSleep = "$/sleep"
  /// Test-only method (enabled by `SEEKD_TEST_METHODS=1`): broadcasts the notification `method` with `params`.
  public static let testBroadcast = "$/broadcast"
  /// Test-only method (enabled by `SEEKD_TEST_METHODS=1`): the file changes the watcher delivered since last asked.
  public static let testChanges = "$/changes"
}
