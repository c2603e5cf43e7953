import Foundation

/// The most recently read decompressed blocks of stored fields, shared by every open segment: a page of hits whose
/// documents share a block, and the next search of an editor's live search (which mostly shows the same documents),
/// then find their blocks decompressed already.
///
/// Bounded by a byte budget and an entry count; the least recently used block goes first. Thread-safe: a block is
/// an immutable array, looked up and inserted under a lock and read outside it. Each ``StoredFieldsReader`` is an
/// owner with a number of its own (never reused), and drops its blocks when it goes away.
final class StoredBlockCache: @unchecked Sendable {
  /// The process's cache: 4 MB, at most 64 blocks (stored blocks hold about 64 KB).
  static let shared = StoredBlockCache(byteBudget: 4 << 20, maxEntries: 64)

  private struct Entry {
    var owner: Int
    var block: Int
    var bytes: [UInt8]
    var lastUse: UInt64
  }

  /// At most this many bytes of blocks are kept.
  let byteBudget: Int
  /// At most this many blocks are kept.
  let maxEntries: Int
  private let lock = NSLock()
  private var entries: [Entry] = []
  private var bytes = 0
  private var clock: UInt64 = 0
  private var lastOwner = 0

  /// Creates an empty cache.
  /// - Parameters:
  ///   - byteBudget: the most bytes kept; a block larger than a quarter of it is never kept.
  ///   - maxEntries: the most blocks kept.
  init(byteBudget: Int, maxEntries: Int) {
    self.byteBudget = byteBudget
    self.maxEntries = max(1, maxEntries)
    entries.reserveCapacity(self.maxEntries)
  }

  /// A new owner number, for one reader's blocks.
  func makeOwner() -> Int {
    lock.lock()
    defer { lock.unlock() }
    lastOwner += 1
    return lastOwner
  }

  /// The cached bytes of an owner's block, if kept.
  /// - Parameters:
  ///   - owner: the reader's owner number.
  ///   - block: the block number in that reader.
  /// - Returns: the decompressed block, or nil.
  func block(owner: Int, block: Int) -> [UInt8]? {
    lock.lock()
    defer { lock.unlock() }
    for i in entries.indices where entries[i].block == block && entries[i].owner == owner {
      clock &+= 1
      entries[i].lastUse = clock
      return entries[i].bytes
    }
    return nil
  }

  /// Keeps an owner's block, dropping the least recently used ones as needed.
  /// - Parameters:
  ///   - bytes: the decompressed block.
  ///   - owner: the reader's owner number.
  ///   - block: the block number in that reader.
  func insert(_ bytes: [UInt8], owner: Int, block: Int) {
    guard bytes.count <= byteBudget / 4 else { return }
    lock.lock()
    defer { lock.unlock() }
    if entries.contains(where: { $0.block == block && $0.owner == owner }) { return }
    while !entries.isEmpty && (entries.count >= maxEntries || self.bytes + bytes.count > byteBudget) {
      var oldest = 0
      for i in entries.indices where entries[i].lastUse < entries[oldest].lastUse { oldest = i }
      self.bytes -= entries[oldest].bytes.count
      entries.swapAt(oldest, entries.count - 1)
      entries.removeLast()
    }
    clock &+= 1
    entries.append(Entry(owner: owner, block: block, bytes: bytes, lastUse: clock))
    self.bytes += bytes.count
  }

  /// Drops every block of an owner (its reader is going away).
  /// - Parameter owner: the reader's owner number.
  func remove(owner: Int) {
    lock.lock()
    defer { lock.unlock() }
    var i = 0
    while i < entries.count {
      if entries[i].owner == owner {
        bytes -= entries[i].bytes.count
        entries.swapAt(i, entries.count - 1)
        entries.removeLast()
      } else {
        i += 1
      }
    }
  }

  /// The number of blocks and bytes kept (for tests).
  var usage: (blocks: Int, bytes: Int) {
    lock.lock()
    defer { lock.unlock() }
    return (entries.count, bytes)
  }
}
