import TestSupport
import Testing

@testable import Indexer

/// Unpacking doc-number gaps straight into doc numbers gives what unpacking them and summing afterwards gives.
@Suite struct BitPackingDocsTests {
  @Test func unpackDocsEqualsUnpackThenRunningSum() {
    var rng = SeededRandom(seed: 51)
    for round in 0..<600 {
      let width = round < 33 ? round : Int(rng.next() % 33)
      let (_, bytes, lead) = Self.packedBlock(width: width, count: 128, padded: round % 2 == 0, rng: &rng)
      let previous: UInt32 = round % 3 == 0 ? .max : UInt32(truncatingIfNeeded: rng.next() % 100_000)
      bytes.withUnsafeBufferPointer { b in
        var expected = [UInt32](repeating: 0, count: 128)
        var r1 = ByteReader(base: b.baseAddress!, start: lead, end: b.count)
        let ok1 = expected.withUnsafeMutableBufferPointer {
          BitPacking.unpack(&r1, width: width, count: 128, into: $0.baseAddress!)
        }
        var doc = previous
        for i in 0..<128 {
          doc = doc &+ expected[i] &+ 1
          expected[i] = doc
        }
        var got = [UInt32](repeating: 7, count: 128)
        var r2 = ByteReader(base: b.baseAddress!, start: lead, end: b.count)
        let ok2 = got.withUnsafeMutableBufferPointer {
          BitPacking.unpackDocs(&r2, width: width, count: 128, previous: previous, into: $0.baseAddress!)
        }
        #expect(ok1 && ok2, "round \(round)")
        #expect(got == expected, "round \(round) width \(width)")
        #expect(r1.position == r2.position)
      }
    }
    // Too few bytes: both fail.
    var w = ByteWriter()
    for _ in 0..<10 { w.byte(1) }
    let bytes = w.bytes
    bytes.withUnsafeBufferPointer { b in
      var out = [UInt32](repeating: 0, count: 128)
      var r = ByteReader(base: b.baseAddress!, start: 0, end: b.count)
      let ok = out.withUnsafeMutableBufferPointer {
        BitPacking.unpackDocs(&r, width: 5, count: 128, previous: 0, into: $0.baseAddress!)
      }
      #expect(!ok && r.overrun)
    }
  }

  /// `count` random values of `width` bits packed after 0–4 lead bytes, then (when `padded`) 9 more bytes; unpadded
  /// blocks end right at the bytes' end (no 8 readable bytes after: the slow path).
  /// - Returns: the values, the bytes and where the block starts.
  static func packedBlock(width: Int, count: Int, padded: Bool, rng: inout SeededRandom) -> (
    values: [UInt32], bytes: [UInt8], lead: Int
  ) {
    let mask: UInt64 = width == 0 ? 0 : (width >= 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1)
    let values = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
    var w = ByteWriter()
    let lead = Int(rng.next() % 5)
    for _ in 0..<lead { w.byte(0xAB) }
    values.withUnsafeBufferPointer { BitPacking.pack($0, width: width, into: &w) }
    if padded { for _ in 0..<9 { w.byte(0xCD) } }
    return (values, w.bytes, lead)
  }

  /// Frequencies unpacked with their +1 (constant-width loops for the common widths) equal unpacking then adding 1,
  /// for every width, with and without 8 readable bytes after the block, and for short counts.
  @Test func unpackFrequenciesEqualsUnpackPlusOne() {
    var rng = SeededRandom(seed: 52)
    for round in 0..<400 {
      let width = round < 33 ? round : Int(rng.next() % 33)
      let count = round % 7 == 3 ? Int(1 + rng.next() % 127) : 128
      let (values, bytes, lead) = Self.packedBlock(width: width, count: count, padded: round % 2 == 0, rng: &rng)
      bytes.withUnsafeBufferPointer { b in
        var expected = [UInt32](repeating: 0, count: count)
        var r1 = ByteReader(base: b.baseAddress!, start: lead, end: b.count)
        let ok1 = expected.withUnsafeMutableBufferPointer {
          BitPacking.unpack(&r1, width: width, count: count, into: $0.baseAddress!)
        }
        for i in 0..<count { expected[i] &+= 1 }
        var got = [UInt32](repeating: 7, count: count)
        var r2 = ByteReader(base: b.baseAddress!, start: lead, end: b.count)
        let ok2 = got.withUnsafeMutableBufferPointer {
          BitPacking.unpackFrequencies(&r2, width: width, count: count, into: $0.baseAddress!)
        }
        #expect(ok1 && ok2, "round \(round)")
        #expect(got == values.map { $0 &+ 1 }, "round \(round) width \(width)")
        #expect(got == expected, "round \(round) width \(width)")
        #expect(r1.position == r2.position)
      }
    }
  }
}
