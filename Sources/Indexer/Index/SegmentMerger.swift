/// Merges segments into one, dropping deleted documents: docs keep their relative order (inputs concatenated),
/// terms are merged in byte order, stored documents are copied without re-encoding.
enum SegmentMerger {
  /// One input: a segment and the deletions to apply.
  struct Input {
    let core: SegmentCore
    let deletions: DeletionBitmap?
  }

  /// Writes the merged segment.
  /// - Parameters:
  ///   - inputs: the segments, in doc order.
  ///   - directory: the index directory.
  ///   - name: the new segment's name.
  ///   - sync: fsync its files.
  /// - Returns: the new segment's maxDoc (live docs of the inputs).
  static func merge(_ inputs: [Input], directory: String, name: String, sync: Bool) throws -> Int {
    var docMaps: [[Int32]] = []
    var maxDoc = 0
    for input in inputs {
      var map = [Int32](repeating: -1, count: input.core.maxDoc)
      for d in 0..<input.core.maxDoc where !(input.deletions?.contains(d) ?? false) {
        map[d] = Int32(maxDoc)
        maxDoc += 1
      }
      docMaps.append(map)
    }
    var norms: [[UInt8]?] = Array(repeating: nil, count: IndexField.allCases.count)
    for field in IndexField.allCases where field.hasNorms && inputs.contains(where: { $0.core.hasNorms(field) }) {
      var bytes = [UInt8](repeating: 0, count: maxDoc)
      for (i, input) in inputs.enumerated() where input.core.hasNorms(field) {
        for (d, m) in docMaps[i].enumerated() where m >= 0 { bytes[Int(m)] = input.core.normByte(d, field) }
      }
      norms[Int(field.rawValue)] = bytes
    }
    let stored = StoredFieldsWriter()
    for (i, input) in inputs.enumerated() {
      try input.core.stored.forEachEncoded { d, bytes in
        if docMaps[i][d] >= 0 { stored.add(encoded: bytes) }
      }
    }
    let writer = try SegmentWriter(directory: directory, name: name, maxDoc: maxDoc, norms: norms, sync: sync)
    var docs: [UInt32] = []
    var freqs: [UInt32] = []
    var positions: [UInt32] = []
    var scratch: [UInt32] = []
    for field in IndexField.allCases {
      var enums = inputs.map { TermEnumerator(core: $0.core, field: field) }
      var valid = enums.indices.map { enums[$0].next() }
      while true {
        var smallest: Int?
        for i in enums.indices where valid[i] {
          if let s = smallest {
            if compareBytes(enums[i].term, enums[s].term) < 0 { smallest = i }
          } else {
            smallest = i
          }
        }
        guard let s = smallest else { break }
        let term = enums[s].term
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        for i in enums.indices where valid[i] && enums[i].term == term {
          let it = PostingsIterator(core: inputs[i].core, info: enums[i].info)
          var d = it.nextDoc()
          while d != PostingsIterator.noMoreDocs {
            let m = docMaps[i][Int(d)]
            if m >= 0 {
              docs.append(UInt32(m))
              freqs.append(it.freq)
              if field.hasPositions {
                it.readPositions(into: &scratch)
                positions.append(contentsOf: scratch)
              }
            }
            d = it.nextDoc()
          }
          valid[i] = enums[i].next()
        }
        if docs.isEmpty { continue }
        try term.withUnsafeBufferPointer { t in
          try docs.withUnsafeBufferPointer { d in
            try freqs.withUnsafeBufferPointer { f in
              try positions.withUnsafeBufferPointer { p in
                try writer.addTerm(field: field, term: t, docs: d, freqs: f, positions: p)
              }
            }
          }
        }
      }
    }
    try writer.finish(stored: stored)
    return maxDoc
  }
}
