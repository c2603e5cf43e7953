/// Separates an article's main text from page chrome, readability-style.
///
/// Paragraph-like blocks score their ancestors (commas, length); candidates start from a tag base and class/id
/// hints and are discounted by link density; the best candidate plus qualifying siblings is the article, which is
/// then cleaned of remaining link lists, share bars and forms. When the result is short, the selection is retried
/// with fewer filters. Every visible run that is not selected is boilerplate.
struct MainContentSelector {
  /// Which filters are on (turned off one by one when the result is too short).
  struct Filters {
    var stripUnlikely = true
    var weightClasses = true
    var cleanConditionally = true
  }

  let page: HTMLPage
  let count: Int

  // Tuned on the 181-page article-extraction set (F1 0.977); each was varied and kept at a flat optimum.
  /// Below this many body bytes the selection is retried with fewer filters (readability uses 500 characters;
  /// lower keeps short articles from being replaced by comment threads).
  static let retryLength = 250
  /// A list inside the article with more link text than this is a link list (related stories, tags).
  static let listLinkDensity = 0.5
  /// A paragraph or list item shorter than this (bytes) and more link text than `shortLinkDensity` is a link.
  static let shortLinkLength = 200
  static let shortLinkDensity = 0.8
  /// At most this many climbs to an ancestor holding `climbRatio` times the paragraph text, at most
  /// `climbLinkDensity` links.
  static let maxClimbs = 3
  static let climbRatio = 1.3
  static let climbLinkDensity = 0.3
  /// An element with more than this share of the page's text is never removed as chrome.
  static let wrapperShare = 0.5
  /// Per element: number of element children (for the single-child walk-up).
  var childCounts: [Int32]
  /// Prefix counts over elements of `p`, `img`, `li`, `input`/`button`, headings.
  var pPrefix: [Int32], imgPrefix: [Int32], liPrefix: [Int32], inputPrefix: [Int32]
  /// Per run: commas.
  var runCommas: [Int32]
  /// Prefix sums of run lengths over all runs.
  var allTextPrefix: [Int]
  /// The page title, lowercased (headings repeating it are dropped from the body).
  let titleKey: String

  /// Prepares the selector for a page.
  init(page: HTMLPage) {
    self.page = page
    count = page.tags.count
    childCounts = [Int32](repeating: 0, count: count)
    pPrefix = [Int32](repeating: 0, count: count + 1)
    imgPrefix = pPrefix
    liPrefix = pPrefix
    inputPrefix = pPrefix
    for e in 0..<count {
      let p = Int(page.parents[e])
      if p >= 0 { childCounts[p] += 1 }
      let tag = page.tags[e]
      pPrefix[e + 1] = pPrefix[e] + (tag == .p ? 1 : 0)
      imgPrefix[e + 1] = imgPrefix[e] + (tag == .img ? 1 : 0)
      liPrefix[e + 1] = liPrefix[e] + (tag == .li ? 1 : 0)
      inputPrefix[e + 1] = inputPrefix[e] + (tag == .input || tag == .button ? 1 : 0)
    }
    titleKey = page.metadata.resolvedTitle.lowercased()
    allTextPrefix = [Int](repeating: 0, count: page.runs.count + 1)
    for r in 0..<page.runs.count { allTextPrefix[r + 1] = allTextPrefix[r] + Int(page.runs[r].count) }
    runCommas = page.runs.map { run in
      let b = UnsafeBufferPointer(start: run.base, count: Int(run.count))
      if let c = Self.asciiCommas(b) { return c }
      var c: Int32 = 0
      var i = 0
      while i < b.count {
        let x = b[i]
        if x == 0x2C {
          c += 1
        } else if x == 0xEF, i + 2 < b.count, b[i + 1] == 0xBC, b[i + 2] == 0x8C {
          c += 1  // U+FF0C fullwidth comma
        } else if x == 0xE3, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x81 {
          c += 1  // U+3001 ideographic comma
        }
        i += 1
      }
      return c
    }
  }

  /// The commas of an ASCII run, eight bytes at a time (exact per-byte tests on words); nil when the run has
  /// non-ASCII bytes (then fullwidth and ideographic commas count too).
  static func asciiCommas(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
    guard let p = b.baseAddress else { return 0 }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    let low7 = ones &* 0x7F
    let commas = ones &* 0x2C
    var c = 0
    var seen: UInt64 = 0
    var i = 0
    while i + 8 <= b.count {
      let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      let x = w ^ commas
      c &+= (~(((x & low7) &+ low7) | x) & high).nonzeroBitCount
      seen |= w
      i += 8
    }
    while i < b.count {
      c &+= p[i] == 0x2C ? 1 : 0
      seen |= UInt64(p[i])
      i += 1
    }
    return seen & high == 0 ? Int32(truncatingIfNeeded: c) : nil
  }

  /// Chooses the runs of the main content.
  /// - Returns: one flag per run of the page: true when it belongs to the body.
  func select() -> [Bool] {
    var best: [Bool] = []
    var bestLength = -1
    let attempts: [Filters] = [
      Filters(),
      Filters(stripUnlikely: false, weightClasses: true, cleanConditionally: true),
      Filters(stripUnlikely: false, weightClasses: false, cleanConditionally: true),
      Filters(stripUnlikely: false, weightClasses: false, cleanConditionally: false),
    ]
    for filters in attempts {
      let chosen = select(filters)
      var length = 0
      for (r, on) in chosen.enumerated() where on { length += Int(page.runs[r].count) }
      if length >= Self.retryLength { return chosen }
      if length > bestLength {
        best = chosen
        bestLength = length
      }
    }
    return best
  }

  /// One selection pass with the given filters.
  func select(_ filters: Filters) -> [Bool] {
    let tags = page.tags
    let parents = page.parents
    // 1. Elements removed before scoring (chrome), inherited by descendants.
    var dead = [Bool](repeating: false, count: count)
    let wrapperLength = Int(Double(allTextPrefix[page.runs.count]) * Self.wrapperShare)
    for e in 0..<count {
      let p = Int(parents[e])
      if p >= 0, dead[p] {
        dead[e] = true
        continue
      }
      // An element holding most of the page's text is a wrapper, whatever its name says.
      if allTextPrefix[Int(page.runEnds[e])] - allTextPrefix[Int(page.runStarts[e])] > wrapperLength { continue }
      let tag = tags[e]
      switch tag {
      case .nav, .aside, .footer, .menu, .dialog, .button:
        dead[e] = true
        continue
      case .header:
        if filters.stripUnlikely { dead[e] = true }
        continue
      case .body, .html, .article, .main, .a:
        continue
      default: break
      }
      if filters.stripUnlikely, !page.flags[e].contains(.articleBodyProp),
        page.flags[e].contains(.unlikely) || page.flags[e].contains(.chromeRole)
      {
        dead[e] = true
      }
    }
    // Live text and link prefix sums.
    let runCount = page.runs.count
    var textPrefix = [Int](repeating: 0, count: runCount + 1)
    var linkPrefix = textPrefix
    var commaPrefix = textPrefix
    for r in 0..<runCount {
      let run = page.runs[r]
      let live = run.owner < 0 || !dead[Int(run.owner)]
      let n = live ? Int(run.count) : 0
      textPrefix[r + 1] = textPrefix[r] + n
      linkPrefix[r + 1] = linkPrefix[r] + (run.inLink ? n : 0)
      commaPrefix[r + 1] = commaPrefix[r] + (live ? Int(runCommas[r]) : 0)
    }
    func textLength(_ e: Int) -> Int { textPrefix[Int(page.runEnds[e])] - textPrefix[Int(page.runStarts[e])] }
    func linkDensity(_ e: Int) -> Double {
      let t = textLength(e)
      return t == 0 ? 0 : Double(linkPrefix[Int(page.runEnds[e])] - linkPrefix[Int(page.runStarts[e])]) / Double(t)
    }
    func commas(_ e: Int) -> Int { commaPrefix[Int(page.runEnds[e])] - commaPrefix[Int(page.runStarts[e])] }

    // 2. Paragraph groups: text runs grouped by their nearest block.
    var groupLength = [Int32](repeating: 0, count: count)
    var groupCommas = [Int32](repeating: 0, count: count)
    var groupLinks = [Int32](repeating: 0, count: count)
    for r in 0..<runCount {
      let run = page.runs[r]
      let b = Int(run.block)
      guard b >= 0, run.owner < 0 || !dead[Int(run.owner)] else { continue }
      groupLength[b] += run.count
      groupCommas[b] += runCommas[r]
      if run.inLink { groupLinks[b] += run.count }
    }
    // Paragraph mass: text of real paragraphs (long, few links), prefix-summed over elements.
    var massPrefix = [Int](repeating: 0, count: count + 1)
    for b in 0..<count {
      let isParagraph =
        tags[b] == .p && !dead[b] && groupLength[b] >= 80 && groupLinks[b] * 10 < groupLength[b] * 3
      massPrefix[b + 1] = massPrefix[b] + (isParagraph ? Int(groupLength[b]) : 0)
    }
    func mass(_ e: Int) -> Int { massPrefix[Int(page.ends[e])] - massPrefix[e] }
    var scores = [Double](repeating: 0, count: count)
    var scored = [Bool](repeating: false, count: count)
    func initialize(_ e: Int) {
      guard !scored[e] else { return }
      scored[e] = true
      var s: Double
      switch tags[e] {
      case .div, .article, .main, .section: s = 5
      case .pre, .td, .blockquote: s = 3
      case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: s = -3
      case .h1, .h2, .h3, .h4, .h5, .h6, .th: s = -5
      default: s = 0
      }
      if filters.weightClasses {
        s += Double(page.weights[e])
        if page.flags[e].contains(.articleBodyProp) { s += 25 }
      }
      scores[e] = s
    }
    for b in 0..<count where groupLength[b] >= 25 && !dead[b] {
      var level0: Int
      switch tags[b] {
      case .p, .td, .pre, .h2, .h3, .h4, .h5, .h6:
        level0 = Int(parents[b])
      case .div, .section, .article, .main:
        level0 = page.flags[b].contains(.hasBlockChild) ? b : Int(parents[b])
      default:
        continue
      }
      let score = 1 + Double(groupCommas[b]) + min(Double(groupLength[b] / 100), 3)
      var a = level0
      var level = 0
      while a >= 0, level < 5 {
        if tags[a] == .html { break }
        initialize(a)
        let divider: Double = level == 0 ? 1 : (level == 1 ? 2 : Double(level * 3))
        scores[a] += score / divider
        a = Int(parents[a])
        level += 1
      }
    }
    // 3. Final scores: discounted by link density.
    var top = -1
    var topScores: [(Int, Double)] = []
    for e in 0..<count where scored[e] {
      scores[e] *= 1 - linkDensity(e)
      topScores.append((e, scores[e]))
    }
    topScores.sort { $0.1 > $1.1 }
    if topScores.count > 5 { topScores.removeLast(topScores.count - 5) }
    if let first = topScores.first { top = first.0 }

    var chosen: [Int] = []
    if top < 0 || tags[top] == .body {
      if let body = tags.firstIndex(of: .body) {
        chosen = [body]
      } else {
        chosen = Array(0..<count).filter { parents[$0] < 0 }
      }
    } else {
      top = refine(top: top, topScores: topScores, scores: scores, scored: scored, dead: dead)
      // Climb to an ancestor that holds clearly more paragraph text (an article split around figures or ads).
      var climbs = 0
      while climbs < Self.maxClimbs {
        let a = Int(parents[top])
        guard a >= 0, tags[a] != .body, tags[a] != .html, !dead[a] else { break }
        let mTop = mass(top)
        guard mTop > 0, Double(mass(a)) >= Double(mTop) * Self.climbRatio, linkDensity(a) < Self.climbLinkDensity
        else { break }
        top = a
        climbs += 1
      }
      if !scored[top] { scores[top] = 0 }
      let topScore = scores[top]
      let parent = Int(parents[top])
      if parent < 0 {
        chosen = [top]
      } else {
        let threshold = max(10, topScore * 0.2)
        var c = parent + 1
        while c < Int(page.ends[parent]) {
          defer { c = Int(page.ends[c]) }
          if dead[c] { continue }
          if c == top {
            chosen.append(c)
            continue
          }
          var bonus = 0.0
          if page.classHashes[c] != 0, page.classHashes[c] == page.classHashes[top] { bonus += topScore * 0.2 }
          if scored[c], scores[c] + bonus >= threshold {
            chosen.append(c)
          } else if tags[c] == .p {
            let ld = linkDensity(c)
            let len = textLength(c)
            if len > 80, ld < 0.25 {
              chosen.append(c)
            } else if len < 80, len > 0, ld == 0, endsSentence(c) {
              chosen.append(c)
            }
          }
        }
      }
    }

    // 4. Clean inside the chosen subtrees.
    var removed = dead
    if filters.cleanConditionally {
      for root in chosen {
        var e = root + 1
        while e < Int(page.ends[root]) {
          if removed[e] {
            e = Int(page.ends[e])
            continue
          }
          if shouldClean(e, filters: filters, textLength: textLength, linkDensity: linkDensity, commas: commas) {
            removed[e] = true
            e = Int(page.ends[e])
            continue
          }
          e += 1
        }
      }
    }
    // Descendants of removed elements are removed.
    for e in 0..<count {
      let p = Int(parents[e])
      if p >= 0, removed[p] { removed[e] = true }
    }
    var selected = [Bool](repeating: false, count: runCount)
    for root in chosen {
      for r in Int(page.runStarts[root])..<Int(page.runEnds[root]) {
        let owner = Int(page.runs[r].owner)
        if owner < 0 || !removed[owner] { selected[r] = true }
      }
    }
    return selected
  }

  /// Readability's moves from the best-scoring element to a better container.
  private func refine(top start: Int, topScores: [(Int, Double)], scores: [Double], scored: [Bool], dead: [Bool])
    -> Int
  {
    let tags = page.tags
    let parents = page.parents
    var top = start
    // Several near-best candidates sharing an ancestor: take the ancestor.
    var alternatives: [Set<Int>] = []
    for (e, s) in topScores.dropFirst() where scores[top] > 0 && s / scores[top] >= 0.75 {
      var set = Set<Int>()
      var a = Int(parents[e])
      while a >= 0 {
        set.insert(a)
        a = Int(parents[a])
      }
      alternatives.append(set)
    }
    if alternatives.count >= 3 {
      var p = Int(parents[top])
      while p >= 0, tags[p] != .body {
        if alternatives.filter({ $0.contains(p) }).count >= 3 {
          top = p
          break
        }
        p = Int(parents[p])
      }
    }
    // Climb while the parent scores higher.
    var lastScore = scores[top]
    let threshold = lastScore / 3
    var p = Int(parents[top])
    while p >= 0, tags[p] != .body {
      if !scored[p] {
        p = Int(parents[p])
        continue
      }
      if scores[p] < threshold { break }
      if scores[p] > lastScore {
        top = p
        break
      }
      lastScore = scores[p]
      p = Int(parents[p])
    }
    // Climb through only children.
    p = Int(parents[top])
    while p >= 0, tags[p] != .body, liveChildren(p, dead: dead) == 1 {
      top = p
      p = Int(parents[p])
    }
    return top
  }

  private func liveChildren(_ e: Int, dead: [Bool]) -> Int {
    var n = 0
    var c = e + 1
    while c < Int(page.ends[e]) {
      if !dead[c] { n += 1 }
      c = Int(page.ends[c])
    }
    return n
  }
}
