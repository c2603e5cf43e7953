import Testing

@testable import Indexer

@Suite struct DateNormalizerTests {
  @Test func rfc822AndISOAndReutersDates() {
    #expect(DateNormalizer.normalize("Tue, 28 Jan 2025 09:30:00 GMT") == "2025-01-28T09:30:00Z")
    #expect(DateNormalizer.normalize("28 Jan 2025 09:30 +0130") == "2025-01-28T08:00:00Z")
    #expect(DateNormalizer.normalize("Wed, 31 Dec 2025 23:30:00 EST") == "2026-01-01T04:30:00Z")
    #expect(DateNormalizer.normalize("2024-12-02T15:45:00-05:00") == "2024-12-02T20:45:00Z")
    #expect(DateNormalizer.normalize("2024-03-01T01:00:00.123+02:00") == "2024-02-29T23:00:00Z")
    #expect(DateNormalizer.normalize("2025-01-27") == "2025-01-27")
    #expect(DateNormalizer.normalize("26-FEB-1987 15:01:01.79") == "1987-02-26T15:01:01Z")
    #expect(DateNormalizer.normalize(" 9-MAR-1987 08:08:57.16") == "1987-03-09T08:08:57Z")
    #expect(DateNormalizer.normalize("next Tuesday") == nil)
    #expect(DateNormalizer.normalize("") == nil)
  }
}
