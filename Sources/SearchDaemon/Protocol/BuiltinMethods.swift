import Foundation
import Indexer
import SeekProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The method table of seekd: the methods served by the daemon itself (`initialize`, `status`, `shutdown`,
/// `watch`, `unwatch`) and the engine-backed ones, delegated to ``EngineService``.
enum BuiltinMethods {
  /// Position encodings offered by `initialize`, preferred first.
  static let positionEncodings = ["utf-8", "utf-16"]

  /// Methods advertised by `initialize`.
  static let advertised = [
    RPCMethod.initialize, RPCMethod.search, RPCMethod.index, RPCMethod.remove, RPCMethod.watch, RPCMethod.unwatch,
    RPCMethod.status, RPCMethod.entities, RPCMethod.document, RPCMethod.shutdown,
  ]

  /// Builds the table.
  /// - Parameter daemon: the daemon whose state the methods read and change.
  /// - Returns: method name to handler.
  static func table(for daemon: Daemon) -> [String: MethodHandler] {
    let engine = daemon.engine
    var table: [String: MethodHandler] = [
      RPCMethod.initialize: { params, context in try initialize(params, context) },
      RPCMethod.status: { _, _ in status(daemon) },
      RPCMethod.shutdown: { _, _ in
        daemon.requestShutdown(reason: "shutdown request")
        return Array("null".utf8)
      },
      RPCMethod.watch: { params, _ in try watch(params, daemon) },
      RPCMethod.unwatch: { params, _ in try unwatch(params, daemon) },
      RPCMethod.search: { try engine.search($0, $1) },
      RPCMethod.index: { try engine.index($0, $1) },
      RPCMethod.remove: { try engine.remove($0, $1) },
      RPCMethod.entities: { try engine.entities($0, $1) },
      RPCMethod.document: { try engine.document($0, $1) },
    ]
    if daemon.configuration.testMethods {
      table[RPCMethod.testSleep] = { params, context in try sleep(params, context) }
      table[RPCMethod.testChanges] = { _, _ in
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("changes")
        w.beginArray()
        for c in daemon.changeRecorder?.take() ?? [] {
          w.beginObject()
          w.key("kind")
          if case .upsert = c { w.string("upsert") } else { w.string("remove") }
          w.key("path")
          w.string(c.path)
          w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
      }
      table[RPCMethod.testBroadcast] = { params, _ in
        daemon.notifier.notify(
          method: try params.string("method"), params: params["params"].map(RPCEncoder.encode))
        return Array("null".utf8)
      }
    }
    return table
  }

  /// `initialize`: agrees on a position encoding and subscribes the connection to notifications.
  static func initialize(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    // Top-level `positionEncodings`, or LSP's `capabilities.general.positionEncodings`.
    var offered = try params.optionalStrings("positionEncodings") ?? []
    if offered.isEmpty, let lsp = params["capabilities"]?["general"]?["positionEncodings"] {
      offered =
        try Params(.object([("capabilities.general.positionEncodings", lsp)]))
        .optionalStrings("capabilities.general.positionEncodings") ?? []
    }
    let encoding = offered.first(where: positionEncodings.contains) ?? "utf-8"
    let notifications = try params.optionalBool("notifications") ?? true
    context.session.initialize(encoding: encoding, notifications: notifications)
    var w = JSONWriter(capacity: 512)
    w.beginObject()
    w.key("serverInfo")
    w.beginObject()
    w.key("name")
    w.string("seekd")
    w.key("version")
    w.string(ProtocolVersion.server)
    w.endObject()
    w.key("positionEncoding")
    w.string(encoding)
    w.key("capabilities")
    w.beginObject()
    w.key("methods")
    w.beginArray()
    for m in advertised { w.string(m) }
    w.endArray()
    w.key("notifications")
    w.beginArray()
    w.string(RPCMethod.indexChanged)
    w.string(RPCMethod.indexProgress)
    w.endArray()
    w.key("positionEncodings")
    w.beginArray()
    for e in positionEncodings { w.string(e) }
    w.endArray()
    w.key("framings")
    w.beginArray()
    for f in Framing.allCases { w.string(f.rawValue) }
    w.endArray()
    w.key("cancelRequest")
    w.bool(true)
    w.key("batches")
    w.bool(true)
    w.endObject()
    w.endObject()
    return w.bytes
  }

  /// `status`: the daemon's own state, then the engine's fields.
  static func status(_ daemon: Daemon) -> [UInt8] {
    let config = daemon.configuration
    var w = JSONWriter(capacity: 1024)
    w.beginObject()
    w.key("server")
    w.beginObject()
    w.key("name")
    w.string("seekd")
    w.key("version")
    w.string(ProtocolVersion.server)
    w.endObject()
    w.key("pid")
    w.int(Int(getpid()))
    w.key("uptime_ms")
    w.int(Int((UnixSocket.monotonicSeconds() - daemon.startedAt) * 1000))
    w.key("socket")
    w.string(config.socketPath)
    w.key("index")
    w.string(config.indexDirectory)
    w.key("connections")
    w.int(daemon.registry.count)
    w.key("connections_total")
    w.int(daemon.registry.totalAccepted)
    w.key("max_request_bytes")
    w.int(config.limits.maxRequestBytes)
    let watch = daemon.watcher?.status
    w.key("watches")
    w.beginArray()
    for r in watch?.roots ?? [] { writeRoot(r, as: nil, to: &w) }
    w.endArray()
    w.key("watch_errors")
    w.beginArray()
    for e in watch?.errors ?? [] { w.string(e) }
    w.endArray()
    w.key("watch_pending")
    w.int(watch?.pending ?? 0)
    w.key("watch_batches")
    w.int(watch?.batchesDelivered ?? 0)
    daemon.engine.writeStatus(into: &w)
    w.endObject()
    return w.bytes
  }

  /// `watch`: starts watching folders.
  static func watch(_ params: Params, _ daemon: Daemon) throws -> [UInt8] {
    let paths = try params.strings("paths")
    let watcher = try watcher(of: daemon)
    var added: [String] = []
    for p in paths {
      do {
        added.append(try watcher.add(root: p))
      } catch let e as SeekError {
        throw RPCError.invalidParams("paths", "contains \(p), which cannot be watched: \(e.message)")
      }
    }
    let roots = watcher.status.roots
    var w = JSONWriter(capacity: 256)
    w.beginObject()
    w.key("watching")
    w.beginArray()
    for path in added {
      guard let r = roots.first(where: { WatchTree.isWithin(path, $0.path) }) else { continue }
      writeRoot(r, as: path, to: &w)
    }
    w.endArray()
    w.endObject()
    return w.bytes
  }

  /// `unwatch`: stops watching folders (their files stay indexed).
  static func unwatch(_ params: Params, _ daemon: Daemon) throws -> [UInt8] {
    let paths = try params.strings("paths")
    let watcher = try watcher(of: daemon)
    let watched = Set(watcher.status.roots.map(\.path))
    for p in paths where !watched.contains(SeekPaths.absolute(p)) && !watched.contains(canonical(p)) {
      throw RPCError.invalidParams("paths", "contains \(p), which is not a watched folder")
    }
    var w = JSONWriter(capacity: 128)
    w.beginObject()
    w.key("unwatched")
    w.beginArray()
    for p in paths where watcher.remove(root: p) { w.string(canonical(p)) }
    w.endArray()
    w.endObject()
    return w.bytes
  }

  /// The daemon's watcher, or the error that says why there is none.
  private static func watcher(of daemon: Daemon) throws -> InotifyWatcher {
    guard let watcher = daemon.watcher else {
      throw RPCError.internalError(
        "folder watching is unavailable (inotify could not be initialised; see the daemon's log)")
    }
    return watcher
  }

  /// Writes one watched root: `{"path", ["root",] "directories", "files", ["error"]}`.
  /// - Parameters:
  ///   - r: the root's status.
  ///   - requested: the folder as the client named it, when it differs from the root (`watch` answers with both).
  ///   - w: the writer, inside an array.
  private static func writeRoot(_ r: WatchStatus.Root, as requested: String?, to w: inout JSONWriter) {
    w.beginObject()
    w.key("path")
    w.string(requested ?? r.path)
    if requested != nil {
      w.key("root")
      w.string(r.path)
    }
    w.key("directories")
    w.int(r.directories)
    w.key("files")
    w.int(r.files)
    if let e = r.error {
      w.key("error")
      w.string(e)
    }
    w.endObject()
  }

  private static func canonical(_ path: String) -> String {
    guard let r = realpath(path, nil) else { return SeekPaths.absolute(path) }
    defer { free(r) }
    return String(cString: r)
  }

  /// `$/sleep` (tests only): sleeps `ms` milliseconds in 5 ms steps, honouring cancellation.
  static func sleep(_ params: Params, _ context: RequestContext) throws -> [UInt8] {
    let ms = try params.optionalInt("ms", in: 0...60_000) ?? 100
    let start = UnixSocket.monotonicSeconds()
    while (UnixSocket.monotonicSeconds() - start) * 1000 < Double(ms) {
      try context.cancellation.check()
      usleep(5000)
    }
    var w = JSONWriter(capacity: 32)
    w.beginObject()
    w.key("slept_ms")
    w.int(ms)
    w.endObject()
    return w.bytes
  }
}
