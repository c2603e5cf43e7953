/// Per-connection limits and timeouts.
struct ConnectionLimits: Sendable {
  /// Connections served at once; more are accepted and closed at once (each connection costs two threads).
  var maxConnections = 1024
  /// The largest request body accepted; larger ones are skipped and answered with an error.
  var maxRequestBytes = 8 << 20
  /// Requests a connection may have queued before its reader stops reading (backpressure); the reader also stops
  /// while the queued messages total `maxRequestBytes` (at least 1 MiB).
  var maxQueuedRequests = 256
  /// Seconds a half-received message may stall before the connection is closed.
  var stallTimeout = 30.0
  /// Seconds a response write may wait for a client that does not read.
  var writeTimeout = 10.0
  /// Seconds a notification write may wait (kept short so one stalled client cannot hold up the others).
  var notificationTimeout = 2.0
  /// Seconds a connection keeps polling for the client's next request, without sleeping, after answering one on its
  /// reader thread (0: sleep at once). Spares a thread wake-up per request for clients that send requests back to
  /// back, for at most this much processor time after each answer.
  var spinSeconds = 0.0
  /// Poll (for up to ``spinSeconds``) only for clients that send back to back, and only while no other thread wants
  /// the processor (``SpinPolicy``), instead of after every answer. `seekd` turns it on unless
  /// `--no-adaptive-spin` is given; embedders choose.
  var adaptiveSpin = false
}
