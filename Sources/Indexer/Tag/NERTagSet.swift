/// The BILOU tag set of the statistical tagger: `O` plus B/I/L/U for each of PER, ORG, LOC, MISC.
///
/// Tag ids: 0 is `O`; for entity class `c` (0...3) and position `p` (B=0, I=1, L=2, U=3) the id is `1 + 4c + p`.
package enum NERTagSet {
  /// Number of tags.
  package static let count = 17
  /// Entity classes in tag-id order.
  package static let classes: [EntityType] = [.person, .org, .loc, .misc]
  /// CoNLL class names in tag-id order.
  package static let conllNames = ["PER", "ORG", "LOC", "MISC"]

  /// The id of the tag for class `c` at BILOU position `p`.
  @inline(__always) package static func tag(_ c: Int, _ p: Int) -> Int { 1 + 4 * c + p }
  /// The entity class of a tag (nil for O).
  @inline(__always) package static func entityClass(_ t: Int) -> Int? { t == 0 ? nil : (t - 1) >> 2 }
  /// The BILOU position of a tag (0 B, 1 I, 2 L, 3 U; -1 for O).
  @inline(__always) package static func position(_ t: Int) -> Int { t == 0 ? -1 : (t - 1) & 3 }

  /// Whether `t` may follow `prev` (prev = 0 at sentence start).
  @inline(__always) package static func allowed(_ prev: Int, _ t: Int) -> Bool {
    let pp = position(prev)
    let p = position(t)
    if pp == 0 || pp == 1 {  // inside an entity: must continue it
      return (p == 1 || p == 2) && entityClass(t) == entityClass(prev)
    }
    return p == -1 || p == 0 || p == 3
  }

  /// Tag names ("O", "B-PER", ...), for printing.
  package static let names: [String] = {
    var n = ["O"]
    for c in conllNames { for p in ["B", "I", "L", "U"] { n.append(p + "-" + c) } }
    return n
  }()

  /// Converts per-token class labels (class id or -1) with explicit chunk starts into BILOU tag ids.
  /// - Parameter chunks: (start, end, class) token ranges.
  /// - Parameter count: number of tokens.
  /// - Returns: one tag id per token.
  package static func bilou(chunks: [(Int, Int, Int)], count: Int) -> [Int] {
    var tags = [Int](repeating: 0, count: count)
    for (s, e, c) in chunks {
      if e - s == 1 {
        tags[s] = tag(c, 3)
      } else {
        tags[s] = tag(c, 0)
        for i in (s + 1)..<(e - 1) { tags[i] = tag(c, 1) }
        tags[e - 1] = tag(c, 2)
      }
    }
    return tags
  }

  /// Decodes tag ids into (start, end, class) chunks, repairing invalid sequences leniently.
  package static func chunks(_ tags: [Int]) -> [(Int, Int, Int)] {
    chunks(tags, in: 0..<tags.count)
  }

  /// The chunks of `tags[range]` (as ``chunks(_:)`` of that slice, without copying it): offsets from
  /// `range.lowerBound`.
  package static func chunks(_ tags: [Int], in range: Range<Int>) -> [(Int, Int, Int)] {
    var out: [(Int, Int, Int)] = []
    let base = range.lowerBound
    let end = range.upperBound
    var i = base
    while i < end {
      guard let c = entityClass(tags[i]) else {
        i += 1
        continue
      }
      var j = i + 1
      if position(tags[i]) == 0 || position(tags[i]) == 1 {
        while j < end, entityClass(tags[j]) == c, position(tags[j]) == 1 || position(tags[j]) == 2 {
          j += 1
          if position(tags[j - 1]) == 2 { break }
        }
      }
      out.append((i - base, j - base, c))
      i = j
    }
    return out
  }
}
