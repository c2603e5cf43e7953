import Foundation

/// Objects kept from one use to the next, one user at a time each (a searcher's zeroed window buffers and scorer
/// caches): ``take()`` gives an idle one or makes a new one, ``give(_:)`` keeps it for the next user, up to
/// `limit` idle ones (more concurrent users make and drop their own).
final class ObjectPool<Object>: @unchecked Sendable {
  private let lock = NSLock()
  /// Changed under `lock` only (not checked at run time).
  @exclusivity(unchecked) private var idle: [Object] = []
  private let limit: Int
  private let make: () -> Object

  /// Creates an empty pool.
  /// - Parameters:
  ///   - limit: most idle objects kept.
  ///   - make: makes an object when none is idle.
  init(limit: Int = 8, make: @escaping () -> Object) {
    self.limit = limit
    self.make = make
  }

  /// An idle object, or a new one.
  /// - Returns: an object no one else uses until it is given back.
  func take() -> Object {
    lock.lock()
    let object = idle.popLast()
    lock.unlock()
    return object ?? make()
  }

  /// Keeps an object for the next ``take()`` (dropped when `limit` are idle already).
  /// - Parameter object: an object its user is done with, in the state the next user expects.
  func give(_ object: Object) {
    lock.lock()
    if idle.count < limit { idle.append(object) }
    lock.unlock()
  }
}
