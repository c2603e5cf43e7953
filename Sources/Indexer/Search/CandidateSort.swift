/// Sorting of the few candidates the re-scoring stages handle (the feedback depth, the proximity depth: tens):
/// an insertion sort through the array's buffer, several times cheaper there than the standard library's sort
/// through a comparison closure; longer lists use the standard sort.
///
/// Both orders are total on a list of distinct documents (best first: score, then address; or address alone), so
/// the result is the one any sort gives.
enum CandidateSort {
  /// Longest list sorted by insertion.
  static let insertionLimit = 64

  /// Sorts candidates best first (``ResultReranker/better(_:_:)``: higher score, then lower address).
  /// - Parameter candidates: distinct documents.
  static func bestFirst(_ candidates: inout [Searcher.Candidate]) {
    guard candidates.count > 1 else { return }
    guard candidates.count <= insertionLimit else {
      candidates.sort(by: ResultReranker.better)
      return
    }
    candidates.withUnsafeMutableBufferPointer { b in
      let n = b.count
      // A list in rising order (a heap's array, worst first, comes close) is reversed first, so that the
      // insertion sort moves few candidates either way.
      if ResultReranker.better(b[n - 1], b[0]) {
        for i in 0..<n / 2 { b.swapAt(i, n - 1 - i) }
      }
      for i in 1..<n {
        let x = b[i]
        var j = i
        while j > 0 && ResultReranker.better(x, b[j - 1]) {
          b[j] = b[j - 1]
          j -= 1
        }
        b[j] = x
      }
    }
  }

  /// The indexes of the first `count` candidates, in increasing address order.
  /// - Parameters:
  ///   - candidates: distinct documents.
  ///   - count: how many of them (from the first).
  /// - Returns: `0..<count` ordered by the candidates' addresses.
  static func addressOrder(_ candidates: [Searcher.Candidate], count: Int) -> [Int] {
    var order = Array(0..<count)
    guard count > 1 else { return order }
    guard count <= insertionLimit else {
      order.sort { candidates[$0].address < candidates[$1].address }
      return order
    }
    candidates.withUnsafeBufferPointer { c in
      order.withUnsafeMutableBufferPointer { b in
        // One segment: keys of doc and index, one integer compare per step.
        let segment = c[0].address.segment
        if (1..<count).allSatisfy({ c[$0].address.segment == segment }) {
          withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { keys in
            for i in 0..<count { keys[i] = UInt64(c[i].address.doc) << 32 | UInt64(i) }
            for i in 1..<count {
              let x = keys[i]
              var j = i
              while j > 0 && x < keys[j - 1] {
                keys[j] = keys[j - 1]
                j -= 1
              }
              keys[j] = x
            }
            for i in 0..<count { b[i] = Int(UInt32(truncatingIfNeeded: keys[i])) }
          }
          return
        }
        for i in 1..<b.count {
          let x = b[i]
          let address = c[x].address
          var j = i
          while j > 0 && address < c[b[j - 1]].address {
            b[j] = b[j - 1]
            j -= 1
          }
          b[j] = x
        }
      }
    }
    return order
  }
}
