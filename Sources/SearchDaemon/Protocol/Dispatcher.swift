import Indexer
import Logging
import SeekProtocol

/// A method implementation: gets the params and the request context, returns the encoded `result` value (write it
/// with ``JSONWriter``), or throws ``RPCError`` / ``SeekError``.
typealias MethodHandler = @Sendable (Params, RequestContext) throws -> [UInt8]

/// The method table: maps a request to its handler and turns the outcome into a response.
final class Dispatcher: Sendable {
  private let handlers: [String: MethodHandler]
  private let logger: Logger

  /// Creates a dispatcher.
  /// - Parameters:
  ///   - handlers: the methods served.
  ///   - logger: where internal errors are logged.
  init(handlers: [String: MethodHandler], logger: Logger) {
    self.handlers = handlers
    self.logger = logger
  }

  /// The names of the methods served, sorted.
  var methodNames: [String] { handlers.keys.sorted() }

  /// Runs one request.
  /// - Parameters:
  ///   - params: the raw params.
  ///   - context: the request's context.
  /// - Returns: the unframed response, or nil for a notification.
  func respond(params: JSONValue?, context: RequestContext) -> [UInt8]? {
    let outcome = run(params: params, context: context)
    guard let id = context.id else { return nil }
    switch outcome {
    case .success(let result): return RPCEncoder.response(id: id, result: result)
    case .failure(let error): return RPCEncoder.error(id: id, error: error)
    }
  }

  private func run(params: JSONValue?, context: RequestContext) -> Result<[UInt8], RPCError> {
    guard let handler = handlers[context.method] else { return .failure(.methodNotFound(context.method)) }
    if context.cancellation.isCancelled { return .failure(.requestCancelled()) }
    do {
      return .success(try handler(try Params(params), context))
    } catch let error as RPCError {
      return .failure(error)
    } catch let error as SeekError {
      return .failure(RPCError(error))
    } catch {
      logger.error("method \(context.method) failed: \(error)")
      return .failure(.internalError("\(context.method) failed: \(error)"))
    }
  }
}
