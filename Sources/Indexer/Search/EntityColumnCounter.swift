/// Counts entity names over the matching documents of several segments from their ``EntityColumn``s and hands
/// the names that can reach the top to a ``FacetCounter``, with the counter's own semantics: case variants are one
/// group counted once per document, and each spelling's mentions choose the group's displayed spelling.
///
/// Per segment it counts documents per case group (``EntityCaseGroups``) and mentions per name in flat arrays: the
/// work per document is a walk over its varint list, with no hashing and no decompression. Then, per type, only
/// groups that can be among the top `limit` are folded into the counter: the `limit`-th best count of a type in
/// any one segment is a lower bound `τ` of the `limit`-th best total (those names total at least that), and a name
/// totalling `τ` or more over `S` segments counts at least `⌈τ / S⌉` in one of them. Each such group is folded
/// with its counts from every segment (found there by binary search on its case key), so its total is exact.
struct EntityColumnCounter {
  /// One segment's counts.
  private struct Part {
    let column: EntityColumn
    let groups: EntityCaseGroups
    /// Matching documents per case group.
    var documents: [UInt32]
    /// Mentions per name ordinal.
    var mentions: [UInt32]
  }

  private var parts: [Part] = []

  /// Counts the names of `docs` (live documents of the column's segment, each once, increasing).
  /// - Parameters:
  ///   - docs: the documents.
  ///   - column: the segment's entity column.
  mutating func count(_ docs: UnsafeBufferPointer<UInt32>, column: EntityColumn) {
    guard !docs.isEmpty, column.nameCount > 0 else { return }
    let groups = column.caseGroups
    var mentions = [UInt32](repeating: 0, count: column.nameCount)
    var documents = [UInt32](repeating: 0, count: groups.count)
    // The last document (+ 1) that counted each group.
    var last = [UInt32](repeating: 0, count: groups.count)
    groups.groupOf.withUnsafeBufferPointer { groupOf in
      mentions.withUnsafeMutableBufferPointer { mentions in
        documents.withUnsafeMutableBufferPointer { documents in
          last.withUnsafeMutableBufferPointer { last in
            for doc in docs {
              let mark = doc &+ 1
              column.forEach(doc) { o, m in
                mentions[Int(o)] &+= m
                let g = Int(groupOf[Int(o)])
                if last[g] != mark {
                  last[g] = mark
                  documents[g] &+= 1
                }
              }
            }
          }
        }
      }
    }
    parts.append(Part(column: column, groups: groups, documents: documents, mentions: mentions))
  }

  /// Adds the counted names that can be among the top `limit` of their type to `counter`.
  /// - Parameters:
  ///   - counter: receives the names.
  ///   - limit: names per type that will be asked of the counter; 0 folds every name.
  ///   - everything: fold every counted name (the counter also holds counts from elsewhere, which the bound
  ///     does not see).
  func fold(into counter: inout FacetCounter, limit: Int, everything: Bool) {
    guard !parts.isEmpty else { return }
    var folded = parts.map { [Bool](repeating: false, count: $0.groups.count) }
    var key: [UInt8] = []
    var scratch: [UInt8] = []
    for t in 0..<EntityType.allCases.count {
      let threshold = everything || limit == 0 ? 1 : candidateThreshold(typeCode: t, limit: limit)
      for (p, part) in parts.enumerated() {
        for g in part.groups.typeStarts[t]..<part.groups.typeStarts[t + 1]
        where part.documents[g] >= threshold && !folded[p][g] {
          fold(group: g, of: p, into: &counter, folded: &folded[p])
          guard parts.count > 1 else { continue }
          FacetCounter.lowercase(part.column.name(Int(part.groups.first[g])), into: &key)
          key.withUnsafeBufferPointer { key in
            for (q, other) in parts.enumerated() where q != p {
              guard
                let h = other.groups.find(typeCode: t, key: key, in: other.column, scratch: &scratch),
                !folded[q][h], other.documents[h] > 0
              else { continue }
              fold(group: h, of: q, into: &counter, folded: &folded[q])
            }
          }
        }
      }
    }
  }

  /// The smallest count in one segment that a name of the type needs to possibly be among the top `limit`:
  /// `⌈τ / S⌉` (see the type's description), at least 1.
  private func candidateThreshold(typeCode t: Int, limit: Int) -> UInt32 {
    var tau: UInt32 = 0
    var best: [UInt32] = []
    best.reserveCapacity(limit + 1)
    var segments: UInt32 = 0
    for part in parts {
      best.removeAll(keepingCapacity: true)
      let range = part.groups.typeStarts[t]..<part.groups.typeStarts[t + 1]
      var any = false
      part.documents.withUnsafeBufferPointer { documents in
        for g in range {
          let d = documents[g]
          if d == 0 { continue }
          any = true
          // The best `limit` counts, largest first.
          if best.count == limit && d <= best[limit - 1] { continue }
          var i = best.count
          while i > 0 && best[i - 1] < d { i -= 1 }
          best.insert(d, at: i)
          if best.count > limit { best.removeLast() }
        }
      }
      if any { segments += 1 }
      if best.count == limit { tau = max(tau, best[limit - 1]) }
    }
    guard segments > 0 else { return 1 }
    return max(1, (tau + segments - 1) / segments)
  }

  /// Adds one segment group's spellings to the counter: their mentions, and the group's documents once.
  private func fold(group g: Int, of p: Int, into counter: inout FacetCounter, folded: inout [Bool]) {
    folded[g] = true
    let part = parts[p]
    var documents = Int(part.documents[g])
    for o in Int(part.groups.first[g])..<Int(part.groups.first[g + 1]) where part.mentions[o] > 0 {
      counter.add(
        type: part.column.type(o), name: part.column.name(o), mentions: Int(part.mentions[o]), documents: documents)
      documents = 0
    }
  }
}
