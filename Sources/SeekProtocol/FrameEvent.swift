/// What a ``FrameDecoder`` found in the bytes fed to it.
public enum FrameEvent: Sendable, Equatable {
  /// One complete message body (JSON text, not yet parsed).
  case message([UInt8])
  /// A message larger than the limit was skipped without being buffered. `size` is its declared length for
  /// `Content-Length` framing, nil for newline-delimited JSON (where only "more than the limit" is known).
  case oversized(size: Int?, limit: Int)
  /// A header block that could not be understood (missing or invalid `Content-Length`, header too long).
  /// `recoverable` is false when the decoder cannot find the next message and the connection must be closed.
  case badHeader(message: String, recoverable: Bool)
}
