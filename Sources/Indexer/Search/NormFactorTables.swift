/// The length-normalization part of BM25F, precomputed once per snapshot and ranking model: for every field with
/// norms and every norm byte, `weight / max(1 - b + b · length / averageLength, 0.05)`.
///
/// A term's pseudo-frequency in a document is then `Σ freq_f · factor_f[normByte_f]`: one table load and one
/// multiplication per field instead of a decode, a division and a `max` (see ``TermScorer``). Immutable after
/// creation, so one instance serves every search on the snapshot, from any thread.
final class NormFactorTables: @unchecked Sendable {
  /// Average length of each field over the snapshot (by `IndexField.rawValue`; 0 for fields without norms).
  let averages: [Float]
  private let storage: UnsafeMutablePointer<Float>
  private static let stride = 256

  /// Computes the tables.
  /// - Parameters:
  ///   - reader: the snapshot (field averages).
  ///   - model: the field weights and `b` parameters.
  init(reader: IndexReader, model: RankingModel) {
    let fields = IndexField.allCases
    var averages = [Float](repeating: 0, count: fields.count)
    storage = .allocate(capacity: fields.count * Self.stride)
    storage.initialize(repeating: 0, count: fields.count * Self.stride)
    for field in fields where field.hasNorms {
      let average = Float(reader.statistics(field).averageLength)
      averages[Int(field.rawValue)] = average
      let p = model.parameters(field)
      let row = storage + Int(field.rawValue) * Self.stride
      for byte in 0..<Self.stride {
        row[byte] = Self.factor(
          length: FieldNorm.decode(UInt8(byte)), weight: p.weight, b: p.b, averageLength: average)
      }
    }
    self.averages = averages
  }

  deinit { storage.deallocate() }

  /// `weight / max(1 - b + b · length / averageLength, 0.05)`: what one occurrence counts in a field of that length.
  /// - Parameters:
  ///   - length: the field length (decoded norm).
  ///   - weight: the field weight.
  ///   - b: the field's length normalization.
  ///   - averageLength: the field's average length (0: the length counts as average).
  /// - Returns: the factor.
  @inline(__always)
  static func factor(length: UInt32, weight: Float, b: Float, averageLength: Float) -> Float {
    let norm = 1 - b + b * (averageLength > 0 ? Float(length) / averageLength : 1)
    return weight / max(norm, 0.05)
  }

  /// The 256 factors of a field, indexed by norm byte.
  /// - Parameter field: a field with norms.
  /// - Returns: a pointer valid as long as the tables live.
  func factors(_ field: IndexField) -> UnsafePointer<Float> {
    UnsafePointer(storage + Int(field.rawValue) * Self.stride)
  }
}
