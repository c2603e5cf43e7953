/// A deterministic automaton for one ``LevenshteinAutomaton``, built lazily: each (state, character class)
/// transition is computed once with `step` and then read from a table. Characters fall into classes: each distinct
/// character of the term is its own class, and every other character shares one class (they all behave alike).
///
/// One instance serves one lookup on one thread (it mutates its tables); it is not shared.
final class LevenshteinDFA {
  private let automaton: LevenshteinAutomaton
  /// Distinct characters of the whole term, sorted.
  private let alphabet: [UInt32]
  /// A character outside `alphabet`, standing for the "other" class.
  private let outsider: Unicode.Scalar
  private var classCount: Int { alphabet.count + 1 }
  private var states: [LevenshteinAutomaton.State] = []
  private var ids: [LevenshteinAutomaton.State: Int32] = [:]
  /// `stateCount x classCount`: target id, `unknown` or `dead`.
  private var transitions: [Int32] = []
  private var accepting: [Int8] = []  // distance when accepting, else -1
  /// Per state: the smallest live edge packed as `scalar << 32 | target`, or `unknownEdge` / `noEdge`.
  private var smallestEdge: [Int64] = []
  private static let unknownEdge: Int64 = -1
  private static let noEdge: Int64 = -2
  private static let unknown: Int32 = -1
  static let dead: Int32 = -2

  /// The start state's id.
  let start: Int32 = 0

  init(_ automaton: LevenshteinAutomaton) {
    self.automaton = automaton
    self.alphabet = automaton.termAlphabet
    var outsider: UInt32 = 0
    while alphabet.contains(outsider) { outsider += 1 }
    self.outsider = Unicode.Scalar(outsider)!
    _ = id(of: automaton.start)
  }

  private func id(of state: LevenshteinAutomaton.State) -> Int32 {
    if let existing = ids[state] { return existing }
    let new = Int32(states.count)
    states.append(state)
    ids[state] = new
    transitions.append(contentsOf: repeatElement(Self.unknown, count: classCount))
    accepting.append(Int8(automaton.distance(state) ?? -1))
    smallestEdge.append(Self.unknownEdge)
    return new
  }

  /// The class of a character: its index in `alphabet`, or `alphabet.count` for any other character.
  func characterClass(_ value: UInt32) -> Int {
    var lo = 0
    var hi = alphabet.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if alphabet[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo < alphabet.count && alphabet[lo] == value ? lo : alphabet.count
  }

  /// The next state, or ``dead``.
  func next(_ state: Int32, characterClass: Int) -> Int32 {
    let slot = Int(state) * classCount + characterClass
    let cached = transitions[slot]
    if cached != Self.unknown { return cached }
    let scalar = characterClass < alphabet.count ? Unicode.Scalar(alphabet[characterClass])! : outsider
    let target = automaton.step(states[Int(state)], scalar).map { id(of: $0) } ?? Self.dead
    transitions[slot] = target
    return target
  }

  func next(_ state: Int32, _ value: UInt32) -> Int32 {
    next(state, characterClass: characterClass(value))
  }

  /// The edit distance if `state` accepts, else `nil`.
  func distance(_ state: Int32) -> Int? {
    let d = accepting[Int(state)]
    return d >= 0 ? Int(d) : nil
  }

  /// The smallest accepted string at least (or above) `input`.
  /// - Parameters:
  ///   - input: scalar values of the string to start from.
  ///   - inclusive: whether `input` itself may be returned.
  /// - Returns: the scalar values of that string, or `nil`.
  func nextAccepted(_ input: [UInt32], inclusive: Bool) -> [UInt32]? {
    var path: [Int32] = [start]
    path.reserveCapacity(input.count + 1)
    for value in input {
      let target = next(path[path.count - 1], value)
      if target == Self.dead { break }
      path.append(target)
    }
    return nextAccepted(input, path: path, inclusive: inclusive)
  }

  /// Same, given the states along `input` (`path[i]` after `i` characters, up to the first dead transition).
  func nextAccepted(_ input: [UInt32], path: [Int32], inclusive: Bool) -> [UInt32]? {
    let k = path.count - 1
    if k == input.count {
      if inclusive && distance(path[k]) != nil { return input }
      if let tail = smallestContinuation(from: path[k], allowEmpty: false) { return input + tail }
    }
    var i = min(k, input.count - 1)
    while i >= 0 {
      if let (value, state) = smallestLiveEdge(from: path[i], above: input[i]),
        let tail = smallestContinuation(from: state, allowEmpty: true)
      {
        return Array(input[..<i]) + [value] + tail
      }
      i -= 1
    }
    return nil
  }

  private func smallestContinuation(from state: Int32, allowEmpty: Bool) -> [UInt32]? {
    if allowEmpty && distance(state) != nil { return [] }
    var out: [UInt32] = []
    var current = state
    let limit = automaton.longestAcceptedLength + 1
    while out.count < limit {
      guard let (value, next) = smallestLiveEdge(from: current, above: nil) else { return nil }
      out.append(value)
      current = next
      if distance(current) != nil { return out }
    }
    return nil
  }

  /// The smallest character above `above` (or the smallest at all) with a live transition.
  private func smallestLiveEdge(from state: Int32, above: UInt32?) -> (UInt32, Int32)? {
    if above == nil {
      let cached = smallestEdge[Int(state)]
      if cached == Self.noEdge { return nil }
      if cached != Self.unknownEdge {
        return (UInt32(truncatingIfNeeded: cached >> 32), Int32(truncatingIfNeeded: cached))
      }
      let found = computeSmallestLiveEdge(from: state, above: nil)
      smallestEdge[Int(state)] = found.map { Int64($0.0) << 32 | Int64(UInt32(bitPattern: $0.1)) } ?? Self.noEdge
      return found
    }
    return computeSmallestLiveEdge(from: state, above: above)
  }

  private func computeSmallestLiveEdge(from state: Int32, above: UInt32?) -> (UInt32, Int32)? {
    // First alphabet index above `above`.
    var index = 0
    var candidate: UInt32 = 0
    if let above {
      guard let after = Self.scalarValue(after: above) else { return nil }
      candidate = after
      var hi = alphabet.count
      while index < hi {
        let mid = (index + hi) / 2
        if alphabet[mid] <= above { index = mid + 1 } else { hi = mid }
      }
    }
    let otherTarget = next(state, characterClass: alphabet.count)
    if otherTarget != Self.dead {
      // The candidate itself, unless it is a term character whose transition is dead; then the next one up.
      while true {
        guard index < alphabet.count && alphabet[index] == candidate else { return (candidate, otherTarget) }
        let target = next(state, characterClass: index)
        if target != Self.dead { return (candidate, target) }
        index += 1
        guard let after = Self.scalarValue(after: candidate) else { return nil }
        candidate = after
      }
    }
    // Only term characters can help.
    while index < alphabet.count {
      let target = next(state, characterClass: index)
      if target != Self.dead { return (alphabet[index], target) }
      index += 1
    }
    return nil
  }

  /// The next valid scalar value (skipping surrogates), or `nil` after U+10FFFF.
  private static func scalarValue(after value: UInt32) -> UInt32? {
    if value >= 0x10FFFF { return nil }
    if value + 1 == 0xD800 { return 0xE000 }
    return value + 1
  }
}
