/// A cursor over a term dictionary sorted by UTF-8 bytes (the order of an FST, a sorted term block file, or a
/// sorted array). The storage engine's term dictionary conforms to this so fuzzy and prefix lookups can skip.
public protocol SortedTermCursor {
  /// Moves to the smallest term greater than or equal to `ceil`.
  /// - Parameter ceil: the lower bound, UTF-8 bytes.
  /// - Returns: that term, or `nil` when every term is smaller (the cursor is exhausted).
  mutating func seek(ceil: [UInt8]) -> [UInt8]?

  /// Moves to the term after the current one.
  /// - Returns: that term, or `nil` at the end.
  mutating func next() -> [UInt8]?
}

/// A ``SortedTermCursor`` over an in-memory array of terms sorted by bytes (binary search on `seek`).
public struct SortedArrayTermCursor: SortedTermCursor, Sendable {
  /// The terms, sorted by bytes, without duplicates.
  public let terms: [[UInt8]]
  /// Index of the current term (`terms.count` when exhausted, -1 before the first call).
  public private(set) var position = -1

  /// Creates a cursor.
  /// - Parameter terms: terms sorted by `lexicographicallyPrecedes` on their bytes.
  public init(terms: [[UInt8]]) {
    self.terms = terms
  }

  public mutating func seek(ceil: [UInt8]) -> [UInt8]? {
    var lo = 0
    var hi = terms.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if terms[mid].lexicographicallyPrecedes(ceil) { lo = mid + 1 } else { hi = mid }
    }
    position = lo
    return lo < terms.count ? terms[lo] : nil
  }

  public mutating func next() -> [UInt8]? {
    position = min(position + 1, terms.count)
    return position < terms.count ? terms[position] : nil
  }
}

extension LevenshteinAutomaton {
  /// Enumerates the dictionary terms the automaton accepts, in dictionary order, by alternating a check of the
  /// current term with a seek to the next string the automaton could accept (as Lucene's AutomatonTermsEnum
  /// does). Only terms near the query word are visited, not the whole dictionary.
  /// - Parameters:
  ///   - cursor: a cursor over the sorted term dictionary; it is moved.
  ///   - body: called with each matching term's bytes and its edit distance; return `false` to stop.
  public func forEachMatch<Cursor: SortedTermCursor>(
    in cursor: inout Cursor, _ body: (_ term: [UInt8], _ distance: Int) -> Bool
  ) {
    let dfa = LevenshteinDFA(self)
    guard let first = dfa.nextAccepted([], inclusive: true) else { return }
    var current = cursor.seek(ceil: Self.utf8(first))
    var input: [UInt32] = []
    var path: [Int32] = []
    while let term = current {
      input.removeAll(keepingCapacity: true)
      var termBytes = term.makeIterator()
      var codec = UTF8()
      var valid = true
      decoding: while true {
        switch codec.decode(&termBytes) {
        case .scalarValue(let scalar): input.append(scalar.value)
        case .emptyInput: break decoding
        case .error:
          input.append(0xFFFD)
          valid = false
        }
      }
      path.removeAll(keepingCapacity: true)
      path.append(dfa.start)
      for value in input {
        let target = dfa.next(path[path.count - 1], value)
        if target == LevenshteinDFA.dead { break }
        path.append(target)
      }
      if path.count == input.count + 1, let distance = dfa.distance(path[path.count - 1]) {
        if !body(term, distance) { return }
        current = cursor.next()
        continue
      }
      // Invalid UTF-8 does not sort like the string it decodes to: step over it instead of seeking.
      if !valid {
        current = cursor.next()
        continue
      }
      guard let target = dfa.nextAccepted(input, path: path, inclusive: false) else { return }
      let bytes = Self.utf8(target)
      if bytes.lexicographicallyPrecedes(term) || bytes == term {
        current = cursor.next()
      } else {
        current = cursor.seek(ceil: bytes)
      }
    }
  }

  /// The matching terms of a dictionary with their distances, in dictionary order.
  /// - Parameters:
  ///   - cursor: a cursor over the sorted term dictionary; it is moved.
  ///   - limit: stop after this many matches.
  /// - Returns: matching terms (UTF-8 bytes) and edit distances.
  public func matchingTerms<Cursor: SortedTermCursor>(
    in cursor: inout Cursor, limit: Int = Int.max
  ) -> [(term: [UInt8], distance: Int)] {
    var out: [(term: [UInt8], distance: Int)] = []
    if limit <= 0 { return out }
    forEachMatch(in: &cursor) { term, distance in
      out.append((term, distance))
      return out.count < limit
    }
    return out
  }

  static func utf8(_ values: [UInt32]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count)
    for value in values {
      let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
      UTF8.encode(scalar) { bytes.append($0) }
    }
    return bytes
  }
}
