#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Makes the bytes libxml2 parses smaller without changing what it reports: the attributes extraction never
/// reads are removed (see ``UnusedAttributeBlanker`` for which are kept) and the inside of each text run (from
/// its first to its last non-blank byte, up to a newline, `&` or control character) becomes one placeholder
/// byte. libxml2 then spends its per-character work on markup only; the SAX text handler reads each run back
/// from the original through the ``CompactionMap`` (a text chunk read from the compacted input maps to one
/// contiguous original range).
///
/// Why the parse is unchanged: libxml2 decides structure from markup and from whether text is blank, never
/// from the text itself; a placeholder is non-blank like the text it stands for, leading and trailing blanks
/// and every newline stay (line numbers are exact; columns are corrected through the map), and nothing next to
/// an entity reference or a stray `<` is replaced (a placeholder cannot extend a name). Where the page does
/// something this scanner does not model exactly (`<?`, `<!` other than a comment or a plain DOCTYPE, a stray
/// `<`, a malformed tag, `--!>` in a comment), text is no longer replaced for the rest of the page; attribute
/// removal follows the blanker's rules, which stop at the first surprise inside a tag.
enum HTMLCompactor {
  /// The byte standing for a replaced text run.
  static let placeholder = UInt8(ascii: "x")

  /// Bytes that end a replaceable text run: controls other than tab (newlines must stay; libxml2 reports or
  /// rewrites the rest), `&` (an entity reference) and 0xEF (may start U+FFFE or U+FFFF; checked further).
  nonisolated(unsafe) static let textStops: UnsafePointer<Bool> = {
    let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
    for b in 0..<256 { table[b] = (b < 0x20 && b != 0x09) || b == 0x26 || b == 0xEF }
    return UnsafePointer(table)
  }()

  /// The compacted page and its edits (see ``CompactionMap``).
  struct Output {
    var bytes: [UInt8]
    var edits: [CompactionMap.Edit]
  }

  /// Compacts a UTF-8 page.
  /// - Parameter source: the page (valid UTF-8; must outlive the map's use).
  /// - Returns: the bytes to parse and the edits that map them back to `source`.
  static func compact(_ source: UnsafeBufferPointer<UInt8>) -> Output {
    var edits = EditBuffer(capacity: max(16, source.count / 16))
    defer { edits.deallocate() }
    let bytes = [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
      var scanner = Scanner(source: source, out: buffer.baseAddress, edits: edits)
      scanner.run()
      count = scanner.written
      edits = scanner.edits
    }
    return Output(bytes: bytes, edits: edits.array())
  }

  /// A growable buffer of edits (no Array bookkeeping per append).
  private struct EditBuffer {
    var base: UnsafeMutablePointer<CompactionMap.Edit>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
      self.capacity = capacity
      base = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func add(compact: Int, original: Range<Int>, isPlaceholder: Bool) {
      if !isPlaceholder, count > 0, Int(base[count - 1].compact) == compact, !base[count - 1].isPlaceholder {
        base[count - 1].originalEnd = Int32(original.upperBound)
        return
      }
      if count == capacity {
        let grown = UnsafeMutablePointer<CompactionMap.Edit>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
      }
      (base + count).initialize(
        to: CompactionMap.Edit(
          compact: Int32(compact), originalStart: Int32(original.lowerBound), originalEnd: Int32(original.upperBound),
          isPlaceholder: isPlaceholder))
      count += 1
    }

    func array() -> [CompactionMap.Edit] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { base.deallocate() }
  }

  private struct Scanner {
    let p: UnsafeMutablePointer<UInt8>
    let n: Int
    let out: UnsafeMutablePointer<UInt8>
    var written = 0
    var edits: EditBuffer
    var replacesText = true
    /// `HTMLCompactor.textStops`, read once per page.
    let stops = HTMLCompactor.textStops

    init(source: UnsafeBufferPointer<UInt8>, out: UnsafeMutablePointer<UInt8>?, edits: EditBuffer) {
      p = UnsafeMutablePointer(mutating: source.baseAddress ?? UnsafePointer(bitPattern: 1)!)
      n = source.count
      self.out = out ?? UnsafeMutablePointer(bitPattern: 1)!
      self.edits = edits
    }

    @inline(__always)
    mutating func copy(_ start: Int, _ end: Int) {
      if end > start {
        (out + written).update(from: p + start, count: end - start)
        written += end - start
      }
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
      out[written] = byte
      written += 1
    }

    mutating func run() {
      var i = 0
      while i < n {
        let lt = memchr(p + i, 0x3C, n - i).map { UnsafeMutableRawPointer(p).distance(to: $0) } ?? n
        text(i, lt)
        guard lt < n else { return }
        i = markup(at: lt)
      }
    }

    /// Handles the construct starting with `<` at `lt`; returns where scanning resumes.
    mutating func markup(at lt: Int) -> Int {
      let c = lt + 1 < n ? p[lt + 1] : 0
      if c == UInt8(ascii: "!") {
        if lt + 3 < n, p[lt + 2] == UInt8(ascii: "-"), p[lt + 3] == UInt8(ascii: "-") {
          let end = UnusedAttributeBlanker.skipComment(p, n, from: lt + 4)
          if end >= n || Self.containsBangClose(p + lt, end - lt) { replacesText = false }
          copy(lt, end)
          return end
        }
        if lt + 9 <= n, UnusedAttributeBlanker.equal(p + lt + 2, 7, "doctype"),
          let gt = memchr(p + lt, 0x3E, n - lt)
        {
          let end = UnsafeMutableRawPointer(p).distance(to: gt) + 1
          if memchr(p + lt, 0x22, end - lt) != nil || memchr(p + lt, 0x27, end - lt) != nil { replacesText = false }
          copy(lt, end)
          return end
        }
        return stray(lt)
      }
      if c == UInt8(ascii: "/") {
        var j = lt + 2
        guard j < n, UnusedAttributeBlanker.isLetter(p[j]) else { return stray(lt) }
        while j < n, UnusedAttributeBlanker.isNameByte(p[j]) { j += 1 }
        while j < n, UnusedAttributeBlanker.isBlank(p[j]) { j += 1 }
        guard j < n, p[j] == UInt8(ascii: ">"), j - lt < 100 else { return stray(lt) }
        copy(lt, j + 1)
        return j + 1
      }
      guard UnusedAttributeBlanker.isLetter(c) else { return stray(lt) }
      let (element, end) = startTag(lt)
      guard element == .script || element == .style else { return end }
      let rawEnd = UnusedAttributeBlanker.skipRawText(
        p, n, from: end, name: element == .script ? "script" : "style")
      copy(end, rawEnd)
      return rawEnd
    }

    /// Whether `--!>` (which ends a comment in libxml2) occurs in `p[0..<count]`.
    static func containsBangClose(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
      var i = 0
      while i + 4 <= count {
        guard let hit = memchr(p + i, 0x21, count - i) else { return false }  // '!'
        let k = UnsafeMutableRawPointer(p).distance(to: hit)
        if k >= 2, k + 1 < count, p[k - 1] == 0x2D, p[k - 2] == 0x2D, p[k + 1] == 0x3E { return true }
        i = k + 1
      }
      return false
    }

    /// Something not modelled: copy the `<`, stop replacing text.
    mutating func stray(_ lt: Int) -> Int {
      replacesText = false
      put(p[lt])
      return lt + 1
    }

    /// Copies a start tag from `<`, leaving out unused attributes; returns the element and where scanning
    /// resumes. A surprise inside the tag stops text replacement (the rest is copied as it is).
    mutating func startTag(_ lt: Int) -> (UnusedAttributeBlanker.Element, Int) {
      var i = lt + 1
      while i < n, UnusedAttributeBlanker.isNameByte(p[i]) { i += 1 }
      let element = UnusedAttributeBlanker.classify(p + lt + 1, i - lt - 1)
      if i - lt > 100 { replacesText = false }
      var copied = lt
      while true {
        while i < n, UnusedAttributeBlanker.isBlank(p[i]) { i += 1 }
        guard i < n else { return finish(element, copied, n, clean: false) }
        let c = p[i]
        if c == UInt8(ascii: ">") { return finish(element, copied, i + 1, clean: true) }
        if c == UInt8(ascii: "/"), i + 1 < n, p[i + 1] == UInt8(ascii: ">") {
          return finish(element, copied, i + 2, clean: true)
        }
        guard UnusedAttributeBlanker.isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") else {
          return finish(element, copied, i, clean: false)
        }
        let attributeStart = i
        while i < n, UnusedAttributeBlanker.isNameByte(p[i]) { i += 1 }
        let nameEnd = i
        guard i < n else { return finish(element, copied, n, clean: false) }
        var j = i
        while j < n, UnusedAttributeBlanker.isBlank(p[j]) { j += 1 }
        var valueEnd = nameEnd
        if j < n, p[j] == UInt8(ascii: "=") {
          j += 1
          while j < n, UnusedAttributeBlanker.isBlank(p[j]) { j += 1 }
          guard j < n else { return finish(element, copied, n, clean: false) }
          let q = p[j]
          if q == 0x22 || q == 0x27 {
            guard let close = memchr(p + j + 1, Int32(q), n - j - 1) else {
              return finish(element, copied, n, clean: false)
            }
            valueEnd = UnsafeMutableRawPointer(p).distance(to: close) + 1
          } else {
            var k = j
            while k < n, !UnusedAttributeBlanker.isBlank(p[k]), p[k] != UInt8(ascii: ">") { k += 1 }
            valueEnd = k
          }
        } else if nameEnd < n, !UnusedAttributeBlanker.isBlank(p[nameEnd]), p[nameEnd] != UInt8(ascii: ">"),
          p[nameEnd] != UInt8(ascii: "/")
        {
          return finish(element, copied, nameEnd, clean: false)
        }
        if !UnusedAttributeBlanker.keeps(element, p + attributeStart, nameEnd - attributeStart) {
          copy(copied, attributeStart)
          let count = valueEnd - attributeStart
          if memchr(p + attributeStart, 0x0A, count) == nil {
            edits.add(compact: written, original: attributeStart..<valueEnd, isPlaceholder: false)
          } else {
            // Newlines stay where they were (libxml2 counts lines): blank the rest.
            for k in attributeStart..<valueEnd { put(p[k] == 0x0A ? 0x0A : 0x20) }
          }
          copied = valueEnd
        }
        i = valueEnd
      }
    }

    mutating func finish(_ element: UnusedAttributeBlanker.Element, _ copied: Int, _ end: Int, clean: Bool)
      -> (UnusedAttributeBlanker.Element, Int)
    {
      copy(copied, end)
      if !clean { replacesText = false }
      return (element, end)
    }

    /// Whether none of the eight bytes of `w` is a text stop candidate (a byte below 0x20, `&` or 0xEF): exact
    /// word tests, so text is skipped eight bytes at a time; a word with a candidate is read byte by byte.
    @inline(__always)
    static func hasNoStop(_ w: UInt64) -> Bool {
      let ones: UInt64 = 0x0101_0101_0101_0101
      let high = ones &* 0x80
      let low7 = ones &* 0x7F
      let below20 = (w &- ones &* 0x20) & ~w & high
      let amp = w ^ (ones &* 0x26)
      let ef = w ^ (ones &* 0xEF)
      let ampZero = ~(((amp & low7) &+ low7) | amp) & high
      let efZero = ~(((ef & low7) &+ low7) | ef) & high
      return below20 | ampZero | efZero == 0
    }

    /// Copies the text `start..<end` (no `<` in it), replacing the inside of each run by a placeholder.
    mutating func text(_ start: Int, _ end: Int) {
      guard replacesText else {
        copy(start, end)
        return
      }
      let stops = self.stops
      let writtenBefore = written
      let editsBefore = edits.count
      var i = start
      while i < end {
        var j = i
        while j < end {
          if j + 8 <= end, Self.hasNoStop(UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)) {
            j += 8
            continue
          }
          if stops[Int(p[j])] {
            let b = p[j]
            // U+FFFE, U+FFFF: libxml2 reports them; other EF sequences are text.
            if b != 0xEF || (j + 2 < end && p[j + 1] == 0xBF && p[j + 2] & 0xFE == 0xBE) { break }
          }
          j += 1
        }
        var a = i
        while a < j, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
        var b = j
        while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 { b -= 1 }
        if b - a >= 2 {
          copy(i, a)
          edits.add(compact: written, original: a..<b, isPlaceholder: true)
          put(HTMLCompactor.placeholder)
          copy(b, j)
        } else {
          copy(i, j)
        }
        guard j < end else { return }
        if p[j] == UInt8(ascii: "&") {
          // An entity reference (or a bare '&'): kept up to ';' or a blank, so no placeholder joins its name.
          var k = j + 1
          while k < end, p[k] != UInt8(ascii: ";"), p[k] > 0x20 { k += 1 }
          if k < end, p[k] == UInt8(ascii: ";") { k += 1 }
          copy(j, k)
          i = k
        } else if p[j] == 0xEF {
          copy(j, j + 3)
          i = j + 3
        } else if p[j] == 0x0A || p[j] == 0x0D {
          put(p[j])
          i = j + 1
        } else {
          // Another control character: libxml2 does not pass it on as it was read, so the text delivered with it
          // cannot be found in the input. Undo this text's placeholders and stop replacing text for the page.
          written = writtenBefore
          edits.count = editsBefore
          replacesText = false
          copy(start, end)
          return
        }
      }
    }
  }
}
