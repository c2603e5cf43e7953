/// The window bound of ``TermAtATimeCollector``: a lower bound on a window's k-th best score, from the lane maxima
/// of 64-document groups, so that the scan offers only documents that can still enter the top k.
extension TermAtATimeCollector {
  /// Fills `maxima` with the largest score of each group of four chunks of sixteen documents (`chunks` chunks from
  /// `scores`; the last group may be shorter) and returns the `k`-th largest of the groups' lane maxima: lane `l`
  /// of a group is the largest of its documents `l, l + 4, l + 8, ...`, so distinct lanes cover distinct documents,
  /// and at least `k` documents score the value returned. Needs `1 <= k <= 4 × groups`.
  /// - Parameters:
  ///   - flags: the window's match flags (0 or 1), counted.
  ///   - work: room for four values per group (overwritten).
  /// - Returns: the bound, and the number of flags set in the chunks.
  @inline(never)
  static func windowBound(
    _ scores: UnsafeMutablePointer<Float>, flags: UnsafeMutableRawPointer, chunks: Int, k: Int,
    maxima: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<UInt32>
  ) -> (bound: Float, matches: Int) {
    @inline(__always) func larger(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
      a.replacing(with: b, where: b .> a)
    }
    @inline(__always) func chunkMaximum(_ c: Int) -> SIMD4<Float> {
      let p = UnsafeRawPointer(scores + c &* 16)
      var m = p.loadUnaligned(as: SIMD4<Float>.self)
      m = larger(m, p.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self))
      m = larger(m, p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self))
      return larger(m, p.loadUnaligned(fromByteOffset: 48, as: SIMD4<Float>.self))
    }
    // The flags (0 or 1) summed as bytes: a byte gains at most 8 a group, folded every 31 groups.
    var lanes: UInt64 = 0
    var matches = 0
    @inline(__always) func addFlags(_ c: Int) {
      let at = c &* 16
      lanes &+=
        UInt64(littleEndian: flags.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        &+ UInt64(littleEndian: flags.loadUnaligned(fromByteOffset: at &+ 8, as: UInt64.self))
    }
    var c = 0
    var g = 0
    while c < chunks {
      let end = min(c &+ 4, chunks)
      var m = chunkMaximum(c)
      addFlags(c)
      c &+= 1
      while c < end {
        m = larger(m, chunkMaximum(c))
        addFlags(c)
        c &+= 1
      }
      if g % 31 == 30 {
        matches &+= sumBytes(lanes)
        lanes = 0
      }
      var x = m[0]
      if m[1] > x { x = m[1] }
      if m[2] > x { x = m[2] }
      if m[3] > x { x = m[3] }
      maxima[g] = x
      // The lanes' ordered bits (``orderedBits(_:)``, four at a time).
      let bits = unsafeBitCast(m, to: SIMD4<UInt32>.self)
      let negative = SIMD4<UInt32>(truncatingIfNeeded: unsafeBitCast(bits, to: SIMD4<Int32>.self) &>> 31)
      UnsafeMutableRawPointer(work + g &* 4).storeBytes(
        of: bits ^ (negative | SIMD4(repeating: 0x8000_0000)), as: SIMD4<UInt32>.self)
      g &+= 1
    }
    matches &+= sumBytes(lanes)
    return (float(orderedBits: selectLargest(work, count: g &* 4, k: k)), matches)
  }

  /// A float's bits mapped so that unsigned order is the floats' order (−0 below +0).
  @inline(__always) static func orderedBits(_ x: Float) -> UInt32 {
    let b = x.bitPattern
    return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
  }

  /// The float whose ``orderedBits(_:)`` are `o`.
  @inline(__always) static func float(orderedBits o: UInt32) -> Float {
    Float(bitPattern: o & 0x8000_0000 != 0 ? o & 0x7FFF_FFFF : ~o)
  }

  /// Moves the `k` largest of `a[0..<count]` to `a[0..<k]` (in no particular order), for `1 <= k <= count`.
  /// - Returns: the smallest of them (the `k`-th largest).
  static func selectLargest(_ a: UnsafeMutablePointer<UInt32>, count: Int, k: Int) -> UInt32 {
    // Quickselect (Hoare partition, descending): the k-th largest ends at index k - 1, larger values before it.
    let target = k - 1
    var lo = 0
    var hi = count - 1
    while lo < hi {
      let x = a[lo]
      let y = a[lo + (hi - lo) / 2]
      let z = a[hi]
      let pivot = max(min(x, y), min(max(x, y), z))
      var i = lo
      var j = hi
      while i <= j {
        while a[i] > pivot { i += 1 }
        while a[j] < pivot { j -= 1 }
        if i <= j {
          let t = a[i]
          a[i] = a[j]
          a[j] = t
          i += 1
          j -= 1
        }
      }
      // a[lo...j] >= pivot >= a[i...hi], and a[j + 1..<i] == pivot.
      if target <= j {
        hi = j
      } else if target >= i {
        lo = i
      } else {
        break
      }
    }
    return a[target]
  }
}
