import Glibc

/// Wiki template calls left in a page's text: "{{Persondata}}", "{{Infobox Album }}", "{{Link FA|de}}",
/// "{{Taxobox}}". Encyclopedia dumps keep them as text, and the model reads the capitalized template name as a
/// name ("Persondata" PERSON, "FA" MISC); as every page of a kind calls the same templates, one such slip heads a
/// facet. A name span inside a call, between "{{" and its "}}" on one line, names nothing.
extension EntityNormalizer {
  /// The byte ranges of the template calls in the text, "{{" to the matching "}}" on one line (nested calls
  /// inside the outer one), ascending; empty when the text has none (one `memchr` for "{" then).
  /// - Parameter bytes: the text.
  /// - Returns: the calls' byte ranges, braces included.
  static func templateCalls(_ bytes: [UInt8]) -> [Range<Int32>] {
    bytes.withUnsafeBufferPointer { p -> [Range<Int32>] in
      guard let base = p.baseAddress else { return [] }
      let n = p.count
      var out: [Range<Int32>] = []
      var i = 0
      while i + 3 < n {
        guard let found = memchr(base + i, 0x7B, n - i) else { break }
        let a = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        guard a + 1 < n, p[a + 1] == 0x7B else {
          i = a + 1
          continue
        }
        // Find the matching "}}" on this line.
        var depth = 1
        var k = a + 2
        var end = -1
        while k < n {
          let c = p[k]
          if c == 0x0A { break }
          if c == 0x7B && k + 1 < n && p[k + 1] == 0x7B {
            depth += 1
            k += 2
            continue
          }
          if c == 0x7D && k + 1 < n && p[k + 1] == 0x7D {
            depth -= 1
            k += 2
            if depth == 0 {
              end = k
              break
            }
            continue
          }
          k += 1
        }
        if end > 0 {
          out.append(Int32(a)..<Int32(end))
          i = end
        } else {
          i = a + 2
        }
      }
      return out
    }
  }

  /// Drops the name spans that lie inside a template call; returns `spans` itself when the text has no call.
  /// - Parameters:
  ///   - spans: the document's spans, best in order.
  ///   - t: the document's tokens.
  /// - Returns: the spans outside template calls (and every span that is no name).
  static func droppingTemplateNames(_ spans: [TokenSpan], _ t: NERTokenizedText) -> [TokenSpan] {
    let calls = templateCalls(t.bytes)
    guard !calls.isEmpty else { return spans }
    var out: [TokenSpan] = []
    out.reserveCapacity(spans.count)
    var c = 0
    var previous: Int32 = 0
    for s in spans {
      let a = t.starts[s.start]
      // Added spans come in two ordered runs: start over when the order breaks.
      if a < previous { c = 0 }
      previous = a
      while c < calls.count && calls[c].upperBound <= a { c += 1 }
      if s.type.isName, c < calls.count, calls[c].lowerBound <= a, t.ends[s.end - 1] <= calls[c].upperBound {
        continue
      }
      out.append(s)
    }
    return out
  }
}
