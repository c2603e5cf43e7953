/// An inclusive range of calendar dates at year, month or day precision (`date:2024-12`, `date:2024-01..2025-03`,
/// `date:..2024`, `date:2024..`).
///
/// Bounds are ISO prefixes (`2024`, `2024-12`, `2024-12-09`) compared at their own precision: `2024-01..2025-03`
/// holds every date from 2024-01-01 through 2025-03-31. A single value `2024-12` is the range `2024-12..2024-12`.
public struct DateRange: Sendable, Equatable, CustomStringConvertible {
  /// The first date, an ISO prefix, or `nil` for no lower bound.
  public var lower: String?
  /// The last date (inclusive at its precision), an ISO prefix, or `nil` for no upper bound.
  public var upper: String?

  /// Creates a range from validated ISO prefixes.
  /// - Parameters:
  ///   - lower: first date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) or `nil`.
  ///   - upper: last date or `nil`.
  public init(lower: String?, upper: String?) {
    self.lower = lower
    self.upper = upper
  }

  /// Parses `VALUE`, `LOW..HIGH`, `..HIGH` or `LOW..`.
  /// - Parameter text: the text after `date:`.
  /// - Returns: the range, or `nil` when a bound is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` or both bounds are missing.
  public static func parse(_ text: String) -> DateRange? {
    let bytes = Array(text.utf8)
    if let dots = findDots(bytes) {
      let low = String(decoding: bytes[..<dots], as: UTF8.self)
      let high = String(decoding: bytes[(dots + 2)...], as: UTF8.self)
      if low.isEmpty && high.isEmpty { return nil }
      if !low.isEmpty && key(low, upper: false) == nil { return nil }
      if !high.isEmpty && key(high, upper: true) == nil { return nil }
      return DateRange(lower: low.isEmpty ? nil : low, upper: high.isEmpty ? nil : high)
    }
    guard key(text, upper: false) != nil else { return nil }
    return DateRange(lower: text, upper: text)
  }

  /// The smallest `yyyymmdd` integer in the range (`2024-12` gives 20241200), or `Int.min` when open.
  public var lowerKey: Int { lower.flatMap { Self.key($0, upper: false) } ?? Int.min }
  /// The largest `yyyymmdd` integer in the range (`2024-12` gives 20241299), or `Int.max` when open.
  public var upperKey: Int { upper.flatMap { Self.key($0, upper: true) } ?? Int.max }

  /// Whether a document date falls in the range.
  /// - Parameter isoDate: the document date (`2024-12-09`, `2024-12-09T10:00:00Z`, `2024-12`, `2024`).
  /// - Returns: `false` when the date is empty or unreadable.
  public func contains(_ isoDate: String) -> Bool {
    guard let key = Self.documentKey(isoDate) else { return false }
    return key >= lowerKey && key <= upperKey
  }

  /// The `yyyymmdd` integer of a document date; a missing month or day counts as 00.
  /// - Parameter isoDate: an ISO 8601 date or date-time.
  /// - Returns: the key, or `nil` when the text does not start with a valid `YYYY[-MM[-DD]]`.
  public static func documentKey(_ isoDate: String) -> Int? {
    let bytes = Array(isoDate.utf8.prefix(10))
    var end = bytes.count
    // Accept only the date part: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` followed by anything (time, zone).
    if end >= 10 { end = 10 } else if end >= 7 { end = 7 } else if end >= 4 { end = 4 } else { return nil }
    return key(String(decoding: bytes[..<end], as: UTF8.self), upper: false)
  }

  public var description: String {
    if let lower, let upper, lower == upper { return lower }
    return (lower ?? "") + ".." + (upper ?? "")
  }

  private static func findDots(_ bytes: [UInt8]) -> Int? {
    var i = 0
    while i + 1 < bytes.count {
      if bytes[i] == UInt8(ascii: ".") && bytes[i + 1] == UInt8(ascii: ".") { return i }
      i += 1
    }
    return nil
  }

  /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as `yyyymmdd`, missing parts 00 (lower) or 99 (upper).
  private static func key(_ text: String, upper: Bool) -> Int? {
    let b = Array(text.utf8)
    func digits(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= b.count else { return nil }
      var value = 0
      for i in from..<(from + count) {
        guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
        value = value * 10 + Int(b[i] - 0x30)
      }
      return value
    }
    let fill = upper ? 99 : 0
    guard b.count == 4 || b.count == 7 || b.count == 10, let year = digits(0, 4) else { return nil }
    if b.count == 4 { return year * 10_000 + fill * 100 + fill }
    guard b[4] == UInt8(ascii: "-"), let month = digits(5, 2), (1...12).contains(month) else { return nil }
    if b.count == 7 { return year * 10_000 + month * 100 + fill }
    guard b[7] == UInt8(ascii: "-"), let day = digits(8, 2), (1...31).contains(day) else { return nil }
    return year * 10_000 + month * 100 + day
  }
}
