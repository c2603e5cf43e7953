import TestSupport
import Testing

@testable import Indexer

/// Creating the index folder and its missing parents, and the error when that is impossible.
@Suite struct IndexDirectoryCreationTests {
  @Test func createsMissingParents() throws {
    let root = Fixtures.temporaryDirectory("seek-mkdir")
    defer { Fixtures.removeTree(root) }
    try IndexDirectory.createDirectory(root + "/a/b/c")
    #expect(IndexDirectory.exists(root + "/a/b/c"))
  }

  @Test func errorNamesThePathAsGiven() throws {
    let root = Fixtures.temporaryDirectory("seek-mkdir")
    defer { Fixtures.removeTree(root) }
    Fixtures.write(root + "/file", "not a folder")
    // A component under a regular file cannot be made (even by root): the message names it once, with one slash.
    let error = try #require(throws: SeekError.self) { try IndexWriter(directory: root + "/file/index") }
    #expect(error.message.contains(root + "/file/index"), "\(error.message)")
    #expect(!error.message.contains("//"), "\(error.message)")
  }
}
