/// Builds the snippet of a search hit: the best passage (or two) of the body with highlighted query terms, and the
/// position of the best match in three units (UTF-8 bytes, UTF-16 code units, source line and columns).
///
/// Passages are scored by the weights of the distinct query terms they contain (idf when given), a little for
/// repeats, a bonus for different terms close together, and a slight preference for earlier text. A second passage
/// is added only when it shows query terms the first one lacks; the two then share the length budget.
///
/// The tokenizer is injected so the snippet sees the same terms as the index: pass a closure that runs the
/// document's analyzer and returns each token's term with its UTF-8 byte range in the string.
public struct SnippetBuilder: Sendable {
  /// Splits text into analyzed tokens: `term` as the index stores it, `start..<end` its UTF-8 byte range in the
  /// text passed in.
  public typealias Tokenizer = @Sendable (String) -> [(term: String, start: Int, end: Int)]

  /// Target length of the snippet text in bytes (passages are cut at word boundaries, so usually a little less).
  public var maxLength: Int
  /// At most this many passages (1 or 2).
  public var maxPassages: Int
  private let tokenize: Tokenizer

  /// Creates a builder.
  /// - Parameters:
  ///   - maxLength: target snippet length in UTF-8 bytes (default 230, giving about 160-250 bytes of text).
  ///   - maxPassages: 1 or 2 passages.
  ///   - tokenize: the analyzer's tokenizer (term and UTF-8 byte offsets per token).
  public init(maxLength: Int = 230, maxPassages: Int = 2, tokenize: @escaping Tokenizer) {
    self.maxLength = max(20, maxLength)
    self.maxPassages = max(1, min(2, maxPassages))
    self.tokenize = tokenize
  }

  /// The snippet of one document.
  /// - Parameters:
  ///   - body: the document body.
  ///   - sourceMap: the document's source map (for line and columns in the source file).
  ///   - query: analyzed terms, phrases and weights.
  /// - Returns: the snippet; when no term occurs in the body, the beginning of the body without highlights.
  public func snippet(body: String, sourceMap: SourceMap, query: SnippetQuery) -> Snippet {
    snippet(body: body, sourceMap: sourceMap, query: query, tokens: tokenize(body))
  }

  /// The snippet of one document whose tokens are already known (for example kept from an earlier call).
  /// - Parameters:
  ///   - body: the document body.
  ///   - sourceMap: the document's source map.
  ///   - query: analyzed terms, phrases and weights.
  ///   - rawTokens: the body's tokens as the tokenizer returns them (UTF-8 byte offsets in `body`).
  /// - Returns: the snippet; when no term occurs in the body, the beginning of the body without highlights.
  public func snippet(
    body: String, sourceMap: SourceMap, query: SnippetQuery, tokens rawTokens: [(term: String, start: Int, end: Int)]
  ) -> Snippet {
    var body = body
    return body.withUTF8 { bytes in
      let tokens = SnippetMatchFinder.tokens(rawTokens, bytes: bytes)
      let (matches, keyCount) = SnippetMatchFinder.matches(raw: rawTokens, bytes: bytes, query: query)
      let plan = choosePassages(matches: matches, keyCount: keyCount, tokens: tokens, bytes: bytes)
      return SnippetAssembler(bytes: bytes, sourceMap: sourceMap).assemble(plan, matches: matches)
    }
  }

  /// The snippet of one document from its token ranges and wanted tokens (``SnippetTokenizer``): the same as from
  /// the full token list with the other tokens' terms empty. The analyzer's token ranges are character boundaries
  /// and never empty (the body is valid UTF-8), so they are used as they are, without clamping.
  func snippet(body: String, sourceMap: SourceMap, query: SnippetQuery, tokenList: SnippetTokenList) -> Snippet {
    var body = body
    return body.withUTF8 { bytes in
      let tokens = tokenList.ranges
      let (matches, keyCount) = SnippetMatchFinder.matches(tokenList, bytes: bytes, query: query)
      let plan = choosePassages(matches: matches, keyCount: keyCount, tokens: tokens, bytes: bytes)
      return SnippetAssembler(bytes: bytes, sourceMap: sourceMap).assemble(plan, matches: matches)
    }
  }

  /// Passage byte ranges with their windows, in body order, plus which one is best.
  private func choosePassages(
    matches: [SnippetMatch], keyCount: Int, tokens: [SnippetToken], bytes: UnsafeBufferPointer<UInt8>
  ) -> SnippetPlan {
    let whole = 0..<bytes.count
    guard let best = PassageSelector.bestWindow(matches, keyCount: keyCount, bodyLength: bytes.count, budget: maxLength)
    else {
      let range = PassageSelector.expand(core: 0..<0, budget: maxLength, limit: whole, tokens: tokens, bytes: bytes)
      return SnippetPlan(passages: [SnippetPlan.Passage(range: range, window: nil)], best: 0)
    }
    let single = SnippetPlan.Passage(
      range: PassageSelector.expand(
        core: matches[best.first].start..<matches[best.last].end, budget: maxLength, limit: whole, tokens: tokens,
        bytes: bytes),
      window: best)
    guard maxPassages > 1, keyCount > best.keys.count else { return SnippetPlan(passages: [single], best: 0) }

    // Two passages of half the length each, if together they show more of the query.
    let half = (maxLength - 5) / 2
    guard let first = PassageSelector.bestWindow(matches, keyCount: keyCount, bodyLength: bytes.count, budget: half)
    else {
      return SnippetPlan(passages: [single], best: 0)
    }
    let firstRange = PassageSelector.expand(
      core: matches[first.first].start..<matches[first.last].end, budget: half, limit: whole, tokens: tokens,
      bytes: bytes)
    guard
      let second = PassageSelector.bestWindow(
        matches, keyCount: keyCount, bodyLength: bytes.count, budget: half, excluding: firstRange,
        coveredKeys: first.keys)
    else { return SnippetPlan(passages: [single], best: 0) }
    let gain = weight(of: first.keys.union(second.keys), matches) - weight(of: best.keys, matches)
    guard gain > 0 else { return SnippetPlan(passages: [single], best: 0) }
    let secondCore = matches[second.first].start..<matches[second.last].end
    let limit =
      secondCore.lowerBound >= firstRange.upperBound ? firstRange.upperBound..<bytes.count : 0..<firstRange.lowerBound
    let secondRange = PassageSelector.expand(
      core: secondCore, budget: half, limit: limit, tokens: tokens, bytes: bytes)
    let a = SnippetPlan.Passage(range: firstRange, window: first)
    let b = SnippetPlan.Passage(range: secondRange, window: second)
    return secondRange.lowerBound < firstRange.lowerBound
      ? SnippetPlan(passages: [b, a], best: 1) : SnippetPlan(passages: [a, b], best: 0)
  }

  private func weight(of keys: Set<Int>, _ matches: [SnippetMatch]) -> Double {
    var weights: [Int: Double] = [:]
    for match in matches where keys.contains(match.keyID) { weights[match.keyID] = match.weight }
    return weights.values.reduce(0, +)
  }
}

/// The passages chosen for a snippet.
struct SnippetPlan {
  struct Passage {
    var range: Range<Int>
    var window: PassageWindow?
  }
  /// In body order, not overlapping.
  var passages: [Passage]
  /// Index of the best passage.
  var best: Int
}
