/// Documents matching any of the clauses; the score is the sum of the matching clauses' scores.
final class DisjunctionIterator: DocIterator {
  private let subs: [DocIterator]
  private(set) var doc: UInt32 = 0
  private var started = false

  init(_ subs: [DocIterator]) { self.subs = subs }

  var cost: Int { subs.reduce(0) { $0 + $1.cost } }

  private func settle() -> UInt32 {
    var m = DocIterators.end
    for s in subs where s.doc < m { m = s.doc }
    doc = m
    return m
  }

  func nextDoc() -> UInt32 {
    if !started {
      started = true
      for s in subs { _ = s.nextDoc() }
      return settle()
    }
    let current = doc
    if current == DocIterators.end { return current }
    for s in subs where s.doc == current { _ = s.nextDoc() }
    return settle()
  }

  func advance(to target: UInt32) -> UInt32 {
    if !started {
      started = true
      for s in subs { _ = s.advance(to: target) }
      return settle()
    }
    for s in subs where s.doc < target { _ = s.advance(to: target) }
    return settle()
  }

  func score() -> Float {
    var total: Float = 0
    for s in subs where s.doc == doc { total += s.score() }
    return total
  }

  func matchCount() -> Int {
    var n = 0
    for s in subs where s.doc == doc { n += s.matchCount() }
    return n
  }
}

/// Documents matching every clause (leapfrog on the cheapest); the score is the sum.
final class ConjunctionIterator: DocIterator {
  private let subs: [DocIterator]
  private(set) var doc: UInt32 = 0

  private var started: [Bool]

  init(_ subs: [DocIterator]) {
    self.subs = subs.sorted { $0.cost < $1.cost }
    started = Array(repeating: false, count: subs.count)
  }

  var cost: Int { subs.first?.cost ?? 0 }

  private func align(_ candidate: UInt32) -> UInt32 {
    var target = candidate
    outer: while target != DocIterators.end {
      for i in 1..<subs.count {
        let s = subs[i]
        let d: UInt32
        if !started[i] || s.doc < target {
          started[i] = true
          d = s.advance(to: target)
        } else {
          d = s.doc
        }
        if d > target {
          target = subs[0].advance(to: d)
          continue outer
        }
      }
      break
    }
    doc = target
    return target
  }

  func nextDoc() -> UInt32 { align(subs[0].nextDoc()) }
  func advance(to target: UInt32) -> UInt32 { align(subs[0].advance(to: target)) }

  func score() -> Float { subs.reduce(0) { $0 + $1.score() } }
  func matchCount() -> Int { subs.reduce(0) { $0 + $1.matchCount() } }
}

/// Documents of `required` (scored by it plus any optional clauses that also match).
final class RequiredOptionalIterator: DocIterator {
  private let required: DocIterator
  private let optional: DocIterator
  private(set) var doc: UInt32 = 0

  init(required: DocIterator, optional: DocIterator) {
    self.required = required
    self.optional = optional
  }

  var cost: Int { required.cost }

  func nextDoc() -> UInt32 {
    doc = required.nextDoc()
    return doc
  }

  func advance(to target: UInt32) -> UInt32 {
    doc = required.advance(to: target)
    return doc
  }

  private var optionalStarted = false

  private func optionalMatches() -> Bool {
    if !optionalStarted || optional.doc < doc {
      optionalStarted = true
      _ = optional.advance(to: doc)
    }
    return optional.doc == doc
  }

  func score() -> Float {
    var s = required.score()
    if optionalMatches() { s += optional.score() }
    return s
  }

  func matchCount() -> Int {
    required.matchCount() + (optionalMatches() ? optional.matchCount() : 0)
  }
}

/// Documents of `main` that no excluded clause matches.
final class ExclusionIterator: DocIterator {
  private let main: DocIterator
  private let excluded: DocIterator
  private var excludedStarted = false
  private(set) var doc: UInt32 = 0

  init(main: DocIterator, excluded: DocIterator) {
    self.main = main
    self.excluded = excluded
  }

  var cost: Int { main.cost }

  private func skipExcluded(_ candidate: UInt32) -> UInt32 {
    var d = candidate
    while d != DocIterators.end {
      if !excludedStarted || excluded.doc < d {
        excludedStarted = true
        _ = excluded.advance(to: d)
      }
      if excluded.doc != d { break }
      d = main.nextDoc()
    }
    doc = d
    return d
  }

  func nextDoc() -> UInt32 { skipExcluded(main.nextDoc()) }
  func advance(to target: UInt32) -> UInt32 { skipExcluded(main.advance(to: target)) }
  func score() -> Float { main.score() }
  func matchCount() -> Int { main.matchCount() }
}
