/// The cleaning half of ``MainContentSelector``: which elements inside the chosen article are still chrome.
extension MainContentSelector {
  /// Readability's conditional cleaning of lists, tables, divs and forms inside the article.
  func shouldClean(
    _ e: Int, filters: Filters, textLength: (Int) -> Int, linkDensity: (Int) -> Double, commas: (Int) -> Int
  ) -> Bool {
    let tag = page.tags[e]
    let weight = filters.weightClasses ? Int(page.weights[e]) : 0
    switch tag {
    case .h1, .figcaption:
      return true
    case .h2, .h3:
      if weight < 0 { return true }
      // The article's title repeated above its text.
      let heading = page.text(of: e)
      return heading.utf8.count >= 10 && titleKey.contains(heading.lowercased())
    case .div, .section, .ul, .ol, .table, .fieldset, .dl, .form:
      break
    case .p, .li, .dd, .dt, .blockquote:
      if (weight < 0 || page.flags[e].contains(.unlikely)) && textLength(e) < 200 { return true }
      return textLength(e) < Self.shortLinkLength && linkDensity(e) > Self.shortLinkDensity
    default:
      return weight < 0 && textLength(e) < 200
    }
    if tag == .table, isDataTable(e) { return false }
    if weight < 0 { return true }
    if commas(e) >= 10 { return false }
    let end = Int(page.ends[e])
    let p = Int(pPrefix[end] - pPrefix[e + 1])
    let img = Int(imgPrefix[end] - imgPrefix[e + 1])
    let li = Int(liPrefix[end] - liPrefix[e + 1]) - 100
    let input = Int(inputPrefix[end] - inputPrefix[e + 1])
    let length = textLength(e)
    var isList = tag == .ul || tag == .ol
    if !isList, length > 0 {
      var listLength = 0
      var c = e + 1
      while c < end {
        if page.tags[c] == .ul || page.tags[c] == .ol {
          listLength += textLength(c)
          c = Int(page.ends[c])
        } else {
          c += 1
        }
      }
      isList = Double(listLength) / Double(length) > 0.9
    }
    let ld = linkDensity(e)
    let inFigure = hasAncestor(e, .figure)
    if img > 1, Double(p) / Double(img) < 0.5, !inFigure { return true }
    if !isList, li > p { return true }
    if input > p / 3 { return true }
    if !isList, length < 25, img == 0 || img > 2, !inFigure, headingLength(e) * 10 < length * 9 || length == 0 {
      return true
    }
    if !isList, weight < 25, ld > 0.2 { return true }
    if weight >= 25, ld > 0.5 { return true }
    if isList, ld > Self.listLinkDensity { return true }
    return false
  }

  func headingLength(_ e: Int) -> Int {
    var n = 0
    for r in Int(page.runStarts[e])..<Int(page.runEnds[e]) {
      let b = Int(page.runs[r].block)
      if b >= 0, page.tags[b].isHeading { n += Int(page.runs[r].count) }
    }
    return n
  }

  func hasAncestor(_ e: Int, _ tag: HTMLTag) -> Bool {
    var a = Int(page.parents[e])
    while a >= 0 {
      if page.tags[a] == tag { return true }
      a = Int(page.parents[a])
    }
    return false
  }

  /// A table with headers, a caption or many cells holds data, not layout.
  func isDataTable(_ e: Int) -> Bool {
    var cells = 0
    var c = e + 1
    while c < Int(page.ends[e]) {
      switch page.tags[c] {
      case .th, .caption: return true
      case .td: cells += 1
      case .table: return false
      default: break
      }
      c += 1
    }
    return cells >= 10
  }

  /// Whether the element's text has a sentence end (`. ` or a final `.`).
  func endsSentence(_ e: Int) -> Bool {
    for r in Int(page.runStarts[e])..<Int(page.runEnds[e]) {
      let run = page.runs[r]
      let b = UnsafeBufferPointer(start: run.base, count: Int(run.count))
      for i in 0..<b.count where b[i] == UInt8(ascii: ".") {
        if i + 1 == b.count || b[i + 1] == 0x20 { return true }
      }
    }
    return false
  }
}
