/// Counts entity names over a segment's documents from its ``EntityColumn`` and adds the result to a
/// ``FacetCounter``, with the counter's own semantics: case variants are one group counted once per document,
/// and each spelling's mentions choose the group's displayed spelling.
///
/// Per segment it counts documents per case group (``EntityCaseGroups``, made on the segment's first facet) and
/// mentions per name ordinal in flat arrays, then hands the counter each mentioned name once: the work per
/// document is a walk over its varint list, with no hashing and no decompression.
enum EntityColumnCounter {
  /// Counts the names of `docs` (live documents of the column's segment, each once) into `counter`.
  /// - Parameters:
  ///   - docs: the documents.
  ///   - column: the segment's entity column.
  ///   - counter: receives the segment's counts.
  static func count(_ docs: UnsafeBufferPointer<UInt32>, column: EntityColumn, into counter: inout FacetCounter) {
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
          for o in 0..<mentions.count where mentions[o] > 0 {
            let g = Int(groupOf[o])
            let d = documents[g]
            // A group's documents go with its first mentioned spelling, once.
            documents[g] = 0
            counter.add(type: column.type(o), name: column.name(o), mentions: Int(mentions[o]), documents: Int(d))
          }
        }
      }
    }
  }
}
