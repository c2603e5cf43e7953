import Indexer
import SeekProtocol

/// The engine-backed part of the daemon: search, indexing, entities, documents and the index's status fields.
/// seekd calls it from connection worker threads (concurrently) and from the watcher's delivery queue.
///
/// Handlers return the encoded `result` value (write it with ``JSONWriter``), poll
/// ``RequestContext/cancellation`` in long loops, and throw ``SeekError`` or ``RPCError``; the result shapes are
/// specified in docs/protocol.md.
protocol EngineService: Sendable {
  /// `search`: params `query` (required), `limit`, `offset`, `fields`, `positionEncoding`.
  func search(_ params: Params, _ context: RequestContext) throws -> [UInt8]
  /// `index`: params `paths` (files or folders).
  func index(_ params: Params, _ context: RequestContext) throws -> [UInt8]
  /// `remove`: params `paths`.
  func remove(_ params: Params, _ context: RequestContext) throws -> [UInt8]
  /// `entities`: params `type`, `prefix`, `limit`.
  func entities(_ params: Params, _ context: RequestContext) throws -> [UInt8]
  /// `document`: params `id`.
  func document(_ params: Params, _ context: RequestContext) throws -> [UInt8]
  /// Writes the index's members of the `status` result (documents, segments, bytes, pending work, last commit)
  /// into the open status object.
  /// - Parameter writer: positioned inside the status object; write `key`/value pairs only.
  func writeStatus(into writer: inout JSONWriter)
  /// Applies a batch of changes from the watcher (called on the watcher's serial delivery queue).
  /// - Parameter changes: removals then upserts.
  func apply(_ changes: [Change])
  /// Finishes or rolls back the batch in progress, commits and closes; called once at shutdown.
  func shutdown()
}

/// The stand-in used until the engine is wired in: every engine method fails with "engine not available".
struct UnavailableEngine: EngineService {
  private func unavailable(_ method: String) -> RPCError {
    RPCError(
      code: RPCErrorCode.engineUnavailable,
      message: "engine not available: this seekd cannot run '\(method)' (no search engine is linked in)")
  }

  func search(_ params: Params, _ context: RequestContext) throws -> [UInt8] { throw unavailable(context.method) }
  func index(_ params: Params, _ context: RequestContext) throws -> [UInt8] { throw unavailable(context.method) }
  func remove(_ params: Params, _ context: RequestContext) throws -> [UInt8] { throw unavailable(context.method) }
  func entities(_ params: Params, _ context: RequestContext) throws -> [UInt8] { throw unavailable(context.method) }
  func document(_ params: Params, _ context: RequestContext) throws -> [UInt8] { throw unavailable(context.method) }

  func writeStatus(into writer: inout JSONWriter) {
    writer.key("engine")
    writer.string("unavailable")
  }

  func apply(_ changes: [Change]) {}
  func shutdown() {}
}
