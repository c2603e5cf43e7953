/// Trains the tagger's averaged perceptron: greedy left-to-right decoding with the model's own previous tags,
/// exact integer updates, and weight averaging. Deterministic: same documents and seed give the same model.
package struct NERTrainer {
  /// One training or evaluation document.
  package struct Example {
    package var text: NERTokenizedText
    package var gold: [Int]
    /// Cross-validation fold for the training-entity gazetteer.
    package var fold: Int = 0

    /// Creates an example.
    package init(text: NERTokenizedText, gold: [Int], fold: Int = 0) {
      self.text = text
      self.gold = gold
      self.fold = fold
    }
  }

  /// Number of folds for the training-entity gazetteer (each document sees the entities of the other folds).
  package static let folds = 10

  private struct Prepared {
    var text: NERTokenizedText
    var info: NERTokenInfo
    var gold: [Int]
    var features: [UInt64]
    var offsets: [Int]
  }

  private var gazetteer: Gazetteer
  private let clusters: WordClusters.Table
  private var foldGazetteers: [Gazetteer] = []
  private let useTrainingEntities: Bool
  private var rng: UInt64
  private var rowOf: [UInt64: Int32] = [:]
  private var keys: [UInt64] = []
  private var w: [Int32] = []
  private var u: [Int64] = []
  private var clock: Int64 = 1

  /// Creates a trainer.
  /// - Parameters:
  ///   - gazetteer: the name lists used for features (stored in the model).
  ///   - seed: seeds the shuffling of documents.
  ///   - trainingEntities: add the training data's entity strings to the gazetteer (jackknifed by fold).
  ///   - clusters: word classes for features (stored in the model).
  package init(gazetteer: Gazetteer, clusters: WordClusters.Table = [:], seed: UInt64, trainingEntities: Bool = true) {
    self.gazetteer = gazetteer
    self.clusters = clusters
    useTrainingEntities = trainingEntities
    rng = seed
  }

  /// Converts a CoNLL corpus into examples (one per document).
  /// - Parameters:
  ///   - corpus: the corpus.
  ///   - uppercaseEvery: also add an all-caps copy of every n-th document (0 for none).
  package static func examples(_ corpus: CoNLLCorpus, uppercaseEvery: Int = 0) -> [Example] {
    var out: [Example] = []
    for (d, doc) in corpus.documents.enumerated() {
      let text = NERTokenizedText.pretokenized(doc.sentences)
      var gold: [Int] = []
      for tags in doc.tags {
        gold.append(contentsOf: NERTagSet.bilou(chunks: CoNLLCorpus.chunks(tags), count: tags.count))
      }
      out.append(Example(text: text, gold: gold, fold: d % folds))
      if uppercaseEvery > 0 && d % uppercaseEvery == uppercaseEvery - 1 {
        let upper = NERTokenizedText.pretokenized(doc.sentences.map { $0.map { $0.uppercased() } })
        out.append(Example(text: upper, gold: gold, fold: d % folds))
      }
    }
    return out
  }

  private func prepare(_ e: Example) -> Prepared {
    let info = NERTokenInfo(
      e.text, gazetteer: foldGazetteers.isEmpty ? gazetteer : foldGazetteers[e.fold], clusters: clusters)
    var features: [UInt64] = []
    var offsets = [0]
    for r in e.text.sentences {
      for i in r {
        NERFeatureTemplates.staticFeatures(info, i, r, &features)
        offsets.append(features.count)
      }
    }
    return Prepared(text: e.text, info: info, gold: e.gold, features: features, offsets: offsets)
  }

  private mutating func nextRandom() -> UInt64 {
    rng &+= 0x9E37_79B9_7F4A_7C15
    return FeatureHash.mix(rng)
  }

  /// Trains for `epochs` passes, evaluating on `dev` after each and keeping the best epoch.
  /// - Parameters:
  ///   - train: training documents.
  ///   - dev: development documents (may be empty: the last epoch is kept).
  ///   - epochs: number of passes.
  ///   - log: receives one line per epoch.
  /// - Returns: the best model and its dev F1 (0 without dev data).
  package mutating func train(
    _ train: [Example], dev: [Example], epochs: Int, log: (String) -> Void
  ) -> (NERModel, Double) {
    if useTrainingEntities {
      let base = gazetteer
      foldGazetteers = (0..<NERTrainer.folds).map { f in
        var g = base
        g.addTrainingEntities(train.filter { $0.fold != f })
        return g
      }
      gazetteer.addTrainingEntities(train)
    }
    let prepared = train.map(prepare)
    var order = Array(0..<prepared.count)
    var best: (NERModel, Double)? = nil
    for epoch in 1...max(1, epochs) {
      for k in stride(from: order.count - 1, to: 0, by: -1) {
        let j = Int(nextRandom() % UInt64(k + 1))
        order.swapAt(k, j)
      }
      var errors = 0
      var tokens = 0
      for d in order {
        errors += trainDocument(prepared[d])
        tokens += prepared[d].gold.count
      }
      let model = averagedModel()
      let f1 = dev.isEmpty ? 0 : NERTrainer.evaluate(model, dev).f1
      log(
        "epoch \(epoch): train token errors \(errors)/\(tokens), rows \(model.rowCount), dev F1 "
          + String(format2(f1 * 100)))
      if best == nil || f1 > best!.1 || dev.isEmpty { best = (model, f1) }
    }
    return best!
  }

  private func format2(_ x: Double) -> String {
    let v = (x * 100).rounded() / 100
    return "\(v)"
  }

  private mutating func trainDocument(_ p: Prepared) -> Int {
    let nt = NERTagSet.count
    var history: [UInt64: UInt8] = [:]
    var features: [UInt64] = []
    var scores = [Int64](repeating: 0, count: nt)
    var errors = 0
    var token = 0
    for r in p.text.sentences {
      var p1 = 0
      var p2 = 0
      for i in r {
        features.removeAll(keepingCapacity: true)
        features.append(contentsOf: p.features[p.offsets[token]..<p.offsets[token + 1]])
        token += 1
        NERFeatureTemplates.dynamicFeatures(p.info, i, p1, p2, Int(history[p.info.lower[i]] ?? 0), &features)
        for t in 0..<nt { scores[t] = 0 }
        for f in features {
          guard let row = rowOf[f] else { continue }
          let base = Int(row) * nt
          for t in 0..<nt { scores[t] += Int64(w[base + t]) }
        }
        let guess = NERModel.argmax(scores, p1, last: i == r.upperBound - 1)
        let gold = p.gold[i]
        if guess != gold {
          errors += 1
          for f in features {
            let base = rowIndex(f) * nt
            w[base + gold] += 1
            u[base + gold] += clock
            w[base + guess] -= 1
            u[base + guess] -= clock
          }
        }
        clock += 1
        if let c = NERTagSet.entityClass(guess) { history[p.info.lower[i]] = UInt8(c + 1) }
        p2 = p1
        p1 = guess
      }
    }
    return errors
  }

  private mutating func rowIndex(_ f: UInt64) -> Int {
    if let r = rowOf[f] { return Int(r) }
    let r = keys.count
    rowOf[f] = Int32(r)
    keys.append(f)
    w.append(contentsOf: repeatElement(0, count: NERTagSet.count))
    u.append(contentsOf: repeatElement(0, count: NERTagSet.count))
    return r
  }

  /// The averaged weights, quantized to Int16 and pruned of all-zero rows.
  private func averagedModel() -> NERModel {
    let nt = NERTagSet.count
    var avg = [Double](repeating: 0, count: w.count)
    var maxAbs = 0.0
    let c = Double(clock)
    for k in 0..<w.count {
      let a = Double(w[k]) - Double(u[k]) / c
      avg[k] = a
      maxAbs = max(maxAbs, abs(a))
    }
    let scale = maxAbs > 0 ? 32000 / maxAbs : 1
    let order = (0..<keys.count).sorted { keys[$0] < keys[$1] }
    var outKeys: [UInt64] = []
    var outWeights: [Int16] = []
    var row = [Int16](repeating: 0, count: nt)
    for r in order {
      var any = false
      for t in 0..<nt {
        let q = Int16((avg[r * nt + t] * scale).rounded())
        row[t] = q
        if q != 0 { any = true }
      }
      if any {
        outKeys.append(keys[r])
        outWeights.append(contentsOf: row)
      }
    }
    return NERModel(keys: outKeys, weights: outWeights, gazetteer: gazetteer, clusters: clusters)
  }

  /// Entity-level micro precision, recall and F1 of a model on documents.
  package static func evaluate(_ model: NERModel, _ docs: [Example]) -> (precision: Double, recall: Double, f1: Double)
  {
    var correct = 0
    var guessed = 0
    var actual = 0
    for d in docs {
      let info = NERTokenInfo(d.text, model: model)
      let tags = model.tag(d.text, info)
      for r in d.text.sentences {
        let g = NERTagSet.chunks(Array(d.gold[r])).map { [$0.0, $0.1, $0.2] }
        let p = NERTagSet.chunks(Array(tags[r])).map { [$0.0, $0.1, $0.2] }
        guessed += p.count
        actual += g.count
        let gs = Set(g)
        correct += p.filter { gs.contains($0) }.count
      }
    }
    let pr = guessed > 0 ? Double(correct) / Double(guessed) : 0
    let rc = actual > 0 ? Double(correct) / Double(actual) : 0
    return (pr, rc, pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0)
  }
}
