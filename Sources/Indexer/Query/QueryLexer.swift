/// The field names the query language knows (`title:`, `path:`, `person:` ...).
enum QueryFieldName: String, CaseIterable, Sendable {
  case title, body, headings, path, lang, type, date, person, org, loc, misc, entity

  /// The text field for word and phrase fields.
  var textField: TextField? {
    switch self {
    case .title: .title
    case .body: .body
    case .headings: .headings
    default: nil
    }
  }

  /// The entity type for entity fields (`entity:` is any type).
  var entityType: EntityType? {
    switch self {
    case .person: .person
    case .org: .org
    case .loc: .loc
    case .misc: .misc
    default: nil
    }
  }

  var isEntity: Bool { self == .entity || entityType != nil }
}

/// One token of a query string.
struct QueryToken: Sendable {
  enum Kind: Sendable, Equatable {
    /// A run of characters other than whitespace, quotes and parentheses (operators and `field:` removed).
    case word(String)
    /// Quoted text; `closed` is false when the closing quote was missing. `slop` from a following `~N`;
    /// `star` when a `*` follows the closing quote.
    case quoted(String, closed: Bool, slop: Int?, star: Bool)
    case openParen
    case closeParen
    /// `+` directly before a word, quote or parenthesis.
    case plus
    /// `-` directly before a word, quote or parenthesis.
    case minus
    case and
    case or
    case not
    /// `name:` at the start of a word.
    case field(QueryFieldName)
  }

  var kind: Kind
  /// Index of the first Unicode scalar in the query (for error columns).
  var scalarOffset: Int
  /// No whitespace between the previous token and this one.
  var adjacent: Bool
}

/// Splits a query string into tokens. Never fails: every input yields some token list in linear time.
struct QueryLexer {
  /// Largest slop accepted after a phrase (`"a b"~N`); bigger values are clamped.
  static let maxSlop = 1000

  private let scalars: [Unicode.Scalar]
  private var index = 0
  private(set) var tokens: [QueryToken] = []
  private var sawSpace = true

  init(_ text: String) {
    self.scalars = Array(text.unicodeScalars)
  }

  static func tokenize(_ text: String) -> [QueryToken] {
    var lexer = QueryLexer(text)
    lexer.run()
    return lexer.tokens
  }

  static func isSpace(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 { return s == " " || s == "\t" || s == "\n" || s == "\r" || s.value == 0x0B || s.value == 0x0C }
    return s.properties.isWhitespace
  }

  private static func endsWord(_ s: Unicode.Scalar) -> Bool {
    s == "\"" || s == "(" || s == ")" || isSpace(s)
  }

  private mutating func emit(_ kind: QueryToken.Kind, at offset: Int) {
    tokens.append(QueryToken(kind: kind, scalarOffset: offset, adjacent: !sawSpace && !tokens.isEmpty))
    sawSpace = false
  }

  private mutating func run() {
    while index < scalars.count {
      let s = scalars[index]
      if Self.isSpace(s) {
        sawSpace = true
        index += 1
      } else if s == "(" {
        emit(.openParen, at: index)
        index += 1
      } else if s == ")" {
        emit(.closeParen, at: index)
        index += 1
      } else if s == "\"" {
        lexQuoted()
      } else {
        lexChunk()
      }
    }
  }

  private mutating func lexQuoted() {
    let start = index
    index += 1
    var closed = false
    let textStart = index
    var textEnd = scalars.count
    while index < scalars.count {
      let s = scalars[index]
      index += 1
      if s == "\"" {
        closed = true
        textEnd = index - 1
        break
      }
    }
    let text = Self.string(scalars[textStart..<textEnd])
    var slop: Int? = nil
    var star = false
    if closed && index < scalars.count && scalars[index] == "~" {
      index += 1
      var value = 0
      while index < scalars.count, let digit = Self.digit(scalars[index]) {
        value = min(value * 10 + digit, Self.maxSlop)
        index += 1
      }
      slop = value
    } else if closed && index < scalars.count && scalars[index] == "*" {
      star = true
      index += 1
    }
    emit(.quoted(text, closed: closed, slop: slop, star: star), at: start)
  }

  /// A string from scalars, through UTF-8 (much faster than appending to a `UnicodeScalarView`).
  static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count)
    for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func digit(_ s: Unicode.Scalar) -> Int? {
    s.value >= 0x30 && s.value <= 0x39 ? Int(s.value - 0x30) : nil
  }

  /// A run up to whitespace, a quote or a parenthesis: leading `+`/`-`, keywords, `field:`, then the word.
  private mutating func lexChunk() {
    var start = index
    // Leading modifiers.
    while index < scalars.count && (scalars[index] == "+" || scalars[index] == "-") {
      emit(scalars[index] == "+" ? .plus : .minus, at: index)
      index += 1
    }
    var end = index
    while end < scalars.count && !Self.endsWord(scalars[end]) { end += 1 }
    if end == index { return }
    let hadModifiers = index > start
    start = index
    let word = Self.string(scalars[index..<end])
    if !hadModifiers {
      switch word {
      case "AND":
        emit(.and, at: start)
        index = end
        return
      case "OR":
        emit(.or, at: start)
        index = end
        return
      case "NOT":
        emit(.not, at: start)
        index = end
        return
      default: break
      }
    }
    // `field:` prefix, case-insensitive, only for known names.
    var colon = index
    while colon < end && scalars[colon] != ":" { colon += 1 }
    if colon < end && colon > index {
      let name = Self.string(scalars[index..<colon]).lowercased()
      if let field = QueryFieldName(rawValue: name) {
        emit(.field(field), at: start)
        index = colon + 1
        if index < end { emit(.word(Self.string(scalars[index..<end])), at: index) }
        index = end
        return
      }
    }
    emit(.word(word), at: start)
    index = end
  }
}
