/// A snapshot of the watcher for `status`.
struct WatchStatus: Sendable {
  /// One watched root folder.
  struct Root: Sendable {
    /// The folder.
    var path: String
    /// Directories watched under it (itself included).
    var directories: Int
    /// Files known under it.
    var files: Int
    /// Why it is not (fully) watched, if it is not.
    var error: String?
  }

  /// The roots, in the order added.
  var roots: [Root]
  /// Problems such as the kernel's watch limit being reached.
  var errors: [String]
  /// Changes collected and not yet delivered.
  var pending: Int
  /// Batches delivered since start.
  var batchesDelivered: Int
}
