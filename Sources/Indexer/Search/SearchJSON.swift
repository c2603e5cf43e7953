#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The JSON objects of search results, shared by `seek search --json` and the daemon's `search` method, written
/// directly as bytes.
///
/// A hit is `{"type":"hit","rank","id","path","title","score","line","column","snippet","highlights","entities",...}`;
/// the summary is `{"type":"summary","total","took_us","facets"}`. `line` is 1-based; `column` is 1-based in the
/// requested encoding (UTF-8 bytes by default, as Vim and grep `--vimgrep`; UTF-16 code units on request, as LSP
/// after subtracting 1). Highlight `start`/`end` are offsets into `snippet` in the same units.
public enum SearchJSON {
  /// Writes one hit object.
  /// - Parameters:
  ///   - hit: the hit.
  ///   - encoding: units of `column` and highlight offsets.
  ///   - fields: the members wanted besides `type`, `rank` and `id` (nil: all).
  ///   - w: the writer.
  public static func writeHit(
    _ hit: SearchHit, encoding: PositionEncoding, fields: Set<String>? = nil, to w: inout JSONWriter
  ) {
    writeHit(hit, encoding: encoding, members: HitMembers(fields), to: &w)
  }

  /// The optional members of a hit object, decided once per response (a set lookup per member and hit cost more
  /// than writing the hit).
  struct HitMembers: OptionSet {
    let rawValue: UInt16
    static let document = HitMembers(rawValue: 1 << 0)
    static let path = HitMembers(rawValue: 1 << 1)
    static let title = HitMembers(rawValue: 1 << 2)
    static let score = HitMembers(rawValue: 1 << 3)
    static let line = HitMembers(rawValue: 1 << 4)
    static let column = HitMembers(rawValue: 1 << 5)
    static let format = HitMembers(rawValue: 1 << 6)
    static let date = HitMembers(rawValue: 1 << 7)
    static let snippet = HitMembers(rawValue: 1 << 8)
    static let highlights = HitMembers(rawValue: 1 << 9)
    static let entities = HitMembers(rawValue: 1 << 10)
    static let all = HitMembers(rawValue: (1 << 11) - 1)
    private static let names: [(String, HitMembers)] = [
      ("document", .document), ("path", .path), ("title", .title), ("score", .score), ("line", .line),
      ("column", .column), ("format", .format), ("date", .date), ("snippet", .snippet),
      ("highlights", .highlights), ("entities", .entities),
    ]

    init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The members named in `fields` (nil: all); unknown names are ignored. Walks the (usually tiny) set and
    /// compares names, rather than hashing every member name.
    init(_ fields: Set<String>?) {
      guard let fields else {
        self = .all
        return
      }
      var m: HitMembers = []
      for field in fields {
        for (name, member) in Self.names where name == field {
          m.insert(member)
          break
        }
      }
      self = m
    }
  }

  static func writeHit(_ hit: SearchHit, encoding: PositionEncoding, members: HitMembers, to w: inout JSONWriter) {
    let utf16 = encoding == .utf16
    w.beginObject()
    w.key(static: "type")
    w.string(static: "hit")
    w.key(static: "rank")
    w.int(hit.rank)
    w.key(static: "id")
    w.string(publicID(hit))
    if members.contains(.document) && hit.kind == .ndjson {
      w.key(static: "document")
      w.string(hit.id)
    }
    if members.contains(.path) {
      w.key(static: "path")
      w.string(hit.path)
    }
    if members.contains(.title) {
      w.key(static: "title")
      w.string(hit.title)
    }
    if members.contains(.score) {
      w.key(static: "score")
      w.double(hit.score, digits: 4)
    }
    if members.contains(.line) {
      w.key(static: "line")
      w.int(hit.position.line)
    }
    if members.contains(.column) {
      w.key(static: "column")
      w.int(utf16 ? hit.position.utf16Column : hit.position.column)
    }
    if members.contains(.format) {
      w.key(static: "format")
      w.string(hit.kind.rawValue)
    }
    if members.contains(.date) && !hit.date.isEmpty {
      w.key(static: "date")
      w.string(hit.date)
    }
    if members.contains(.snippet) {
      w.key(static: "snippet")
      w.string(hit.snippet?.text ?? "")
    }
    if members.contains(.highlights) { writeHighlights(hit, utf16: utf16, to: &w) }
    if members.contains(.entities) { writeEntities(hit, to: &w) }
    w.endObject()
  }

  /// The id shown for a hit: the document id, except for an NDJSON record, which shows its own `id` (the full
  /// index id, `path#id`, is then in `document`).
  public static func publicID(_ hit: SearchHit) -> String {
    guard hit.kind == .ndjson else { return hit.id }
    var id = hit.id
    var path = hit.path
    return id.withUTF8 { i in
      path.withUTF8 { p in
        guard i.count > p.count, i[p.count] == UInt8(ascii: "#"),
          p.isEmpty || memcmp(i.baseAddress!, p.baseAddress!, p.count) == 0
        else { return hit.id }
        return String(decoding: UnsafeBufferPointer(rebasing: i[(p.count + 1)...]), as: UTF8.self)
      }
    }
  }

  private static func writeHighlights(_ hit: SearchHit, utf16: Bool, to w: inout JSONWriter) {
    w.key(static: "highlights")
    w.beginArray()
    for h in hit.snippet?.highlights ?? [] {
      w.beginObject()
      w.key(static: "start")
      w.int(utf16 ? h.snippet.utf16Start : h.snippet.utf8Start)
      w.key(static: "end")
      w.int(utf16 ? h.snippet.utf16End : h.snippet.utf8End)
      w.key(static: "offset")
      w.int(utf16 ? h.body.utf16Start : h.body.utf8Start)
      w.key(static: "line")
      w.int(h.start.line)
      w.key(static: "column")
      w.int(utf16 ? h.start.utf16Column : h.start.column)
      w.endObject()
    }
    w.endArray()
  }

  private static func writeEntities(_ hit: SearchHit, to w: inout JSONWriter) {
    w.key(static: "entities")
    w.beginArray()
    for e in hit.entities {
      w.beginObject()
      w.key(static: "type")
      w.string(e.type.rawValue)
      w.key(static: "name")
      w.string(e.name)
      w.key(static: "count")
      w.int(e.count)
      w.endObject()
    }
    w.endArray()
  }

  /// Writes the summary object.
  /// - Parameters:
  ///   - results: the results.
  ///   - w: the writer.
  public static func writeSummary(_ results: SearchResults, to w: inout JSONWriter) {
    w.beginObject()
    w.key("type")
    w.string("summary")
    w.key("total")
    w.int(results.total)
    w.key("total_exact")
    w.bool(results.totalIsExact)
    w.key("took_us")
    w.int(results.tookMicros)
    w.key("query")
    w.string(results.parsedQuery)
    writeFacets(results.facets, to: &w)
    w.endObject()
  }

  /// Writes the whole result object of a search, as the daemon's `search` returns it and `seek search` prints it:
  /// `{"hits":[...],"total","total_exact","took_us","query","positionEncoding","facets"}`.
  /// - Parameters:
  ///   - results: the results.
  ///   - encoding: units of columns and highlight offsets.
  ///   - fields: the hit members wanted (nil: all).
  /// - Returns: the JSON bytes.
  public static func result(_ results: SearchResults, encoding: PositionEncoding, fields: Set<String>? = nil) -> [UInt8]
  {
    var w = JSONWriter(capacity: 4096)
    w.beginObject()
    w.key("hits")
    w.beginArray()
    let members = HitMembers(fields)
    results.hits.withUnsafeBufferPointer { hits in
      for i in hits.indices { writeHit(hits[i], encoding: encoding, members: members, to: &w) }
    }
    w.endArray()
    w.key("total")
    w.int(results.total)
    w.key("total_exact")
    w.bool(results.totalIsExact)
    w.key("took_us")
    w.int(results.tookMicros)
    w.key("query")
    w.string(results.parsedQuery)
    w.key("positionEncoding")
    w.string(encoding.rawValue)
    writeFacets(results.facets, to: &w)
    w.endObject()
    return w.bytes
  }

  /// Writes `"facets": {"PERSON": [{"name","count"}...], ...}` (types in a fixed order).
  public static func writeFacets(_ facets: [EntityType: [EntityCount]], to w: inout JSONWriter) {
    writeEntityCounts(key: "facets", facets, to: &w)
  }

  /// Writes `"KEY": {"PERSON": [{"name","count"}...], ...}` with the types in a fixed order.
  public static func writeEntityCounts(key: String, _ counts: [EntityType: [EntityCount]], to w: inout JSONWriter) {
    w.key(key)
    w.beginObject()
    for type in EntityType.allCases where !counts.isEmpty {
      guard let list = counts[type], !list.isEmpty else { continue }
      w.key(type.rawValue)
      w.beginArray()
      for e in list {
        w.beginObject()
        w.key("name")
        w.string(e.name)
        w.key("count")
        w.int(e.count)
        w.endObject()
      }
      w.endArray()
    }
    w.endObject()
  }
}
