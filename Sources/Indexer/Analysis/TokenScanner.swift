/// Receives the tokens of a ``TokenScanner``: a generic parameter rather than a closure, so that the indexer's
/// per-token work (``TermCollector``) is specialized and inlined into the scanning loop.
protocol TokenSink {
  /// One token: its byte range in the text, its folded bytes (valid only during the call) and its kind.
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind)
}

/// Passes tokens to a closure (the general API of `Tokenizer.scan(_:_:)`).
struct ClosureTokenSink: TokenSink {
  let body: TokenScanner.Body

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) {
    body(start, end, folded, kind)
  }
}

/// Passes tokens without their kind to a closure (the public API of `Tokenizer.tokenize(_:_:)`).
struct PlainClosureTokenSink: TokenSink {
  let body: (Int, Int, UnsafeBufferPointer<UInt8>) -> Void

  @inline(__always)
  mutating func token(_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) {
    body(start, end, folded)
  }
}

/// The tokenizer's state machine over one text (see `Tokenizer` for the rules).
struct TokenScanner {
  /// Bytes of scratch space needed: a capped word plus one folded character, and the CJK areas.
  static let bufferSize = 512
  private static let cjkSlotA = 256
  private static let cjkSlotB = 320
  private static let cjkPair = 384
  private static let cjkSlotSize = 64

  let entries: UnsafeMutablePointer<UInt32>
  let foldedBytes: UnsafeMutablePointer<UInt8>
  let p: UnsafePointer<UInt8>
  let n: Int
  let out: UnsafeMutablePointer<UInt8>
  let asciiClass: UnsafeMutablePointer<UInt8>
  let asciiFold: UnsafeMutablePointer<UInt8>
  let byteTable: UnsafeMutablePointer<UInt8>

  /// Whether a leading elided article or preposition (`l'`, `d'`, `qu'`, `dell'`...) is dropped.
  let removesElisions: Bool

  init(
    table: CharacterTable, text: UnsafePointer<UInt8>, count: Int, out: UnsafeMutablePointer<UInt8>,
    removesElisions: Bool
  ) {
    self.removesElisions = removesElisions
    self.entries = table.entries
    self.foldedBytes = table.folded
    self.p = text
    self.n = count
    self.out = out
    self.asciiClass = table.asciiClass
    self.asciiFold = table.asciiFold
    self.byteTable = table.byteTable
  }

  typealias Body = (Int, Int, UnsafeBufferPointer<UInt8>, TokenKind) -> Void

  func run<Sink: TokenSink>(_ sink: inout Sink) {
    var i = 0
    while i < n {
      let t = byteTable[Int(p[i])]
      if t >= 48 {
        i = scanWord(from: i, &sink)
        continue
      }
      if t != CharacterTable.nonASCII {
        i += 1
        continue
      }
      let (cp, width) = decode(at: i)
      let cls = UInt8(truncatingIfNeeded: entry(cp) & 7)
      if cls == CharacterClass.word {
        i = scanWord(from: i, &sink)
      } else if cls == CharacterClass.cjk {
        i = scanCJK(from: i, &sink)
      } else {
        i += width
      }
    }
  }

  // MARK: Decoding

  /// The character table entry for any code point (see `CharacterTable.entry(_:)`).
  @inline(__always)
  func entry(_ cp: UInt32) -> UInt32 {
    if cp < CharacterTable.tableLimit { return entries[Int(cp)] }
    return CharacterTable.entryAboveTable(cp)
  }

  /// Decodes the scalar at `i` (which must be a non-ASCII byte). Invalid sequences give `(0xFFFF_FFFF, 1)`.
  @inline(__always)
  func decode(at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(p[i])
    if b0 < 0xC2 { return (0xFFFF_FFFF, 1) }
    if b0 < 0xE0 {
      guard i + 1 < n else { return (0xFFFF_FFFF, 1) }
      let b1 = UInt32(p[i + 1])
      guard b1 & 0xC0 == 0x80 else { return (0xFFFF_FFFF, 1) }
      return ((b0 & 0x1F) << 6 | (b1 & 0x3F), 2)
    }
    if b0 < 0xF0 {
      guard i + 2 < n else { return (0xFFFF_FFFF, 1) }
      let b1 = UInt32(p[i + 1])
      let b2 = UInt32(p[i + 2])
      guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return (0xFFFF_FFFF, 1) }
      let cp = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
      guard cp >= 0x800, cp < 0xD800 || cp > 0xDFFF else { return (0xFFFF_FFFF, 1) }
      return (cp, 3)
    }
    if b0 < 0xF5 {
      guard i + 3 < n else { return (0xFFFF_FFFF, 1) }
      let b1 = UInt32(p[i + 1])
      let b2 = UInt32(p[i + 2])
      let b3 = UInt32(p[i + 3])
      guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (0xFFFF_FFFF, 1) }
      let cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)
      guard cp >= 0x10000, cp <= 0x10FFFF else { return (0xFFFF_FFFF, 1) }
      return (cp, 4)
    }
    return (0xFFFF_FFFF, 1)
  }

  /// Class of the character at `i` and its byte width (separator past the end).
  @inline(__always)
  func classAt(_ i: Int) -> (UInt8, Int) {
    guard i < n else { return (CharacterClass.separator, 0) }
    let b = p[i]
    if b < 0x80 { return (asciiClass[Int(b)], 1) }
    let (cp, width) = decode(at: i)
    return (UInt8(truncatingIfNeeded: entry(cp) & 7), width)
  }

  /// Appends the folded form of the non-ASCII character at `i` (entry `e`, width `width`) at `out + at`;
  /// returns the number of bytes written.
  @inline(__always)
  func appendFolded(_ e: UInt32, _ i: Int, _ width: Int, to dest: UnsafeMutablePointer<UInt8>) -> Int {
    if e & CharacterTable.identityBit != 0 {
      for k in 0..<width { dest[k] = p[i + k] }
      return width
    }
    let length = Int((e >> 4) & 63)
    let source = foldedBytes + Int(e >> 10)
    for k in 0..<length { dest[k] = source[k] }
    return length
  }

  /// Folded byte length of entry `e` for a character of `width` bytes.
  @inline(__always)
  func foldedLength(_ e: UInt32, _ width: Int) -> Int {
    e & CharacterTable.identityBit != 0 ? width : Int((e >> 4) & 63)
  }

  // MARK: Words

  /// Scans the word starting at `start` (a letter or digit), emits it, and returns where scanning resumes.
  func scanWord<Sink: TokenSink>(from start: Int, _ sink: inout Sink) -> Int {
    var tokenStart = start
    var j = start
    var end = start
    var length = 0
    var segmentChars = 0
    var joined = false
    let limit = Tokenizer.maxTokenBytes
    scan: while j < n {
      let t = byteTable[Int(p[j])]
      if t >= 48 {
        if length >= limit {
          sink.token(tokenStart, end, UnsafeBufferPointer(start: out, count: length), .word)
          tokenStart = j
          length = 0
        }
        let runStart = j
        let stop = min(n, j + (limit - length))
        out[length] = t
        length += 1
        j += 1
        while j < stop {
          let u = byteTable[Int(p[j])]
          if u < 48 { break }
          out[length] = u
          length += 1
          j += 1
        }
        end = j
        segmentChars += j - runStart
        continue
      }
      if t != CharacterTable.nonASCII {
        let cls = t
        switch cls {
        case CharacterClass.apostrophe:
          switch apostrophe(at: j, width: 1, length: length, joined: joined) {
          case .ends:
            break scan
          case .possessive(let after):
            end = after
            j = after
            break scan
          case .joins(let next):
            j = next
            segmentChars = 0
            joined = true
          case .elides(let next):
            j = next
            tokenStart = next
            end = next
            length = 0
            segmentChars = 0
          }
        case CharacterClass.dot:
          if j > start, j + 1 < n, isDigit(p[j - 1]), isDigit(p[j + 1]) {
            if length + 1 > limit { break scan }
            out[length] = 0x2E
            length += 1
            j += 1
            segmentChars = 0
            joined = true
          } else if segmentChars == 1, let (next, e, width) = singleLetterAfter(j + 1) {
            if length + foldedLength(e, width) > limit { break scan }
            length += appendNonASCIIOrASCII(e, j + 1, width, at: length)
            j = next
            end = next
            segmentChars = 1
            joined = true
          } else {
            break scan
          }
        case CharacterClass.comma:
          guard j > start, isDigit(p[j - 1]), isThousandsGroup(at: j + 1) else { break scan }
          j += 1
          joined = true
        case CharacterClass.ampersand:
          guard segmentChars >= 1, segmentChars <= 3, shortRunAfter(j + 1), length + 1 <= limit else { break scan }
          out[length] = 0x26
          length += 1
          j += 1
          segmentChars = 0
          joined = true
        default:
          break scan
        }
        continue
      }
      let (cp, width) = decode(at: j)
      let e = entry(cp)
      let cls = UInt8(truncatingIfNeeded: e & 7)
      if cls == CharacterClass.word || cls == CharacterClass.mark {
        let add = foldedLength(e, width)
        if length + add > limit && length > 0 {
          sink.token(tokenStart, end, UnsafeBufferPointer(start: out, count: length), .word)
          tokenStart = j
          length = 0
        }
        length += appendFolded(e, j, width, to: out + length)
        j += width
        end = j
        if cls == CharacterClass.word { segmentChars += 1 }
      } else if cls == CharacterClass.apostrophe {
        switch apostrophe(at: j, width: width, length: length, joined: joined) {
        case .ends:
          break scan
        case .possessive(let after):
          end = after
          j = after
          break scan
        case .joins(let next):
          j = next
          segmentChars = 0
          joined = true
        case .elides(let next):
          j = next
          tokenStart = next
          end = next
          length = 0
          segmentChars = 0
        }
      } else {
        break scan
      }
    }
    if length > 0 {
      sink.token(tokenStart, end, UnsafeBufferPointer(start: out, count: length), .word)
    }
    return j > start ? j : start + 1
  }

  @inline(__always)
  private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

  /// Whether exactly three ASCII digits start at `k` (a thousands group after a comma).
  private func isThousandsGroup(at k: Int) -> Bool {
    guard k + 3 <= n, isDigit(p[k]), isDigit(p[k + 1]), isDigit(p[k + 2]) else { return false }
    return k + 3 == n || !isDigit(p[k + 3])
  }

  /// What an apostrophe inside a word does.
  enum ApostropheAction {
    /// Ends the word (nothing joinable follows).
    case ends
    /// A final `'s`: the word ends, its range extends to the given index.
    case possessive(Int)
    /// Joins the letters after it (given index) to the word.
    case joins(Int)
    /// The word so far is an elided article: drop it and start over at the given index.
    case elides(Int)
  }

  /// Decides what the apostrophe at `j` does, given the folded word so far (`out[0..<length]`).
  private func apostrophe(at j: Int, width: Int, length: Int, joined: Bool) -> ApostropheAction {
    let k = j + width
    let (cls, _) = classAt(k)
    guard cls == CharacterClass.word else { return .ends }
    if removesElisions && !joined && length <= 6
      && Self.elisions.contains(Array(UnsafeBufferPointer(start: out, count: length)))
    {
      return .elides(k)
    }
    if p[k] == 0x73 || p[k] == 0x53 {  // 's' or 'S'
      let (after, _) = classAt(k + 1)
      if after != CharacterClass.word && after != CharacterClass.mark { return .possessive(k + 1) }
    }
    return .joins(k)
  }

  /// Elided articles, pronouns and prepositions of French, Italian, Catalan and Irish (folded).
  private static let elisions: Set<[UInt8]> = Set(
    [
      "l", "d", "j", "m", "n", "s", "t", "c", "b", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "dell", "dall",
      "nell", "sull", "all", "coll", "quell", "quest", "bell", "sant", "tutt", "nessun", "un",
    ].map { Array($0.utf8) })

  /// If a single letter or digit at `k` is followed by a non-word character, returns the index after it, its
  /// entry and width.
  private func singleLetterAfter(_ k: Int) -> (Int, UInt32, Int)? {
    guard k < n else { return nil }
    let e: UInt32
    let width: Int
    if p[k] < 0x80 {
      guard asciiClass[Int(p[k])] == CharacterClass.word else { return nil }
      e = UInt32(CharacterClass.word) | CharacterTable.identityBit
      width = 1
    } else {
      let (cp, w) = decode(at: k)
      e = entry(cp)
      guard e & 7 == UInt32(CharacterClass.word) else { return nil }
      width = w
    }
    let (after, _) = classAt(k + width)
    guard after != CharacterClass.word && after != CharacterClass.mark && after != CharacterClass.cjk else {
      return nil
    }
    return (k + width, e, width)
  }

  /// Appends the folded character at `i` (ASCII or not) at `out + at`; returns the bytes written.
  private func appendNonASCIIOrASCII(_ e: UInt32, _ i: Int, _ width: Int, at: Int) -> Int {
    if p[i] < 0x80 {
      out[at] = asciiFold[Int(p[i])]
      return 1
    }
    return appendFolded(e, i, width, to: out + at)
  }

  /// Whether 1...3 letters or digits start at `k` and are followed by a non-word character.
  private func shortRunAfter(_ k: Int) -> Bool {
    var i = k
    var count = 0
    while true {
      let (cls, width) = classAt(i)
      if cls == CharacterClass.word {
        count += 1
        if count > 3 { return false }
        i += width
      } else if cls == CharacterClass.mark && count > 0 {
        i += width
      } else {
        return count >= 1 && cls != CharacterClass.cjk
      }
    }
  }

  // MARK: CJK

  /// Scans a run of CJK characters from `start`, emits its bigrams (or the lone character), returns where
  /// scanning resumes.
  func scanCJK<Sink: TokenSink>(from start: Int, _ sink: inout Sink) -> Int {
    var curSlot = out + Self.cjkSlotA
    var prevSlot = out + Self.cjkSlotB
    let pair = out + Self.cjkPair
    var curStart = 0
    var curEnd = 0
    var curLength = 0
    var prevStart = 0
    var prevLength = 0
    var count = 0
    var j = start
    while j < n && p[j] >= 0x80 {
      let (cp, width) = decode(at: j)
      let e = entry(cp)
      let cls = UInt8(truncatingIfNeeded: e & 7)
      if cls == CharacterClass.mark && count > 0 {
        if curLength + foldedLength(e, width) <= Self.cjkSlotSize {
          curLength += appendFolded(e, j, width, to: curSlot + curLength)
        }
        j += width
        curEnd = j
        continue
      }
      guard cls == CharacterClass.cjk else { break }
      if count > 0 {
        if count > 1 {
          emitPair(prevSlot, prevLength, curSlot, curLength, prevStart, curEnd, pair, &sink)
        }
        swap(&curSlot, &prevSlot)
        prevStart = curStart
        prevLength = curLength
      }
      curStart = j
      curLength = appendFolded(e, j, width, to: curSlot)
      j += width
      curEnd = j
      count += 1
    }
    if count == 1 {
      sink.token(curStart, curEnd, UnsafeBufferPointer(start: curSlot, count: curLength), .cjk)
    } else if count > 1 {
      emitPair(prevSlot, prevLength, curSlot, curLength, prevStart, curEnd, pair, &sink)
    }
    return j > start ? j : start + 1
  }

  private func emitPair<Sink: TokenSink>(
    _ first: UnsafeMutablePointer<UInt8>, _ firstLength: Int, _ second: UnsafeMutablePointer<UInt8>,
    _ secondLength: Int, _ start: Int, _ end: Int, _ pair: UnsafeMutablePointer<UInt8>, _ sink: inout Sink
  ) {
    pair.update(from: first, count: firstLength)
    (pair + firstLength).update(from: second, count: secondLength)
    sink.token(start, end, UnsafeBufferPointer(start: pair, count: firstLength + secondLength), .cjk)
  }
}
