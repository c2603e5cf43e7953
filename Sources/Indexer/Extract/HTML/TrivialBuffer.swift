/// A growable array of trivial values (no references) for the SAX handlers' per-element work: appends, reads and
/// writes through a pointer, without Array's uniqueness and capacity calls on every append.
///
/// Owned by one page builder on one thread. Values are plain bytes: never store a type that needs its deinit run.
final class TrivialBuffer<Element> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  /// Creates an empty buffer.
  /// - Parameter capacity: the expected number of values (it grows beyond).
  init(capacity: Int = 16) {
    assert(_isPOD(Element.self), "TrivialBuffer holds trivial values only")
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Whether the buffer is empty.
  var isEmpty: Bool { count == 0 }

  /// The value at `i` (< `count`), read and written in place.
  @inline(__always)
  subscript(i: Int) -> Element {
    get { base[i] }
    set { base[i] = newValue }
  }

  /// The last value, or nil.
  @inline(__always)
  var last: Element? { count > 0 ? base[count - 1] : nil }

  /// Appends a value.
  @inline(__always)
  func append(_ value: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: value)
    count += 1
  }

  /// Removes and returns the last value (the buffer must not be empty).
  @inline(__always)
  @discardableResult
  func removeLast() -> Element {
    count -= 1
    return base[count]
  }

  /// Removes every value, keeping the storage.
  func removeAll() { count = 0 }

  /// The values as an array.
  func array() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// The values, valid until the next append.
  var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  @inline(never)
  private func grow() {
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    grown.moveInitialize(from: base, count: count)
    base.deallocate()
    base = grown
    capacity *= 2
  }
}
