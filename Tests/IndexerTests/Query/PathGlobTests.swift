import Indexer
import Testing

@Suite struct PathGlobTests {
  @Test func globs() {
    #expect(PathGlob("*.md").matches("/home/a/notes/x.md"))
    #expect(!PathGlob("*.md").matches("/home/a/notes/x.mdx"))
    #expect(PathGlob("docs/**").matches("/repo/docs/a/b.txt"))
    #expect(!PathGlob("docs/**").matches("/repo/mydocs/a.txt"))
    #expect(PathGlob("docs/*.txt").matches("/repo/docs/a.txt"))
    #expect(!PathGlob("docs/*.txt").matches("/repo/docs/sub/a.txt"))
    #expect(PathGlob("**/*.txt").matches("/repo/docs/sub/a.txt"))
    #expect(PathGlob("/repo/**").matches("/repo/x/y"))
    #expect(!PathGlob("/repo/**").matches("/other/repo/x"))
    #expect(PathGlob("r?port.html").matches("/x/rèport.html"))
    #expect(PathGlob("报告*.txt").matches("/数据/报告2024.txt"))
    #expect(!PathGlob("a*b*c*d*e*f").matches("/" + String(repeating: "a", count: 3000)))
  }

  @Test func leavesAndDescriptionsForExplain() throws {
    let query = try QueryParser().parse("+chips \"export controls\" -huawei title:nvidia~ lang:en")
    #expect(query.positiveTextLeaves().map(\.description) == ["chips", "\"export controls\"", "title:nvidia~1"])
    #expect(query.description == "+chips lang:en \"export controls\" title:nvidia~1 -huawei")
  }

  @Test func filterReferenceSemantics() throws {
    func passes(_ text: String) throws -> Bool {
      guard case .filter(let filter) = try QueryParser(strict: true).parse(text) else {
        Issue.record("not a filter: \(text)")
        return false
      }
      return filter.matches(
        path: "/repo/docs/guide.md", lang: "zh-CN", type: "markdown", date: "2024-12-09T10:00:00Z",
        entities: [(.person, "Xi Jinping"), (.org, "Huawei")])
    }
    #expect(try passes("path:*.md") && !(try passes("path:*.txt")))
    #expect(try passes("lang:zh") && passes("lang:zh-cn") && !(try passes("lang:z")))
    #expect(try passes("type:markdown") && !(try passes("type:html")))
    #expect(try passes("date:2024-12") && !(try passes("date:2025..")))
    #expect(try passes("person:\"xi jinping\"") && passes("entity:huawei") && passes("org:Hua*"))
    #expect(!(try passes("person:Huawei")))
  }
}
