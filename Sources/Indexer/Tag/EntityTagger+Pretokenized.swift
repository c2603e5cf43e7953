extension EntityTagger {
  /// Tags text that is already tokenized through the whole pipeline: the model, the date, money and percent rules,
  /// and the normalizer's document rules. ``tag(_:cache:)`` comes here after `NERTokenizer`; scoring the
  /// normalizer on CoNLL data (`train-tagger predict --normalized 1`) comes with a CoNLL file's tokens.
  /// - Parameters:
  ///   - tokens: the tokens and sentences.
  ///   - cache: the caller's caches (one per thread).
  /// - Returns: entity spans, as ``tag(_:)``, with byte offsets into `tokens.bytes`.
  package func tag(pretokenized tokens: NERTokenizedText, cache: NERScoreCache) -> [EntitySpan] {
    if tokens.count == 0 { return [] }
    let info = NERTokenInfo(tokens, model: model, values: cache.tokenValues)
    let tags = model.tag(tokens, info, cache: cache)
    var names: [EntityNormalizer.TokenSpan] = []
    for r in tokens.sentences {
      for (s, e, c) in NERTagSet.chunks(tags, in: r) {
        names.append(.init(start: r.lowerBound + s, end: r.lowerBound + e, type: NERTagSet.classes[c]))
      }
    }
    let rules = EntityRules.find(tokens, info).map { EntityNormalizer.TokenSpan(start: $0.0, end: $0.1, type: $0.2) }
    return EntityNormalizer.finish(EntityTagger.merge(names, rules), tokens, info, model.gazetteer, names: cache.names)
  }
}
