import Foundation

/// One merge running on its own thread while the writer goes on adding and deleting; the writer applies the
/// result at a later flush or commit, carrying over deletions made meanwhile (through the merge's doc maps).
///
/// The merge reads only immutable segment cores and copies of the deletion bitmaps taken when it started. Its
/// output files are registered in ``FileReferenceRegistry`` from the start, so a commit's cleanup never removes
/// them while they are being written.
final class BackgroundMerge: @unchecked Sendable {
  /// What the merge produced.
  struct Output: Sendable {
    var maxDoc: Int
    var docMaps: [[Int32]]
  }

  /// The name of the segment being written.
  let name: String
  /// The deletions of each input when the merge started.
  let startDeletions: [DeletionBitmap]
  private let references: FileReferences
  private let condition = NSCondition()
  private var outcome: Result<Output, SeekError>?

  /// Starts merging `inputs` into segment `name`.
  init(inputs: [SegmentMerger.Input], directory: String, name: String, sync: Bool) {
    self.name = name
    startDeletions = inputs.map { $0.deletions ?? DeletionBitmap(maxDoc: $0.core.maxDoc) }
    references = FileReferences(SegmentFiles.all(name, deletionGeneration: 0).map { directory + "/" + $0 })
    let thread = Thread { [self] in
      let result: Result<Output, SeekError>
      do {
        let (maxDoc, maps) = try SegmentMerger.mergeWithDocMaps(inputs, directory: directory, name: name, sync: sync)
        result = .success(Output(maxDoc: maxDoc, docMaps: maps))
      } catch let e as SeekError {
        result = .failure(e)
      } catch {
        result = .failure(SeekError(.other, "merge into \(name) failed: \(error)"))
      }
      condition.lock()
      outcome = result
      condition.broadcast()
      condition.unlock()
    }
    thread.name = "seek-merge-\(name)"
    thread.start()
  }

  /// Whether the merge has finished (successfully or not).
  var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return outcome != nil
  }

  /// Waits for the merge to finish.
  /// - Returns: its output, or the error that stopped it.
  func wait() -> Result<Output, SeekError> {
    condition.lock()
    defer { condition.unlock() }
    while outcome == nil { condition.wait() }
    return outcome!
  }
}
