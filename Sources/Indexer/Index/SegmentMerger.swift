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
    try mergeWithDocMaps(inputs, directory: directory, name: name, sync: sync).maxDoc
  }

  /// Writes the merged segment.
  /// - Returns: its maxDoc, and per input the new doc number of each old doc (-1 for dropped ones).
  static func mergeWithDocMaps(_ inputs: [Input], directory: String, name: String, sync: Bool) throws -> (
    maxDoc: Int, docMaps: [[Int32]]
  ) {
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
    let stored = try StoredFieldsWriter(
      streamingTo: directory + "/" + SegmentFiles.name(name, .stored), sync: sync)
    // The merged entity column is rebuilt from the stored entities the copy passes by anyway (inputs written
    // without a column included).
    var entities = EntityColumnBuilder()
    for (i, input) in inputs.enumerated() {
      try input.core.stored.forEachEncoded { d, bytes in
        guard docMaps[i][d] >= 0 else { return }
        try stored.add(encoded: bytes)
        try StoredDocumentCodec.forEachEntity(bytes, source: input.core.storedFile.path) {
          entities.add(type: $0, name: $1)
        }
        entities.finishDocument()
      }
    }
    let writer = try SegmentWriter(directory: directory, name: name, maxDoc: maxDoc, norms: norms, sync: sync)
    var docs: [UInt32] = []
    var freqs: [UInt32] = []
    var positions: [UInt32] = []
    var scratch: [UInt32] = []
    for field in IndexField.allCases {
      let enums = inputs.map { TermEnumerator(core: $0.core, field: field) }
      var valid = enums.indices.map { enums[$0].next() }
      while true {
        var smallest: Int?
        for i in enums.indices where valid[i] {
          if let s = smallest {
            if enums[i].compareTerm(enums[s]) < 0 { smallest = i }
          } else {
            smallest = i
          }
        }
        guard let s = smallest else { break }
        let term = enums[s].term
        var members: [Int] = []
        for i in enums.indices where valid[i] && (i == s || enums[i].compareTerm(enums[s]) == 0) { members.append(i) }
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        for i in members {
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
    _ = try entities.write(path: directory + "/" + SegmentFiles.name(name, .entities), sync: sync)
    return (maxDoc, docMaps)
  }
}
