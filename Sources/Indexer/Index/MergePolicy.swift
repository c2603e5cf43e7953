/// A tiered merge policy: segments are grouped in tiers by live size (powers of `mergeFactor` documents); when a
/// tier holds `mergeFactor` segments, its smallest `mergeFactor` are merged. Segments with more than half their
/// documents deleted are rewritten to purge them, and segments written before the entity column existed are
/// rewritten to gain one (facets over all matches would otherwise read every match's stored document there).
struct TieredMergePolicy: Sendable {
  /// Segments merged at once, and the tier width.
  var mergeFactor: Int = 10
  /// Segments below this many live docs share the lowest tier.
  var floorDocs: Int = 1000

  /// Picks one merge (indices into `liveCounts`), or nil when none is due.
  /// - Parameters:
  ///   - liveCounts: live documents per segment.
  ///   - maxDocs: documents per segment, deleted included.
  ///   - outdated: per segment, true when it lacks a file every segment written now has (the entity column,
  ///     `sN.ent`); such a segment is rewritten alone (a merge always writes the file) once no other merge is due.
  ///     Empty: none.
  /// - Returns: the segments to merge into one.
  func findMerge(liveCounts: [Int], maxDocs: [Int], outdated: [Bool] = []) -> [Int]? {
    guard mergeFactor >= 2 else { return nil }
    var tiers: [Int: [Int]] = [:]
    for (i, live) in liveCounts.enumerated() {
      var tier = 0
      var bound = floorDocs
      while live >= bound {
        bound *= mergeFactor
        tier += 1
      }
      tiers[tier, default: []].append(i)
    }
    for tier in tiers.keys.sorted() {
      let members = tiers[tier]!
      if members.count >= mergeFactor {
        return Array(members.sorted { liveCounts[$0] < liveCounts[$1] }.prefix(mergeFactor)).sorted()
      }
    }
    for (i, live) in liveCounts.enumerated() where maxDocs[i] > 0 && live * 2 < maxDocs[i] {
      return [i]
    }
    for (i, old) in outdated.enumerated() where old && liveCounts[i] > 0 {
      return [i]
    }
    return nil
  }
}
