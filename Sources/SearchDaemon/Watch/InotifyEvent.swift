/// One event read from an inotify descriptor.
struct InotifyEvent: Sendable, Equatable {
  /// The watch descriptor (-1 for a queue overflow).
  var wd: Int32
  /// The event bits.
  var mask: UInt32
  /// Pairs `IN_MOVED_FROM` with `IN_MOVED_TO`.
  var cookie: UInt32
  /// The entry's name inside the watched directory ("" for events about the directory itself).
  var name: String

  /// Parses the events in a buffer returned by `read` on an inotify descriptor. `struct inotify_event` is read by
  /// offsets (wd 0, mask 4, cookie 8, len 12, name 16; the next event starts at 16 + len).
  /// - Parameter buffer: the bytes read.
  /// - Returns: the events, in order; a truncated tail is ignored.
  static func parse(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
    var events: [InotifyEvent] = []
    var offset = 0
    while offset + 16 <= buffer.count {
      let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
      let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
      let cookie = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
      let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
      guard offset + 16 + length <= buffer.count else { break }
      var nameEnd = offset + 16
      while nameEnd < offset + 16 + length && buffer[nameEnd] != 0 { nameEnd += 1 }
      let name = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[(offset + 16)..<nameEnd]), as: UTF8.self)
      events.append(InotifyEvent(wd: wd, mask: mask, cookie: cookie, name: name))
      offset += 16 + length
    }
    return events
  }
}
