/// Maps offsets in the compacted page libxml2 parses (see ``HTMLCompactor``) back to the page it was made from.
///
/// The compacted page differs from the original only by edits that replace a range of original bytes without
/// newlines by zero bytes (an unused attribute) or by one placeholder byte (the inside of a text run). Between
/// edits, bytes correspond one to one. Newlines are never edited, so libxml2's line numbers are the original's.
/// A view over buffers the caller keeps alive while the page is parsed.
struct CompactionMap {
  /// One edit: original bytes `originalStart..<originalEnd` became, at compacted offset `compact`, one placeholder
  /// byte or nothing. Consecutive removals at one compacted offset are merged into one edit.
  struct Edit {
    var compact: Int32
    var originalStart: Int32
    var originalEnd: Int32
    var isPlaceholder: Bool
  }

  /// The page the compacted bytes were made from (kept alive by the caller during the parse).
  let source: UnsafeBufferPointer<UInt8>
  /// Sorted by `compact` (kept alive by the caller during the parse; a view, so that the SAX handler's lookups
  /// cost no reference counting).
  let edits: UnsafeBufferPointer<Edit>

  init(source: UnsafeBufferPointer<UInt8>, edits: UnsafeBufferPointer<Edit>) {
    self.source = source
    self.edits = edits
  }

  /// Whether no edit was made.
  var isEmpty: Bool { edits.isEmpty }

  /// The index of the last edit at or before compacted offset `c`, or -1; from `hint` (a previous answer at or
  /// before `c`, or -1) it walks forward, else it searches.
  func edit(before c: Int, hint: Int) -> Int {
    let n = edits.count
    var k = hint
    if k >= -1, k < n, k == -1 || Int(edits[k].compact) <= c {
      // Forward from the hint: lookups come in document order, so the walks add up to one pass over the edits.
      while k + 1 < n, Int(edits[k + 1].compact) <= c { k += 1 }
      return k
    }
    var lo = 0
    var hi = n
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(edits[mid].compact) <= c { lo = mid + 1 } else { hi = mid }
    }
    return lo - 1
  }

  /// The original offset of compacted offset `c`, given its edit from ``edit(before:hint:)``. A placeholder maps
  /// to the start of the run it stands for; the byte after it to the run's end.
  @inline(__always)
  func originalOffset(_ c: Int, edit k: Int) -> Int {
    guard k >= 0 else { return c }
    let e = edits[k]
    let at = Int(e.compact)
    if e.isPlaceholder {
      return c == at ? Int(e.originalStart) : Int(e.originalEnd) + (c - at - 1)
    }
    return Int(e.originalEnd) + (c - at)
  }

  /// The original offset of compacted offset `c`.
  func originalOffset(_ c: Int) -> Int {
    originalOffset(c, edit: edit(before: c, hint: -1))
  }

  /// The columns libxml2 would have counted on the original for edit `k`, minus those it counts on the compacted
  /// page: characters of a text run minus its placeholder; the bytes of a removed attribute (it used to be
  /// blanked, one column per byte).
  func columnDelta(ofEdit k: Int) -> Int {
    let e = edits[k]
    guard e.isPlaceholder else { return Int(e.originalEnd - e.originalStart) }
    var chars = 0
    for b in UnsafeBufferPointer(rebasing: source[Int(e.originalStart)..<Int(e.originalEnd)]) where b & 0xC0 != 0x80 {
      chars += 1
    }
    return chars - 1
  }

  /// The number of edits at compacted offsets before `c`.
  func editCount(before c: Int) -> Int {
    var lo = 0
    var hi = edits.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(edits[mid].compact) < c { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
