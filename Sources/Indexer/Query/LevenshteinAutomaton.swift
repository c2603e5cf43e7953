/// Accepts the strings within `maxEdits` edits of a term: insertions, deletions, substitutions and (optionally)
/// transpositions of adjacent characters (optimal string alignment distance), counted in Unicode scalars.
///
/// The automaton is simulated on the fly: a ``State`` holds one row of the edit-distance table (capped at
/// `maxEdits + 1`), so stepping costs O(term length) and no DFA is built. Besides ``matches(_:)-(String)`` it
/// exposes the state API (``start``, ``step(_:_:)``, ``isMatch(_:)``, ``canMatch(_:)``) and
/// ``nextAccepted(atLeast:inclusive:)``, the "next valid string" used by ``forEachMatch(in:_:)`` to walk a sorted
/// term dictionary by skipping instead of scanning it.
public struct LevenshteinAutomaton: Sendable {
  /// The largest edit distance the query language allows (`word~2`).
  public static let maxSupportedEdits = 2

  /// A position in the automaton after reading some characters.
  public struct State: Hashable, Sendable {
    /// Characters of the exact prefix read so far (equals the prefix length once it is done).
    var consumed: Int
    /// Edit distances between the input read after the prefix and each prefix of the fuzzy part, capped.
    var row: [UInt8]
    /// The row before the last character (for transpositions), empty at the start.
    var previousRow: [UInt8]
    /// The last character read after the prefix, or `UInt32.max`.
    var previousScalar: UInt32
  }

  /// The maximum number of edits.
  public let maxEdits: Int
  /// Whether swapping two adjacent characters counts as one edit.
  public let transpositions: Bool
  private let prefix: [Unicode.Scalar]
  private let suffix: [Unicode.Scalar]
  private let cap: UInt8

  /// Builds the automaton for a term.
  /// - Parameters:
  ///   - term: the query word, already analyzed (lowercased, stemmed as the dictionary is).
  ///   - maxEdits: edits allowed (clamped to 0...254; the query language uses 1 or 2).
  ///   - prefixLength: leading characters that must match exactly (clamped to the term length); fewer candidates,
  ///     faster lookups.
  ///   - transpositions: whether `ab` -> `ba` costs one edit instead of two.
  public init(_ term: String, maxEdits: Int, prefixLength: Int = 0, transpositions: Bool = true) {
    let scalars = Array(term.unicodeScalars)
    let cut = max(0, min(prefixLength, scalars.count))
    self.maxEdits = max(0, min(maxEdits, 254))
    self.transpositions = transpositions
    self.prefix = Array(scalars[..<cut])
    self.suffix = Array(scalars[cut...])
    self.cap = UInt8(self.maxEdits + 1)
  }

  /// The state before any character is read.
  public var start: State {
    let row = (0...suffix.count).map { UInt8(min($0, Int(cap))) }
    return State(consumed: 0, row: row, previousRow: [], previousScalar: UInt32.max)
  }

  /// Reads one character.
  /// - Parameters:
  ///   - state: the current state.
  ///   - scalar: the next character of the candidate.
  /// - Returns: the next state, or `nil` when no continuation can be within `maxEdits` (a dead state).
  public func step(_ state: State, _ scalar: Unicode.Scalar) -> State? {
    if state.consumed < prefix.count {
      guard prefix[state.consumed] == scalar else { return nil }
      var next = state
      next.consumed += 1
      return next
    }
    let row = state.row
    let n = suffix.count
    var newRow = [UInt8](repeating: 0, count: n + 1)
    newRow[0] = min(row[0] &+ 1, cap)
    var best = newRow[0]
    let hasPrevious = !state.previousRow.isEmpty
    for j in stride(from: 1, through: n, by: 1) {
      let cost: UInt8 = suffix[j - 1] == scalar ? 0 : 1
      var value = min(row[j] &+ 1, newRow[j - 1] &+ 1, row[j - 1] &+ cost)
      if transpositions && hasPrevious && j > 1 && suffix[j - 2] == scalar
        && suffix[j - 1].value == state.previousScalar
      {
        value = min(value, state.previousRow[j - 2] &+ 1)
      }
      newRow[j] = min(value, cap)
      best = min(best, newRow[j])
    }
    guard Int(best) <= maxEdits else { return nil }
    return State(
      consumed: state.consumed, row: newRow, previousRow: transpositions ? row : [],
      previousScalar: transpositions ? scalar.value : UInt32.max)
  }

  /// Whether the characters read so far are within `maxEdits` of the term.
  /// - Parameter state: a state from ``start`` and ``step(_:_:)``.
  /// - Returns: `true` when the input read so far is accepted.
  public func isMatch(_ state: State) -> Bool {
    state.consumed == prefix.count && Int(state.row[suffix.count]) <= maxEdits
  }

  /// Whether some continuation could still be accepted (always true for states ``step(_:_:)`` returns).
  /// - Parameter state: a state.
  /// - Returns: `false` for a dead state.
  public func canMatch(_ state: State) -> Bool {
    state.consumed < prefix.count || Int(state.row.min() ?? cap) <= maxEdits
  }

  /// The edit distance of the input read so far, when accepted.
  /// - Parameter state: a state.
  /// - Returns: the distance (0...maxEdits), or `nil` when not accepted.
  public func distance(_ state: State) -> Int? {
    isMatch(state) ? Int(state.row[suffix.count]) : nil
  }

  /// The distance of a candidate word.
  /// - Parameter candidate: a dictionary term.
  /// - Returns: its edit distance to the term if within `maxEdits` (and it starts with the exact prefix), else `nil`.
  public func matches(_ candidate: String) -> Int? {
    matches(scalars: candidate.unicodeScalars)
  }

  /// The distance of a candidate given as UTF-8 bytes (invalid sequences read as U+FFFD).
  /// - Parameter utf8: a dictionary term's bytes.
  /// - Returns: its edit distance to the term if within `maxEdits`, else `nil`.
  public func matches(utf8: some Collection<UInt8>) -> Int? {
    matches(scalars: UTF8ScalarSequence(bytes: utf8))
  }

  /// The distance of a candidate given as scalars.
  /// - Parameter scalars: the candidate's characters.
  /// - Returns: its edit distance to the term if within `maxEdits`, else `nil`.
  public func matches(scalars: some Sequence<Unicode.Scalar>) -> Int? {
    var iterator = scalars.makeIterator()
    for expected in prefix {
      guard let scalar = iterator.next(), scalar == expected else { return nil }
    }
    // Three rolling rows in one buffer: before-previous, previous, current (same recurrence as `step`).
    let n = suffix.count
    let width = n + 1
    var rows = [UInt8](repeating: 0, count: 3 * width)
    for j in 0...n { rows[width + j] = UInt8(min(j, Int(cap))) }
    var older = 0
    var previous = width
    var current = 2 * width
    var previousScalar: Unicode.Scalar? = nil
    var read = 0
    while let scalar = iterator.next() {
      rows[current] = min(rows[previous] &+ 1, cap)
      var best = rows[current]
      for j in stride(from: 1, through: n, by: 1) {
        let cost: UInt8 = suffix[j - 1] == scalar ? 0 : 1
        var value = min(rows[previous + j] &+ 1, rows[current + j - 1] &+ 1, rows[previous + j - 1] &+ cost)
        if transpositions && read > 0 && j > 1 && suffix[j - 2] == scalar && suffix[j - 1] == previousScalar {
          value = min(value, rows[older + j - 2] &+ 1)
        }
        rows[current + j] = min(value, cap)
        best = min(best, rows[current + j])
      }
      if Int(best) > maxEdits { return nil }
      (older, previous, current) = (previous, current, older)
      previousScalar = scalar
      read += 1
    }
    let distance = Int(rows[previous + n])
    return distance <= maxEdits ? distance : nil
  }

  /// The smallest string, in code-point order (which is UTF-8 byte order), that the automaton accepts and that is
  /// at least `input` (or greater than it).
  /// - Parameters:
  ///   - input: where to start; any string.
  ///   - inclusive: whether `input` itself may be returned.
  /// - Returns: that string, or `nil` when every accepted string is smaller.
  public func nextAccepted(atLeast input: [Unicode.Scalar], inclusive: Bool) -> [Unicode.Scalar]? {
    LevenshteinDFA(self).nextAccepted(input.map(\.value), inclusive: inclusive)?.map { Unicode.Scalar($0)! }
  }

  /// Distinct characters of the whole term, sorted (the character classes of ``LevenshteinDFA``).
  var termAlphabet: [UInt32] {
    Array(Set(prefix.map(\.value) + suffix.map(\.value))).sorted()
  }

  /// No accepted string is longer than this many characters.
  var longestAcceptedLength: Int { prefix.count + suffix.count + maxEdits }
}

/// The Unicode scalars of UTF-8 bytes, invalid sequences as U+FFFD.
struct UTF8ScalarSequence<Bytes: Collection<UInt8>>: Sequence {
  let bytes: Bytes

  struct Iterator: IteratorProtocol {
    var bytes: Bytes.Iterator
    var codec = UTF8()

    mutating func next() -> Unicode.Scalar? {
      switch codec.decode(&bytes) {
      case .scalarValue(let scalar): return scalar
      case .emptyInput: return nil
      case .error: return "\u{FFFD}"
      }
    }
  }

  func makeIterator() -> Iterator { Iterator(bytes: bytes.makeIterator()) }
}
