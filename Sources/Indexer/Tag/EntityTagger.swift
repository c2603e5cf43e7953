import Foundation

/// Finds named entities (PERSON, ORG, LOC, MISC) with a trained averaged-perceptron sequence model, and DATE,
/// MONEY and PERCENT with rules; normalizes names within each document.
///
/// Immutable after loading; one instance can tag from many threads.
public final class EntityTagger: Sendable {
  /// The environment variable naming a model file to use instead of the bundled one.
  public static let modelEnvironmentVariable = "SEEK_TAGGER_MODEL"
  /// File name of the bundled model (in the Indexer resources, subdirectory `Model`).
  public static let bundledModelName = "ner.model"

  let model: NERModel
  /// Score caches of idle threads (a tagger tags from many threads; each call takes one and puts it back).
  private let caches = NERScoreCachePool()

  /// Path of the bundled model file, if the resource bundle has it.
  package static var bundledModelPath: String? {
    Bundle.module.url(forResource: "ner", withExtension: "model", subdirectory: "Model")?.path
  }

  private static let bundled: Result<EntityTagger, SeekError> = {
    guard let path = bundledModelPath else {
      return .failure(
        SeekError(
          .invalidInput, "entity tagger: bundled model Model/ner.model is missing; rebuild or set SEEK_TAGGER_MODEL"))
    }
    do {
      return .success(try EntityTagger(modelPath: path))
    } catch let e as SeekError {
      return .failure(e)
    } catch {
      return .failure(SeekError(.other, "entity tagger: \(error)"))
    }
  }()

  /// Loads the model named by `SEEK_TAGGER_MODEL`, or else the bundled model (loaded once and shared).
  /// - Returns: a tagger.
  /// - Throws: `SeekError` when the model file is missing or corrupt.
  public static func load() throws -> EntityTagger {
    if let path = ProcessInfo.processInfo.environment[modelEnvironmentVariable], !path.isEmpty {
      return try EntityTagger(modelPath: path)
    }
    return try bundled.get()
  }

  /// Loads a model file.
  /// - Parameter modelPath: a file written by `train-tagger`.
  /// - Throws: `SeekError` when the file is missing, truncated, of another version, or fails its checksum.
  public init(modelPath: String) throws {
    model = try NERModel(path: modelPath)
  }

  /// Wraps a model in memory (tests, training).
  package init(model: NERModel) {
    self.model = model
  }

  /// Tags one document.
  /// - Parameter text: the document body.
  /// - Returns: entity spans in order, not overlapping, with UTF-8 byte offsets into `text`.
  public func tag(_ text: String) -> [EntitySpan] {
    let cache = caches.take()
    defer { caches.put(cache) }
    return tag(text, cache: cache)
  }

  /// Tags one document with the given caches (tests use small ones).
  /// - Parameters:
  ///   - text: the document body.
  ///   - cache: the calling thread's caches.
  /// - Returns: entity spans, as ``tag(_:)``.
  package func tag(_ text: String, cache: NERScoreCache) -> [EntitySpan] {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { return [] }
    return tag(pretokenized: NERTokenizer.tokenize(bytes), cache: cache)
  }

  /// Merges model spans and rule spans (both in order): a rule span wins only when it covers every model span it
  /// overlaps and is longer; otherwise the model's names stay.
  static func merge(_ names: [EntityNormalizer.TokenSpan], _ rules: [EntityNormalizer.TokenSpan])
    -> [EntityNormalizer.TokenSpan]
  {
    if rules.isEmpty { return names }
    var dropName = [Bool](repeating: false, count: names.count)
    var keptRules: [EntityNormalizer.TokenSpan] = []
    keptRules.reserveCapacity(rules.count)
    var j = 0
    for r in rules {
      while j < names.count && names[j].end <= r.start { j += 1 }
      // The names overlapping `r`: `j..<k` (names are in order and do not overlap).
      var k = j
      var nameLength = 0
      while k < names.count && names[k].start < r.end {
        nameLength += names[k].end - names[k].start
        k += 1
      }
      if k == j {
        keptRules.append(r)
        continue
      }
      let covers = names[j].start >= r.start && names[k - 1].end <= r.end
      if covers && r.end - r.start > nameLength {
        for q in j..<k { dropName[q] = true }
        keptRules.append(r)
      }
    }
    // Both lists are in order and a kept rule overlaps no kept name: merge them by start.
    var out: [EntityNormalizer.TokenSpan] = []
    out.reserveCapacity(keptRules.count + names.count)
    var a = 0
    for (q, n) in names.enumerated() where !dropName[q] {
      while a < keptRules.count && keptRules[a].start < n.start {
        out.append(keptRules[a])
        a += 1
      }
      out.append(n)
    }
    out.append(contentsOf: keptRules[a...])
    return out
  }
}
