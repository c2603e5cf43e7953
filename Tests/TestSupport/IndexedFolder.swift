import Foundation
import Indexer

/// A folder of documents plus an index built from it, for tests that search.
public final class IndexedFolder {
  /// The root of everything (removed by ``cleanUp()``).
  public let root: String
  /// Where documents are written.
  public let documents: String
  /// The index directory.
  public let index: String

  /// Creates empty document and index folders.
  public init() {
    root = Fixtures.temporaryDirectory("seek-index")
    documents = root + "/docs"
    index = root + "/index"
    try? FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
  }

  /// Writes a document file (creating folders) and returns its absolute path.
  @discardableResult
  public func write(_ relativePath: String, _ text: String) -> String {
    let path = documents + "/" + relativePath
    let dir = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    Fixtures.write(path, text)
    return path
  }

  /// Indexes `paths` (default: the whole documents folder) and commits.
  /// - Returns: the run's report.
  @discardableResult
  public func update(_ paths: [String]? = nil, tagger: EntityTagging? = nil) throws -> IndexingReport {
    let writer = try IndexWriter(directory: index, options: IndexWriter.Options(sync: false))
    defer { writer.close() }
    let updater = IndexUpdater(writer: writer, tagger: tagger)
    let report = try updater.index(paths: paths ?? [documents])
    try writer.commit()
    return report
  }

  /// Merges the index into one segment and commits (for tests of blocks the merger writes).
  public func mergeIntoOneSegment() throws {
    let writer = try IndexWriter(directory: index, options: IndexWriter.Options(sync: false))
    defer { writer.close() }
    try writer.forceMerge(maxSegments: 1)
    try writer.commit()
  }

  /// A searcher on the last commit.
  public func searcher() throws -> Searcher { try Searcher(directory: index) }

  /// The ids of the hits for a query, best first.
  public func ids(_ query: String, limit: Int = 10) throws -> [String] {
    try searcher().search(SearchRequest(query: query, limit: limit, snippets: false, facetLimit: 0)).hits.map(\.id)
  }

  /// Removes everything.
  public func cleanUp() { Fixtures.removeTree(root) }
}
