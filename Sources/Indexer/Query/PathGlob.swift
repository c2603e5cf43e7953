/// A `path:` glob compiled for matching document paths.
///
/// Syntax: `*` any run of characters except `/`, `**` any run including `/`, `?` one character except `/`,
/// everything else literal. A glob starting with `/` must match the whole path; otherwise it matches the end of the
/// path from any component boundary, so `*.md` matches `/home/a/notes/x.md` and `docs/**` matches
/// `/repo/docs/a/b.txt`.
public struct PathGlob: Sendable, Equatable {
  private enum Piece: Sendable, Equatable {
    case literal(UInt8)
    case anyByte  // `?`: one character (matched as one UTF-8 sequence)
    case star  // `*`
    case doubleStar  // `**`
  }

  private let pieces: [Piece]
  private let anchored: Bool
  /// The glob as written.
  public let pattern: String

  /// Compiles a glob.
  /// - Parameter pattern: the glob from the query.
  public init(_ pattern: String) {
    self.pattern = pattern
    let bytes = Array(pattern.utf8)
    var pieces: [Piece] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "*") {
        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*") {
          // `**/` also matches zero directories.
          if pieces.last != .doubleStar { pieces.append(.doubleStar) }
          i += 2
          if i < bytes.count && bytes[i] == UInt8(ascii: "/") { i += 1 }
          continue
        }
        if pieces.last != .star && pieces.last != .doubleStar { pieces.append(.star) }
      } else if b == UInt8(ascii: "?") {
        pieces.append(.anyByte)
      } else {
        pieces.append(.literal(b))
      }
      i += 1
    }
    self.pieces = pieces
    self.anchored = bytes.first == UInt8(ascii: "/")
  }

  /// Whether a path matches.
  /// - Parameter path: the document path (absolute, `/`-separated).
  /// - Returns: `true` when the glob matches the whole path (anchored) or a tail starting at a component.
  public func matches(_ path: String) -> Bool {
    let bytes = Array(path.utf8)
    if anchored { return matches(bytes, from: 0) }
    if matches(bytes, from: 0) { return true }
    for i in bytes.indices where bytes[i] == UInt8(ascii: "/") {
      if matches(bytes, from: i + 1) { return true }
    }
    return false
  }

  /// Dynamic programming over (piece, byte): O(pieces x bytes), no backtracking blow-up.
  private func matches(_ path: [UInt8], from start: Int) -> Bool {
    let n = path.count - start
    // reach[j]: the pieces seen so far can match path[start ..< start + j].
    var reach = [Bool](repeating: false, count: n + 1)
    reach[0] = true
    for piece in pieces {
      var next = [Bool](repeating: false, count: n + 1)
      switch piece {
      case .literal(let b):
        for j in 0..<n where reach[j] && path[start + j] == b { next[j + 1] = true }
      case .anyByte:
        for j in 0..<n where reach[j] && path[start + j] != UInt8(ascii: "/") && path[start + j] & 0xC0 != 0x80 {
          var k = j + 1
          while k < n && path[start + k] & 0xC0 == 0x80 { k += 1 }
          next[k] = true
        }
      case .star, .doubleStar:
        var open = false
        for j in 0...n {
          if reach[j] { open = true }
          if open { next[j] = true }
          if j < n && piece == .star && path[start + j] == UInt8(ascii: "/") { open = false }
        }
      }
      reach = next
    }
    return reach[n]
  }
}
