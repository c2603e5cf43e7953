import Foundation
import TestSupport
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

  /// The names facets read from the stored bytes: the normalized name, else the surface text.
  private static func namesFromDecode(_ bytes: [UInt8]) throws -> [String] {
    let doc = try bytes.withUnsafeBytes { try StoredDocumentCodec.decode($0, source: "test") }.document
    return doc.entities.map { "\($0.type.rawValue) \($0.normalized.isEmpty ? $0.text : $0.normalized)" }
  }

  private static func namesFromWalk(_ bytes: [UInt8]) throws -> [String] {
    var names: [String] = []
    try bytes.withUnsafeBytes { raw in
      try StoredDocumentCodec.forEachEntity(raw, source: "test") { type, name in
        names.append("\(type.rawValue) \(String(decoding: name, as: UTF8.self))")
      }
    }
    return names
  }

  /// Entities of every type and name form (normalized equal to the text, different, empty).
  private static func entities(for body: String, seed: Int) -> [EntitySpan] {
    var out: [EntitySpan] = []
    let n = body.utf8.count
    for k in 0..<(seed % 5 + 2) {
      let type = EntityType.allCases[(seed + k) % EntityType.allCases.count]
      let text = "Ñame \(seed)-\(k)"
      let normalized = [text, "Canonical \(k)", ""][(seed + k) % 3]
      let start = n == 0 ? 0 : (seed * 7 + k * 13) % n
      out.append(
        EntitySpan(
          start: start, end: min(n, start + 3), type: type, text: text, normalized: normalized,
          subtype: k % 2 == 0 ? "GPE" : ""))
    }
    return out.sorted { $0.start < $1.start }
  }

  @Test func theEntityWalkReadsWhatDecodeReadsInEveryFixtureDocument() throws {
    // Real documents (source maps, diagnostics, metadata, headings, records of containers) with entities added,
    // stored with their body and, where the format allows, with an external body: the walk skips every field.
    let root = Fixtures.directory
    let files = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
    var checked = 0
    for (i, file) in files.enumerated() {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue
      else { continue }
      for (j, original) in Extractor().extract(path: root + "/" + file).documents.enumerated() {
        var doc = original
        doc.entities = Self.entities(for: doc.body, seed: i * 31 + j)
        doc.metadata["k\(j)"] = "v"
        let forms: [ExternalBody?] = [
          nil, ExternalBody(form: .text, offset: 3, length: doc.body.utf8.count),
          ExternalBody(form: .ndjsonRecord, offset: 0, length: 10),
        ]
        for external in forms {
          let bytes = StoredDocumentCodec.encode(doc, external: external)
          #expect(
            try Self.namesFromWalk(bytes) == Self.namesFromDecode(bytes), "\(file) \(j) \(String(describing: external))"
          )
          checked += 1
        }
      }
    }
    #expect(checked > 60)
  }

  @Test func aDamagedEncodingIsAnErrorNotACrash() throws {
    let doc = Document(
      id: "a#1", path: "a", kind: .text, body: "Xi Jinping met Biden.",
      entities: Self.entities(for: "Xi Jinping met Biden.", seed: 4))
    let bytes = StoredDocumentCodec.encode(doc)
    for cut in [1, bytes.count / 2, bytes.count - 1] {
      #expect(throws: SeekError.self) { _ = try Self.namesFromWalk(Array(bytes[..<cut])) }
    }
    #expect(throws: SeekError.self) { _ = try Self.namesFromWalk(bytes + [0]) }
  }
}
