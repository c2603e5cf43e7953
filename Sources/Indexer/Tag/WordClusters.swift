import Foundation

/// Distributional word classes learned from unlabeled text: each frequent (lower-cased) word is described by the
/// frequent words seen just before and after it, and these context vectors are grouped by spherical k-means into
/// fine classes, which are grouped again into coarse classes. A cheap stand-in for Brown clusters.
package enum WordClusters {
  /// Class id packed as `fine << 16 | caseProfile << 8 | coarse`, by lower-case word hash. The case profile says
  /// how the word is written away from sentence starts: 1 mostly lower, 2 mostly capitalized, 3 mostly all-caps,
  /// 4 mixed, 5 rarely seen.
  package typealias Table = [UInt64: UInt32]

  /// Learns classes from texts. Deterministic for the same texts and seed.
  /// - Parameters:
  ///   - texts: UTF-8 texts (documents).
  ///   - vocabulary: most frequent words to classify.
  ///   - contexts: most frequent words used as left/right contexts.
  ///   - fine: number of fine classes.
  ///   - coarse: number of coarse classes.
  ///   - iterations: k-means iterations.
  ///   - seed: seeds the choice of initial centroids.
  /// - Returns: the class table.
  package static func learn(
    _ texts: [[UInt8]], vocabulary: Int = 25000, contexts: Int = 200, fine: Int = 256, coarse: Int = 32,
    iterations: Int = 8, seed: UInt64 = 1
  ) -> Table {
    var sequences: [[UInt64]] = []
    var freq: [UInt64: Int] = [:]
    var casing: [UInt64: (Int32, Int32, Int32)] = [:]
    for t in texts {
      let tok = NERTokenizer.tokenize(t)
      let hashes: [UInt64] = t.withUnsafeBufferPointer { p in
        (0..<tok.count).map { NERTokenInfo.lowerHash(p, Int(tok.starts[$0]), Int(tok.ends[$0])) }
      }
      t.withUnsafeBufferPointer { p in
        for r in tok.sentences {
          var lowerSeen = false
          for k in r where NERTokenizer.isLower(p[Int(tok.starts[k])]) { lowerSeen = true }
          guard lowerSeen else { continue }
          for k in r.dropFirst() {
            let b = p[Int(tok.starts[k])]
            let e = Int(tok.ends[k])
            var c = casing[hashes[k]] ?? (0, 0, 0)
            if NERTokenizer.isLower(b) {
              c.0 += 1
            } else if NERTokenizer.isUpper(b) {
              if e - Int(tok.starts[k]) > 1 && NERTokenizer.isUpper(p[Int(tok.starts[k]) + 1]) {
                c.2 += 1
              } else {
                c.1 += 1
              }
            } else {
              continue
            }
            casing[hashes[k]] = c
          }
        }
      }
      for r in tok.sentences {
        let s = Array(hashes[r])
        for h in s { freq[h, default: 0] += 1 }
        sequences.append(s)
      }
    }
    let ranked = freq.filter { $0.value >= 3 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    let vocab = ranked.prefix(vocabulary).map(\.key)
    var index: [UInt64: Int] = [:]
    for (k, h) in vocab.enumerated() { index[h] = k }
    let nctx = min(contexts, vocab.count)
    let dims = 2 * nctx
    let n = vocab.count
    guard n > fine else { return [:] }
    var rows = [Float](repeating: 0, count: n * dims)
    for s in sequences {
      for (k, h) in s.enumerated() {
        guard let w = index[h] else { continue }
        if k > 0, let c = index[s[k - 1]], c < nctx { rows[w * dims + c] += 1 }
        if k + 1 < s.count, let c = index[s[k + 1]], c < nctx { rows[w * dims + nctx + c] += 1 }
      }
    }
    for w in 0..<n {
      var norm: Float = 0
      for d in 0..<dims {
        let v = rows[w * dims + d].squareRoot()
        rows[w * dims + d] = v
        norm += v * v
      }
      if norm > 0 {
        let inv = 1 / norm.squareRoot()
        for d in 0..<dims { rows[w * dims + d] *= inv }
      }
    }
    let fineOf = kmeans(rows, n: n, dims: dims, k: fine, iterations: iterations, seed: seed)
    // Coarse classes: k-means over the fine centroids.
    var centroids = [Float](repeating: 0, count: fine * dims)
    for w in 0..<n { for d in 0..<dims { centroids[fineOf[w] * dims + d] += rows[w * dims + d] } }
    normalize(&centroids, count: fine, dims: dims)
    let coarseOf = kmeans(centroids, n: fine, dims: dims, k: coarse, iterations: iterations, seed: seed &+ 1)
    var table: Table = [:]
    for w in 0..<n {
      var profile: UInt32 = 4
      if let (l, t, u) = casing[vocab[w]] {
        let total = Double(l + t + u)
        if total < 3 {
          profile = 5
        } else if Double(l) >= 0.9 * total {
          profile = 1
        } else if Double(t) >= 0.9 * total {
          profile = 2
        } else if Double(u) >= 0.9 * total {
          profile = 3
        }
      }
      table[vocab[w]] = UInt32(fineOf[w]) << 16 | profile << 8 | UInt32(coarseOf[fineOf[w]])
    }
    return table
  }

  static func normalize(_ m: inout [Float], count: Int, dims: Int) {
    for c in 0..<count {
      var norm: Float = 0
      for d in 0..<dims { norm += m[c * dims + d] * m[c * dims + d] }
      if norm > 0 {
        let inv = 1 / norm.squareRoot()
        for d in 0..<dims { m[c * dims + d] *= inv }
      }
    }
  }

  /// Spherical k-means; returns the class of each row.
  static func kmeans(_ rows: [Float], n: Int, dims: Int, k: Int, iterations: Int, seed: UInt64) -> [Int] {
    var centroids = [Float](repeating: 0, count: k * dims)
    var state = seed
    var chosen = Set<Int>()
    var c = 0
    let pool = min(n, max(k * 4, n / 2))
    while c < k {
      state &+= 0x9E37_79B9_7F4A_7C15
      let w = Int(FeatureHash.mix(state) % UInt64(pool))
      if chosen.contains(w) && chosen.count < pool { continue }
      chosen.insert(w)
      for d in 0..<dims { centroids[c * dims + d] = rows[w * dims + d] }
      c += 1
    }
    var assign = [Int](repeating: 0, count: n)
    for _ in 0..<iterations {
      rows.withUnsafeBufferPointer { r in
        centroids.withUnsafeBufferPointer { cp in
          for w in 0..<n {
            var best = 0
            var bestScore: Float = -2
            let base = w * dims
            for j in 0..<k {
              var dot: Float = 0
              let cb = j * dims
              for d in 0..<dims { dot += r[base + d] * cp[cb + d] }
              if dot > bestScore {
                bestScore = dot
                best = j
              }
            }
            assign[w] = best
          }
        }
      }
      var sums = [Float](repeating: 0, count: k * dims)
      for w in 0..<n { for d in 0..<dims { sums[assign[w] * dims + d] += rows[w * dims + d] } }
      for j in 0..<k {
        var any = false
        for d in 0..<dims where sums[j * dims + d] != 0 {
          any = true
          break
        }
        if any { for d in 0..<dims { centroids[j * dims + d] = sums[j * dims + d] } }
      }
      normalize(&centroids, count: k, dims: dims)
    }
    return assign
  }

  /// Text of the `<TITLE>` and `<BODY>` elements of the Reuters-21578 SGML files in `directory`, one document each.
  package static func reutersTexts(directory: String) -> [[UInt8]] {
    var out: [[UInt8]] = []
    for k in 0..<22 {
      let path = directory + "/" + String(format: "reut2-%03d.sgm", k)
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      let bytes = [UInt8](data)
      var doc: [UInt8] = []
      var i = 0
      while i < bytes.count {
        if bytes[i] == UInt8(ascii: "<") {
          if match(bytes, i, "<BODY>") || match(bytes, i, "<TITLE>") {
            let close: String = match(bytes, i, "<BODY>") ? "</BODY>" : "</TITLE>"
            var j = i
            while j < bytes.count && bytes[j] != UInt8(ascii: ">") { j += 1 }
            j += 1
            let start = j
            while j < bytes.count && !match(bytes, j, close) { j += 1 }
            doc.append(contentsOf: bytes[start..<min(j, bytes.count)])
            doc.append(contentsOf: Array("\n\n".utf8))
            i = j
            continue
          }
          if match(bytes, i, "</REUTERS>") {
            if !doc.isEmpty { out.append(unescape(doc)) }
            doc = []
          }
        }
        i += 1
      }
    }
    return out
  }

  static func match(_ b: [UInt8], _ i: Int, _ s: String) -> Bool {
    let u = Array(s.utf8)
    guard i + u.count <= b.count else { return false }
    for k in 0..<u.count where b[i + k] != u[k] { return false }
    return true
  }

  /// Replaces `&lt;`, `&gt;`, `&amp;` and `&#3;` in that order, one pass each (as `unescapeSlow` does), at the
  /// byte level for ASCII text (elsewhere Foundation's comparison sees combining marks, so the slow path runs).
  package static func unescape(_ b: [UInt8]) -> [UInt8] {
    guard b.allSatisfy({ $0 < 0x80 }) else { return unescapeSlow(b) }
    var out = b
    for (pattern, replacement) in unescapes { out = replaceAll(out, pattern, replacement) }
    return out
  }

  private static let unescapes: [([UInt8], [UInt8])] = [
    (Array("&lt;".utf8), Array("<".utf8)), (Array("&gt;".utf8), Array(">".utf8)),
    (Array("&amp;".utf8), Array("&".utf8)), (Array("&#3;".utf8), []),
  ]

  /// Replaces every non-overlapping occurrence of `pattern` (scanning left to right).
  static func replaceAll(_ b: [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    let n = b.count
    let m = pattern.count
    while i < n {
      if b[i] == pattern[0] && i + m <= n {
        var k = 1
        while k < m && b[i + k] == pattern[k] { k += 1 }
        if k == m {
          out.append(contentsOf: replacement)
          i += m
          continue
        }
      }
      out.append(b[i])
      i += 1
    }
    return out
  }

  /// The Foundation version of `unescape` (also used for invalid UTF-8, which it repairs).
  package static func unescapeSlow(_ b: [UInt8]) -> [UInt8] {
    var s = String(decoding: b, as: UTF8.self)
    s = s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#3;", with: "")
    return Array(s.utf8)
  }
}
