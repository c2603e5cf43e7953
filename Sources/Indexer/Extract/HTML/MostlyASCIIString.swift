/// Builds a `String` from UTF-8 bytes that are mostly ASCII, with the same result as
/// `String(decoding:as: UTF8.self)` but cheaper.
///
/// The standard library validates a buffer eight bytes at a time while it is all ASCII; one non-ASCII byte anywhere
/// sends the whole buffer through its byte-by-byte validator (about 9 instructions a byte against 0.4). A page body
/// with a single dash or accent is the common case, so the bytes are decoded in pieces: long ASCII stretches on
/// their own (the fast check), the stretches around non-ASCII bytes together, and the pieces appended.
///
/// Pieces are cut only between an ASCII byte and its neighbour, and an ill-formed sequence never contains an ASCII
/// byte, so every replacement character lands where the one-piece decoding puts it: the bytes are identical.
enum MostlyASCIIString {
  /// ASCII stretches shorter than this stay inside the surrounding non-ASCII piece (an extra piece costs an
  /// allocation and an append, a few hundred instructions).
  static let minimumASCIIPiece = 512

  /// Decodes UTF-8 bytes, repairing ill-formed sequences like `String(decoding:as:)`.
  /// - Parameter bytes: the bytes.
  /// - Returns: the string.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard let base = bytes.baseAddress, bytes.count >= 2 * minimumASCIIPiece else {
      return String(decoding: bytes, as: UTF8.self)
    }
    let n = bytes.count
    var result = ""
    var pieceStart = 0  // start of the piece not yet appended
    var i = 0
    var first = true
    while i < n {
      // Find the next non-ASCII byte, eight bytes at a time.
      var j = i
      while j + 8 <= n, UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        j += 8
      }
      while j < n, base[j] < 0x80 { j += 1 }
      // base[i..<j] is ASCII. A long stretch is a piece of its own; the pending non-ASCII piece ends before it.
      if j - i >= minimumASCIIPiece {
        if i == 0 && j == n { return String(decoding: bytes, as: UTF8.self) }
        if first {
          result.reserveCapacity(n)
          first = false
        }
        if i > pieceStart { result.append(piece(base + pieceStart, i - pieceStart)) }
        result.append(piece(base + i, j - i))
        pieceStart = j
      }
      // Skip the non-ASCII bytes.
      while j < n, base[j] >= 0x80 { j += 1 }
      i = j
    }
    if first { return String(decoding: bytes, as: UTF8.self) }
    if n > pieceStart { result.append(piece(base + pieceStart, n - pieceStart)) }
    return result
  }

  private static func piece(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
  }
}
