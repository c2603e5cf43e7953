import Testing

@testable import Indexer

@Suite struct MostlyASCIIStringTests {
  /// Pieces that mix long ASCII stretches, short ones, valid multi-byte characters and ill-formed bytes.
  private static let pieces: [[UInt8]] = [
    Array(repeating: UInt8(ascii: "a"), count: 700), Array(repeating: UInt8(ascii: "b"), count: 511),
    Array(repeating: UInt8(ascii: "c"), count: 512), Array("short ascii ".utf8), Array("é".utf8), Array("–".utf8),
    Array("😀".utf8), [0xC3], [0xE2, 0x80], [0x80], [0xFF], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80],
  ]

  @Test func matchesStandardDecodingOnRandomMixes() {
    var rng = SystemRandomNumberGenerator()
    var checked = 0
    for _ in 0..<400 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...12, using: &rng) {
        bytes += Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &rng)]
      }
      let expected = String(decoding: bytes, as: UTF8.self)
      let got = bytes.withUnsafeBufferPointer { MostlyASCIIString.decode($0) }
      #expect(Array(got.utf8) == Array(expected.utf8), "\(bytes.count) bytes")
      checked += 1
    }
    #expect(checked == 400)
  }

  @Test func decodesEdgeCases() {
    for bytes: [UInt8] in [
      [], Array(repeating: 0x61, count: 2000), [0xC3, 0xA9] + Array(repeating: 0x61, count: 2000),
      Array(repeating: 0x61, count: 2000) + [0xC3], Array(repeating: 0x61, count: 1024) + [0xE2, 0x80, 0x93],
    ] {
      let got = bytes.withUnsafeBufferPointer { MostlyASCIIString.decode($0) }
      #expect(Array(got.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8))
    }
  }
}
