#!/bin/sh
# Regenerates Sources/Indexer/Analysis/CharacterTableData.swift, the character table the tokenizers expand at start
# (class and folded form of every code point below 0x30000), from CharacterTableBuilder and the system's utf8proc.
# Run it after changing CharacterTableBuilder or upgrading utf8proc; CharacterTableDataTests fails until you do.
set -e
cd "$(dirname "$0")/.."
out="$PWD/Sources/Indexer/Analysis/CharacterTableData.swift"
SEEK_WRITE_CHARACTER_TABLE="$out" swift test --filter CharacterTableDataTests
# Check what was written: the rebuilt tokenizers' table must equal the builder's.
swift test --filter CharacterTableDataTests
