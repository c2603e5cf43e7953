/// Maps offsets in the compacted page libxml2 parses (see ``HTMLCompactor``) back to the page it was made from.
///
/// The compacted page differs from the original only by edits that replace a range of original bytes without
/// newlines by zero bytes (an unused attribute) or by one placeholder byte (the inside of a text run). Between
/// edits, bytes correspond one to one. Newlines are never edited, so libxml2's line numbers are the original's.
struct CompactionMap {
  /// The page the compacted bytes were made from (kept alive by the caller during the parse).
  let source: UnsafeBufferPointer<UInt8>
  /// Breakpoint k: from compacted offset `compactStarts[k]` on (until the next breakpoint), original offset is
  /// `originalStarts[k] + (c - compactStarts[k])`. Sorted, distinct; before the first, offsets are equal.
  private(set) var compactStarts: [Int] = []
  private(set) var originalStarts: [Int] = []
  /// Edit k sits at compacted offset `editPositions[k]`; `editColumnDeltas[k]` is the sum, over edits 0...k, of the
  /// characters the original had there minus the characters the compacted page has.
  private(set) var editPositions: [Int] = []
  private(set) var editColumnDeltas: [Int] = []

  init(source: UnsafeBufferPointer<UInt8>) {
    self.source = source
  }

  /// Whether no edit was made.
  var isEmpty: Bool { compactStarts.isEmpty }

  /// Records that original bytes `original` were replaced, at compacted offset `at`, by `replacementLength`
  /// bytes (0 or 1, a placeholder).
  /// - Parameter columns: the columns libxml2 would have counted for the original bytes (default: characters).
  mutating func recordEdit(at c: Int, original: Range<Int>, replacementLength: Int, columns: Int? = nil) {
    var chars = 0
    if let columns {
      chars = columns
    } else {
      for b in UnsafeBufferPointer(rebasing: source[original]) where b & 0xC0 != 0x80 { chars += 1 }
    }
    let delta = chars - replacementLength + (editColumnDeltas.last ?? 0)
    if let last = editPositions.last, last == c {
      editColumnDeltas[editColumnDeltas.count - 1] = delta
    } else {
      editPositions.append(c)
      editColumnDeltas.append(delta)
    }
    if replacementLength == 1 {
      addBreakpoint(c, original.lowerBound)
      addBreakpoint(c + 1, original.upperBound)
    } else {
      addBreakpoint(c, original.upperBound)
    }
  }

  private mutating func addBreakpoint(_ c: Int, _ o: Int) {
    if let last = compactStarts.last, last == c {
      originalStarts[originalStarts.count - 1] = o
    } else {
      compactStarts.append(c)
      originalStarts.append(o)
    }
  }

  /// The index of the last breakpoint at or before compacted offset `c`, or -1; `hint` (a previous answer) is
  /// tried first, since lookups mostly move forward.
  func breakpoint(before c: Int, hint: Int) -> Int {
    let n = compactStarts.count
    var k = hint
    if k >= -1, k < n, k == -1 || compactStarts[k] <= c {
      // Walk forward a little, then give up and search.
      var steps = 0
      while k + 1 < n, compactStarts[k + 1] <= c, steps < 8 {
        k += 1
        steps += 1
      }
      if k + 1 >= n || compactStarts[k + 1] > c { return k }
    }
    var lo = 0
    var hi = n
    while lo < hi {
      let mid = (lo + hi) / 2
      if compactStarts[mid] <= c { lo = mid + 1 } else { hi = mid }
    }
    return lo - 1
  }

  /// The original offset of compacted offset `c`, given its breakpoint from ``breakpoint(before:hint:)``.
  @inline(__always)
  func originalOffset(_ c: Int, breakpoint k: Int) -> Int {
    k < 0 ? c : originalStarts[k] + (c - compactStarts[k])
  }

  /// The original offset of compacted offset `c`.
  func originalOffset(_ c: Int) -> Int {
    originalOffset(c, breakpoint: breakpoint(before: c, hint: -1))
  }

  /// How many characters more the original has than the compacted page in compacted offsets `from..<to`: what
  /// to add to a column libxml2 counted on the compacted page.
  func columnDelta(from start: Int, to end: Int) -> Int {
    guard !editPositions.isEmpty, start < end else { return 0 }
    func countBefore(_ c: Int) -> Int {  // edits at positions < c
      var lo = 0
      var hi = editPositions.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if editPositions[mid] < c { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    let a = countBefore(start)
    let b = countBefore(end)
    guard b > a else { return 0 }
    return editColumnDeltas[b - 1] - (a > 0 ? editColumnDeltas[a - 1] : 0)
  }
}
