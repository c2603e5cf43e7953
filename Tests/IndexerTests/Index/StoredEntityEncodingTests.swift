import Testing

@testable import Indexer

/// Entities in stored documents: the type names written without making strings, and the round trip.
@Suite struct StoredEntityEncodingTests {
  @Test func typeNamesAreTheRawValues() {
    for type in EntityType.allCases {
      #expect(StoredDocumentCodec.typeName(type).description == type.rawValue)
    }
  }

  @Test func entitiesOfEveryTypeRoundTrip() throws {
    var entities: [EntitySpan] = []
    var start = 0
    for (k, type) in EntityType.allCases.enumerated() {
      let text = "Name \(k) ü"
      let normalized = k % 2 == 0 ? text : "Canonical \(k)"
      entities.append(
        EntitySpan(
          start: start, end: start + text.utf8.count, type: type, text: text, normalized: normalized,
          subtype: k == 2 ? "GPE" : ""))
      start += text.utf8.count + 3
    }
    let doc = Document(id: "d", path: "d", kind: .text, body: String(repeating: "x", count: start), entities: entities)
    let bytes = StoredDocumentCodec.encode(doc)
    let decoded = try bytes.withUnsafeBytes { try StoredDocumentCodec.decode($0, source: "test") }
    #expect(decoded.document.entities == entities)
    // The type name is stored as a length and its bytes.
    for type in EntityType.allCases {
      let name = Array(type.rawValue.utf8)
      #expect(bytes.firstRange(of: [UInt8(name.count)] + name) != nil, "\(type)")
    }
  }
}
