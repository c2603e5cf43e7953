#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Many growing byte streams (one per term and kind) interleaved in shared 32 KB pages, Lucene's byte-slice
/// scheme: a stream is a chain of slices of growing size (16 to 2048 bytes), each ending in the 4-byte address of
/// the next. No per-term allocation, no Swift array per term.
///
/// Addresses are `page << 15 | offset` (UInt32; 4 GB per pool, far above any memory budget).
final class ByteSlicePool {
  /// The write state of one stream.
  struct Stream {
    /// Address of the first byte (`UInt32.max` = nothing written yet).
    var start: UInt32 = .max
    /// Address of the next byte to write.
    var write: UInt32 = 0
    /// Address of the current slice's forward pointer (its data ends there).
    var end: UInt32 = 0
    /// Size class of the current slice.
    var level: UInt8 = 0
  }

  static let pageShift: UInt32 = 15
  static let pageSize = 1 << 15
  static let maxPages = 1 << 17
  @usableFromInline static let levelSizes: [UInt32] = [16, 32, 64, 128, 256, 512, 1024, 2048]

  private let pageTable: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
  private var pageCount = 0
  private var pageOffset = ByteSlicePool.pageSize

  init() {
    // calloc: the OS maps the zeroed table lazily, so an empty pool costs nothing.
    pageTable = calloc(Self.maxPages, MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride)!
      .assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self)
  }

  deinit {
    for i in 0..<pageCount { free(pageTable[i]) }
    free(pageTable)
  }

  /// Bytes held by pages.
  var memoryBytes: Int { pageCount * Self.pageSize }

  @inline(__always) func pointer(_ address: UInt32) -> UnsafeMutablePointer<UInt8> {
    pageTable[Int(address >> Self.pageShift)].unsafelyUnwrapped + Int(address & UInt32(Self.pageSize - 1))
  }

  private func allocate(_ size: Int) -> UInt32 {
    if pageOffset + size > Self.pageSize {
      precondition(pageCount < Self.maxPages, "byte slice pool exhausted")
      pageTable[pageCount] = malloc(Self.pageSize).assumingMemoryBound(to: UInt8.self)
      pageCount += 1
      pageOffset = 0
    }
    let address = UInt32(pageCount - 1) << Self.pageShift | UInt32(pageOffset)
    pageOffset += size
    return address
  }

  /// Starts a new slice for a stream whose current slice is full (or that has none).
  @inline(never) func nextSlice(_ s: UnsafeMutablePointer<Stream>) {
    if s.pointee.start == .max {
      let size = Self.levelSizes[0]
      let address = allocate(Int(size))
      s.pointee = Stream(start: address, write: address, end: address + size - 4, level: 0)
      return
    }
    let level = min(Int(s.pointee.level) + 1, Self.levelSizes.count - 1)
    let size = Self.levelSizes[level]
    let address = allocate(Int(size))
    UnsafeMutableRawPointer(pointer(s.pointee.end)).storeBytes(of: address, as: UInt32.self)
    s.pointee.write = address
    s.pointee.end = address + size - 4
    s.pointee.level = UInt8(level)
  }

  @inline(__always) func writeByte(_ s: UnsafeMutablePointer<Stream>, _ b: UInt8) {
    if s.pointee.write == s.pointee.end { nextSlice(s) }
    pointer(s.pointee.write).pointee = b
    s.pointee.write &+= 1
  }

  /// Appends a LEB128 varint; returns the bytes written.
  @inline(__always) @discardableResult
  func writeVarint(_ s: UnsafeMutablePointer<Stream>, _ value: UInt64) -> Int {
    var v = value
    var n = 1
    while v >= 0x80 {
      writeByte(s, UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
      n += 1
    }
    writeByte(s, UInt8(v))
    return n
  }

  /// Copies a stream's bytes out, in order.
  func read(_ s: Stream, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    guard s.start != .max else { return }
    var address = s.start
    var level = 0
    var end = s.start + Self.levelSizes[0] - 4
    while true {
      if s.write >= address && s.write <= end {
        out.append(contentsOf: UnsafeBufferPointer(start: pointer(address), count: Int(s.write - address)))
        return
      }
      out.append(contentsOf: UnsafeBufferPointer(start: pointer(address), count: Int(end - address)))
      address = UnsafeRawPointer(pointer(end)).loadUnaligned(as: UInt32.self)
      level = min(level + 1, Self.levelSizes.count - 1)
      end = address + Self.levelSizes[level] - 4
    }
  }
}
