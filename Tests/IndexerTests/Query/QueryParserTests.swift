import Indexer
import Testing

@Suite struct QueryParserTests {
  let lenient = QueryParser()
  let strict = QueryParser(strict: true)

  private func canonical(_ text: String) -> String {
    (try? lenient.parse(text).description) ?? "<threw>"
  }

  @Test func plainWordsAreShouldClauses() throws {
    let query = try lenient.parse("deepseek export controls")
    #expect(
      query
        == .boolean(
          BooleanQuery(should: [.term(TermQuery("deepseek")), .term(TermQuery("export")), .term(TermQuery("controls"))])
        ))
    #expect(query.description == "deepseek export controls")
    #expect(try lenient.parse("single") == .term(TermQuery("single")))
  }

  @Test func phrasesSlopPrefixAndFuzzy() throws {
    #expect(try lenient.parse("\"export  controls\"") == .phrase(PhraseQuery("export controls")))
    #expect(try lenient.parse("\"phrase with slop\"~3") == .phrase(PhraseQuery("phrase with slop", slop: 3)))
    #expect(try lenient.parse("huaw*") == .term(TermQuery("huaw", mode: .prefix)))
    // Automatic distance: <5 characters exact, 5-8 one edit, 9+ two edits.
    #expect(try lenient.parse("chip~") == .term(TermQuery("chip")))
    #expect(try lenient.parse("chips~") == .term(TermQuery("chips", mode: .fuzzy(maxEdits: 1))))
    #expect(try lenient.parse("semiconductor~") == .term(TermQuery("semiconductor", mode: .fuzzy(maxEdits: 2))))
    #expect(try lenient.parse("Zürich~") == .term(TermQuery("Zürich", mode: .fuzzy(maxEdits: 1))))
    #expect(try lenient.parse("chip~2") == .term(TermQuery("chip", mode: .fuzzy(maxEdits: 2))))
    #expect(try lenient.parse("chip~1") == .term(TermQuery("chip", mode: .fuzzy(maxEdits: 1))))
    #expect(try lenient.parse("chip~0") == .term(TermQuery("chip")))
    #expect(try lenient.parse("chip~7") == .term(TermQuery("chip", mode: .fuzzy(maxEdits: 2))))
    #expect(throws: SeekError.self) { try strict.parse("chip~7") }
  }

  @Test func requiredExcludedAndOperators() throws {
    #expect(canonical("+huawei chips -nvidia") == "+huawei chips -nvidia")
    #expect(canonical("a AND b") == "+a +b")
    #expect(canonical("a OR b") == "a b")
    #expect(canonical("a NOT b") == "a -b")
    #expect(canonical("a AND NOT b") == "+a -b")
    // NOT > AND > OR.
    #expect(canonical("a OR b AND c") == "a (+b +c)")
    #expect(canonical("a AND b OR c AND d") == "(+a +b) (+c +d)")
    #expect(canonical("(a OR b) AND c") == "+(a b) +c")
    #expect(canonical("NOT a AND b") == "+b -a")
    #expect(canonical("NOT NOT a") == "a")
    #expect(canonical("-(a b)") == "-(a b)")
    // Lowercase keywords are words.
    #expect(canonical("cats and dogs") == "cats and dogs")
  }

  @Test func fieldsAndFilters() throws {
    #expect(try lenient.parse("title:huawei") == .term(TermQuery("huawei", field: .title)))
    #expect(try lenient.parse("body:\"export controls\"") == .phrase(PhraseQuery("export controls", field: .body)))
    #expect(try lenient.parse("headings:chip*") == .term(TermQuery("chip", field: .headings, mode: .prefix)))
    #expect(try lenient.parse("path:*.md") == .filter(.path(glob: "*.md")))
    #expect(try lenient.parse("path:docs/**") == .filter(.path(glob: "docs/**")))
    #expect(try lenient.parse("lang:EN") == .filter(.lang("en")))
    #expect(try lenient.parse("type:html") == .filter(.type("html")))
    #expect(
      try lenient.parse("person:\"Xi  Jinping\"")
        == .filter(.entity(type: .person, value: "Xi Jinping", prefix: false)))
    #expect(try lenient.parse("org:Huawei*") == .filter(.entity(type: .org, value: "Huawei", prefix: true)))
    #expect(try lenient.parse("entity:Beijing") == .filter(.entity(type: nil, value: "Beijing", prefix: false)))
    #expect(canonical("loc:\"New York\"* misc:G20") == "loc:\"New York\"* misc:G20")
    // Field groups apply the field to every word inside.
    #expect(canonical("title:(chips OR \"export rules\")") == "title:chips title:\"export rules\"")
    #expect(canonical("Title:Chips") == "title:Chips")
  }

  @Test func filtersAreRequiredUnlessJoinedByOr() throws {
    #expect(canonical("deepseek lang:en") == "lang:en deepseek")
    #expect(
      try lenient.parse("deepseek lang:en")
        == .boolean(BooleanQuery(filter: [.filter(.lang("en"))], should: [.term(TermQuery("deepseek"))])))
    #expect(canonical("+lang:en chips") == "lang:en chips")
    #expect(canonical("(lang:en OR lang:de) chips") == "(lang:en OR lang:de) chips")
    #expect(canonical("lang:en AND chips AND NOT x") == "+chips lang:en -x")
    #expect(canonical("deepseek OR lang:en") == "deepseek OR lang:en")
    #expect(canonical("-type:feed deepseek") == "deepseek -type:feed")
    #expect(canonical("lang:(en de)") == "lang:en OR lang:de")
    // A should-filter beside required clauses changes nothing, so it is dropped.
    #expect(canonical("+chips OR lang:en") == "chips")
    #expect(canonical("lang:en OR -chips") == "lang:en -chips")
  }

  @Test func dates() throws {
    func range(_ text: String) throws -> DateRange {
      guard case .filter(.date(let range)) = try strict.parse("date:" + text) else {
        Issue.record("not a date filter: \(text)")
        return DateRange(lower: nil, upper: nil)
      }
      return range
    }
    #expect(try range("2024-12") == DateRange(lower: "2024-12", upper: "2024-12"))
    #expect(try range("2024-12-09") == DateRange(lower: "2024-12-09", upper: "2024-12-09"))
    #expect(try range("2024-01..2025-03") == DateRange(lower: "2024-01", upper: "2025-03"))
    #expect(try range("..2024") == DateRange(lower: nil, upper: "2024"))
    #expect(try range("2024..") == DateRange(lower: "2024", upper: nil))
    let span = try range("2024-01..2025-03")
    #expect(span.lowerKey == 2024_01_00 && span.upperKey == 2025_03_99)
    #expect(span.contains("2024-01-01T00:00:00Z"))
    #expect(span.contains("2025-03-31"))
    #expect(!span.contains("2025-04-01"))
    #expect(!span.contains("2023-12-31"))
    #expect(!span.contains(""))
    #expect(try range("..2024").contains("1999-05-05"))
    #expect(!(try range("..2024")).contains("2025-01-01"))
    #expect(try range("2024..").contains("2030"))
    for bad in ["2024-13", "24-01", "2024-01-32", "..", "yesterday", "2024-1"] {
      #expect(throws: SeekError.self) { try strict.parse("date:" + bad) }
      #expect(canonical("date:" + bad) == "date:" + bad)  // lenient: a plain word
    }
    #expect(canonical("date:2024-01..2025-03 chips") == "date:2024-01..2025-03 chips")
  }

  @Test func unknownFieldsAreWords() throws {
    #expect(try lenient.parse("http://x") == .term(TermQuery("http://x")))
    #expect(try strict.parse("foo:bar") == .term(TermQuery("foo:bar")))
    #expect(canonical("see https://example.com/a?b=c") == "see https://example.com/a?b=c")
  }

  @Test func lenientRepairs() throws {
    #expect(try lenient.parse("") == .matchNone)
    #expect(try lenient.parse("   ") == .matchNone)
    #expect(try lenient.parse("()") == .matchNone)
    #expect(try lenient.parse("\"\"") == .matchNone)
    #expect(canonical("\"export controls") == "\"export controls\"")
    #expect(canonical("(a OR b") == "a b")
    #expect(canonical("(a b) c)") == "(a b) c")
    #expect(canonical("AND a OR") == "a")
    #expect(canonical("a AND AND b") == "+a +b")
    #expect(canonical("a - b + c") == "a b c")
    #expect(canonical("NOT") == "")
    #expect(canonical("*") == "")
    #expect(canonical("title: x") == "x")
  }

  @Test func strictErrorsNameTheColumn() {
    func message(_ text: String) -> String {
      do {
        _ = try strict.parse(text)
        return "no error"
      } catch let error as SeekError {
        #expect(error.kind == .invalidQuery)
        return error.message
      } catch {
        return "other error"
      }
    }
    #expect(message("a \"open").contains("column 3"))
    #expect(message("(a b").contains("column 1"))
    #expect(message("a b)").contains("column 4"))
    #expect(message("a AND").contains("column 3"))
    #expect(message("OR a").contains("column 1"))
    #expect(message("title: x").contains("column 1"))
    // Columns count characters, not bytes: 中文 and é are one column each.
    #expect(message("中文 é OR").contains("column 6"))
    #expect(message("ok") == "no error")
    #expect(message("") == "no error")
  }

  @Test func deepNestingDoesNotOverflow() throws {
    let depth = 100_000
    let open = String(repeating: "(", count: depth) + "a b"
    #expect(try lenient.parse(open).description.contains("a"))
    let balanced = open + String(repeating: ")", count: depth)
    let query = try lenient.parse(balanced)
    #expect(query.description.contains("a b"))
    #expect(throws: SeekError.self) { try strict.parse(balanced) }
    let nots = String(repeating: "NOT ", count: depth) + "x"
    #expect(try lenient.parse(nots) == .term(TermQuery("x")))
    let mixed = String(repeating: "-(+", count: 50_000) + "x"
    _ = try lenient.parse(mixed).description
    // Within the limit, nesting is kept.
    let fine = String(repeating: "(", count: 100) + "a b" + String(repeating: ")", count: 100)
    #expect(try strict.parse(fine) == .boolean(BooleanQuery(should: [.term(TermQuery("a")), .term(TermQuery("b"))])))
  }

  @Test func documentedExamplesParseStrictly() throws {
    #expect(
      try strict.parse("deepseek AND (chips OR wafers~) lang:en -nvidia").description
        == "+deepseek +(chips wafers~1) lang:en -nvidia")
    let examples = [
      "\"export controls\" chips", "title:deepseek date:2025-01..", "person:\"Xi Jinping\" org:Huawei -\"trade war\"",
      "path:docs/** (install OR setup) linux", "semicondutor~", "a OR b AND NOT c", "path:\"My Notes/*.md\"",
      "title:(chips OR wafers)", "date:..2023", "entity:\"Xi Jinping\"", "org:Hua*", "芯片出口",
    ]
    for example in examples {
      let query = try strict.parse(example)
      #expect(query != .matchNone, "\(example)")
      #expect(try strict.parse(query.description) == query, "\(example) -> \(query)")
    }
    #expect(canonical("a OR b AND NOT c") == "a (+b -c)")
  }
}
