/// The window buffers of one term-at-a-time collection: scores, pseudo-frequencies and match flags (all zero
/// between uses) and the touched-offsets scratch.
final class TermAtATimeScratch {
  let scores: UnsafeMutablePointer<Float>
  let tf: UnsafeMutablePointer<Float>
  let matched: UnsafeMutablePointer<UInt8>
  let touched: UnsafeMutablePointer<UInt16>
  /// The largest score of each group of 64 documents, and room for selecting among their lanes' maxima.
  let maxima: UnsafeMutablePointer<Float>
  let work: UnsafeMutablePointer<UInt32>
  /// Room for the segment's best keys (``SegmentTopKeys``), grown on demand.
  private var keyStorage: UnsafeMutablePointer<UInt64>
  private var keyCapacity = 64

  /// Room for at least `capacity` keys (content undefined).
  func keys(capacity: Int) -> UnsafeMutablePointer<UInt64> {
    if capacity > keyCapacity {
      keyStorage.deallocate()
      keyCapacity = capacity
      keyStorage = .allocate(capacity: capacity)
    }
    return keyStorage
  }

  /// Allocates zeroed buffers for windows of `size` documents.
  init(size: Int) {
    scores = .allocate(capacity: size)
    tf = .allocate(capacity: size)
    matched = .allocate(capacity: size)
    touched = .allocate(capacity: size)
    maxima = .allocate(capacity: size / 64 + 1)
    work = .allocate(capacity: 4 * (size / 64 + 1))
    keyStorage = .allocate(capacity: keyCapacity)
    scores.initialize(repeating: 0, count: size)
    tf.initialize(repeating: 0, count: size)
    matched.initialize(repeating: 0, count: size)
  }

  deinit {
    scores.deallocate()
    tf.deallocate()
    matched.deallocate()
    touched.deallocate()
    maxima.deallocate()
    work.deallocate()
    keyStorage.deallocate()
  }
}
