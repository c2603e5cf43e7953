import Foundation
import TestSupport
import Testing

@testable import Indexer

/// The character table the tokenizers use (expanded from `CharacterTableData.swift`) is, code point by code point,
/// the one ``CharacterTableBuilder`` builds from utf8proc: same class, identity bit and folded bytes.
///
/// With `SEEK_WRITE_CHARACTER_TABLE=PATH` set (`scripts/generate-character-table.sh`), it first writes the data
/// source for the builder's table to PATH.
@Suite struct CharacterTableDataTests {
  @Test func keptTableIsWhatTheBuilderMakes() throws {
    let built = CharacterTableBuilder.build()
    if let path = ProcessInfo.processInfo.environment["SEEK_WRITE_CHARACTER_TABLE"] {
      guard let source = CharacterTableBuilder.dataSource(entries: built.entries, folded: built.folded) else {
        Issue.record("the builder's folded bytes do not follow code point order")
        return
      }
      try source.write(toFile: path, atomically: true, encoding: .utf8)
      print("wrote \(path): regenerate the build and run this test again to check it")
      return
    }
    let table = CharacterTable.shared
    #expect(built.entries.count == Int(CharacterTable.tableLimit))
    var differing: [UInt32] = []
    var folding = 0
    for (cp, expected) in built.entries.enumerated() {
      let actual = table.entries[cp]
      // Offsets may differ only if the folded bytes do not: compare class, identity bit, length and the bytes.
      let length = Int(expected >> 4 & 63)
      var same = actual & 0x3FF == expected & 0x3FF
      if same && length > 0 {
        folding += 1
        let want = built.folded[Int(expected >> 10)..<Int(expected >> 10) + length]
        let have = UnsafeBufferPointer(start: table.folded + Int(actual >> 10), count: length)
        same = want.elementsEqual(have)
      }
      if !same && differing.count < 10 { differing.append(UInt32(cp)) }
    }
    #expect(differing.isEmpty, "code points differing from the builder (regenerate the data): \(differing)")
    #expect(folding > 1000)
    // A few entries checked by hand: 'A' folds to 'a', 'é' to 'e', 'ß' to 'ss', '中' is CJK and itself.
    #expect(table.entry(0x41) & 0x3FF == UInt32(CharacterClass.word) | 1 << 4)
    #expect(Tokenizer().tokens("Éclair STRASSE Straße 中").map(\.folded) == ["eclair", "strasse", "strasse", "中"])
  }
}
