import Indexer

/// The version of the seek JSON-RPC protocol and of the server, reported by `initialize`.
public enum ProtocolVersion {
  /// The server and client version.
  public static let server = "0.1.0"
}
