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
      for i in 1..<b.count {
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
