/// Changes collected since the last delivery, one per path (the latest wins), with the timing the debounce needs.
struct PendingChanges: Sendable {
  private var latest: [String: Change] = [:]
  /// When the first pending change arrived (monotonic seconds), or nil when empty.
  private(set) var firstAt: Double?
  /// When the latest change arrived.
  private(set) var lastAt: Double = 0

  /// Number of distinct paths pending.
  var count: Int { latest.count }

  /// True when nothing is pending.
  var isEmpty: Bool { latest.isEmpty }

  /// Adds a change; a later change to the same path replaces the earlier one.
  /// - Parameters:
  ///   - change: the change.
  ///   - now: the current monotonic time.
  mutating func add(_ change: Change, now: Double) {
    latest[change.path] = change
    if firstAt == nil { firstAt = now }
    lastAt = now
  }

  /// The time at which the batch is due: `quiet` after the last change, but no later than `maxLatency` after the
  /// first.
  /// - Returns: the due time, or nil when empty.
  func dueTime(quiet: Double, maxLatency: Double) -> Double? {
    guard let firstAt else { return nil }
    return min(lastAt + quiet, firstAt + maxLatency)
  }

  /// Takes everything pending: removals first, then upserts, each sorted by path.
  /// - Returns: the batch.
  mutating func take() -> [Change] {
    var removes: [Change] = []
    var upserts: [Change] = []
    for (_, c) in latest {
      if case .remove = c { removes.append(c) } else { upserts.append(c) }
    }
    latest.removeAll(keepingCapacity: true)
    firstAt = nil
    removes.sort { $0.path < $1.path }
    upserts.sort { $0.path < $1.path }
    return removes + upserts
  }
}
