/// Splits a byte stream into JSON-RPC message bodies, for either ``Framing``, with bounded memory: a message over
/// `maxMessageBytes` is skipped as it streams in (never buffered whole) and reported as ``FrameEvent/oversized``.
///
/// Feed it whatever `read` returned; then drain ``next()``. The framing is detected from the first bytes
/// (``Framing/detect(_:)``) unless given up front.
public struct FrameDecoder: Sendable {
  /// The largest message body accepted.
  public let maxMessageBytes: Int
  /// The largest header block accepted (Content-Length framing).
  public let maxHeaderBytes: Int
  /// The framing in use, once known.
  public private(set) var framing: Framing?

  private var buffer: [UInt8] = []
  private var start = 0
  private var events: [FrameEvent] = []
  private var eventStart = 0
  private var state = State.idle
  private var scanFrom = 0

  private enum State: Sendable {
    /// Waiting for a message (or headers) to begin.
    case idle
    /// Reading a Content-Length body of this many bytes.
    case body(Int)
    /// Discarding this many bytes of an oversized Content-Length body.
    case discardCount(Int)
    /// Discarding an oversized line up to the next newline.
    case discardLine
    /// The stream cannot be resynchronised; everything further is ignored.
    case broken
  }

  /// Creates a decoder.
  /// - Parameters:
  ///   - maxMessageBytes: the largest message body accepted (default 8 MiB).
  ///   - maxHeaderBytes: the largest header block accepted.
  ///   - framing: the framing, or nil to detect it from the first bytes.
  public init(maxMessageBytes: Int = 8 << 20, maxHeaderBytes: Int = 8192, framing: Framing? = nil) {
    self.maxMessageBytes = max(16, maxMessageBytes)
    self.maxHeaderBytes = maxHeaderBytes
    self.framing = framing
  }

  /// True while part of a message (or of its headers) has been received but not all of it.
  public var hasPartialMessage: Bool {
    switch state {
    case .idle:
      for i in start..<buffer.count where !Self.isSpace(buffer[i]) { return true }
      return false
    case .body, .discardCount, .discardLine: return true
    case .broken: return false
    }
  }

  /// True when the stream can no longer be split into messages (after an unrecoverable header error).
  public var isBroken: Bool {
    if case .broken = state { return true }
    return false
  }

  /// Bytes currently held for an incomplete message.
  public var bufferedBytes: Int { buffer.count - start }

  /// Takes the next event, if any.
  /// - Returns: an event, or nil when more bytes are needed.
  public mutating func next() -> FrameEvent? {
    guard eventStart < events.count else { return nil }
    let e = events[eventStart]
    eventStart += 1
    if eventStart == events.count {
      events.removeAll(keepingCapacity: true)
      eventStart = 0
    }
    return e
  }

  /// Feeds bytes received from the peer.
  /// - Parameter bytes: the bytes, in arrival order.
  public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
    var input = bytes[...]
    while !input.isEmpty {
      switch state {
      case .broken:
        return
      case .discardCount(let remaining):
        let n = min(remaining, input.count)
        input = input.dropFirst(n)
        if remaining - n == 0 {
          state = .idle
        } else {
          state = .discardCount(remaining - n)
        }
      case .discardLine:
        if let nl = input.firstIndex(of: 0x0A) {
          input = input[(nl + 1)...]
          state = .idle
        } else {
          input = input[input.endIndex...]
        }
      case .idle, .body:
        // Append up to what a single message may need, then parse what is buffered.
        buffer.append(contentsOf: input)
        input = input[input.endIndex...]
        parseBuffered()
      }
    }
    compact()
  }

  /// Feeds bytes from an array (convenience for tests and clients).
  /// - Parameter bytes: the bytes.
  public mutating func feed(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { feed($0) }
  }

  private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

  private mutating func compact() {
    if start > 0 && (start == buffer.count || start > 65536) {
      buffer.removeSubrange(0..<start)
      scanFrom -= start
      start = 0
      if scanFrom < 0 { scanFrom = 0 }
    }
    if buffer.isEmpty && buffer.capacity > 1 << 20 { buffer = [] }
  }

  private mutating func parseBuffered() {
    while true {
      switch state {
      case .idle:
        while start < buffer.count && Self.isSpace(buffer[start]) { start += 1 }
        if scanFrom < start { scanFrom = start }
        guard start < buffer.count else { return }
        if framing == nil {
          guard let detected = Framing.detect(buffer[start...]) else { return }
          framing = detected
        }
        if framing == .newlineDelimited {
          guard parseLine() else { return }
        } else {
          guard parseHeaders() else { return }
        }
      case .body(let length):
        guard buffer.count - start >= length else { return }
        events.append(.message(Array(buffer[start..<(start + length)])))
        start += length
        scanFrom = start
        state = .idle
      case .discardCount(let remaining):
        let n = min(remaining, buffer.count - start)
        start += n
        scanFrom = start
        state = remaining - n == 0 ? .idle : .discardCount(remaining - n)
        if remaining - n > 0 { return }
      case .discardLine:
        if let nl = buffer[start...].firstIndex(of: 0x0A) {
          start = nl + 1
          scanFrom = start
          state = .idle
        } else {
          start = buffer.count
          scanFrom = start
          return
        }
      case .broken:
        start = buffer.count
        return
      }
    }
  }

  /// Handles one newline-delimited message; returns false when more bytes are needed.
  private mutating func parseLine() -> Bool {
    let end = buffer.count
    var i = scanFrom
    while i < end && buffer[i] != 0x0A { i += 1 }
    if i == end {
      if end - start > maxMessageBytes {
        events.append(.oversized(size: nil, limit: maxMessageBytes))
        start = end
        scanFrom = end
        state = .discardLine
        return false
      }
      scanFrom = end
      return false
    }
    var lineEnd = i
    if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    if lineEnd - start > maxMessageBytes {
      events.append(.oversized(size: lineEnd - start, limit: maxMessageBytes))
    } else {
      events.append(.message(Array(buffer[start..<lineEnd])))
    }
    start = i + 1
    scanFrom = start
    return true
  }

  /// Handles one header block; returns false when more bytes are needed.
  private mutating func parseHeaders() -> Bool {
    let end = buffer.count
    // Find the blank line ending the headers: "\r\n\r\n" (also accept "\n\n").
    var i = max(start, scanFrom - 3)
    var headerEnd = -1
    var bodyStart = -1
    while i < end {
      if buffer[i] == 0x0A {
        if i + 1 < end && buffer[i + 1] == 0x0A {
          headerEnd = i
          bodyStart = i + 2
          break
        }
        if i + 2 < end && buffer[i + 1] == 0x0D && buffer[i + 2] == 0x0A {
          headerEnd = i
          bodyStart = i + 3
          break
        }
      }
      i += 1
    }
    if headerEnd < 0 {
      if end - start > maxHeaderBytes {
        events.append(
          .badHeader(
            message: "header block longer than \(maxHeaderBytes) bytes without a blank line", recoverable: false))
        state = .broken
        start = end
        return false
      }
      scanFrom = end
      return false
    }
    if headerEnd - start > maxHeaderBytes {
      events.append(
        .badHeader(message: "header block longer than \(maxHeaderBytes) bytes", recoverable: false))
      state = .broken
      start = end
      return false
    }
    let length = Self.contentLength(buffer[start..<headerEnd])
    start = bodyStart
    scanFrom = start
    switch length {
    case .missing:
      events.append(.badHeader(message: "missing Content-Length header", recoverable: true))
      state = .idle
    case .invalid(let text):
      events.append(.badHeader(message: "invalid Content-Length value '\(text)'", recoverable: false))
      state = .broken
      start = end
      return false
    case .value(let n):
      if n > maxMessageBytes {
        events.append(.oversized(size: n, limit: maxMessageBytes))
        state = .discardCount(n)
      } else {
        state = .body(n)
      }
    }
    return true
  }

  private enum HeaderLength {
    case missing
    case invalid(String)
    case value(Int)
  }

  /// Finds `Content-Length` (case-insensitive) among `Name: value` lines.
  private static func contentLength(_ block: ArraySlice<UInt8>) -> HeaderLength {
    let name = Array("content-length".utf8)
    var lineStart = block.startIndex
    while lineStart < block.endIndex {
      var lineEnd = lineStart
      while lineEnd < block.endIndex && block[lineEnd] != 0x0A { lineEnd += 1 }
      let line = block[lineStart..<lineEnd]
      if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
        let key = line[lineStart..<colon].filter { !isSpace($0) }.map { $0 | 0x20 }
        if key == name {
          var digits = line[(colon + 1)...]
          while let f = digits.first, isSpace(f) { digits = digits.dropFirst() }
          while let l = digits.last, isSpace(l) { digits = digits.dropLast() }
          var value = 0
          guard !digits.isEmpty, digits.count <= 15 else {
            return .invalid(String(decoding: digits.prefix(32), as: UTF8.self))
          }
          for d in digits {
            guard d >= 0x30 && d <= 0x39 else { return .invalid(String(decoding: digits.prefix(32), as: UTF8.self)) }
            value = value * 10 + Int(d - 0x30)
          }
          return .value(value)
        }
      }
      lineStart = lineEnd + 1
    }
    return .missing
  }
}
