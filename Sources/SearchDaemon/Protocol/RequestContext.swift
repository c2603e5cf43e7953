import SeekProtocol

/// What a method handler knows about the request besides its params.
struct RequestContext: Sendable {
  /// The request's id (nil for a notification).
  let id: RPCID?
  /// The method called.
  let method: String
  /// Set when the client cancels the request; poll it in long loops (``CancellationToken/check()``).
  let cancellation: CancellationToken
  /// The connection's protocol state.
  let session: Session

  /// The connection's number.
  var connectionID: Int { session.connectionID }
}
