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
  private let state = State()

  /// The merge's outcome, shared with its thread. The thread holds only this: the inputs are released before it
  /// reports, and the output's file references belong to the merge object, so once ``wait()`` returns and the
  /// writer drops the merge, nothing of it keeps a file referenced (a writer closing at once can remove them).
  private final class State: @unchecked Sendable {
    let condition = NSCondition()
    var outcome: Result<Output, SeekError>?
  }

  /// Starts merging `inputs` into segment `name`.
  init(inputs: [SegmentMerger.Input], directory: String, name: String, sync: Bool) {
    self.name = name
    startDeletions = inputs.map { $0.deletions ?? DeletionBitmap(maxDoc: $0.core.maxDoc) }
    references = FileReferences(SegmentFiles.all(name, deletionGeneration: 0).map { directory + "/" + $0 })
    let state = self.state
    // The thread takes the inputs out of this box, so that they go when the merge returns, not with the thread.
    let box = InputBox(inputs)
    let thread = Thread {
      let result = Self.run(box.take(), directory: directory, name: name, sync: sync)
      state.condition.lock()
      state.outcome = result
      state.condition.broadcast()
      state.condition.unlock()
    }
    thread.name = "seek-merge-\(name)"
    thread.start()
  }

  /// Holds the inputs until the merge thread takes them.
  private final class InputBox: @unchecked Sendable {
    private var inputs: [SegmentMerger.Input]?
    init(_ inputs: [SegmentMerger.Input]) { self.inputs = inputs }
    /// The inputs, once; the box keeps nothing.
    func take() -> [SegmentMerger.Input] {
      defer { inputs = nil }
      return inputs ?? []
    }
  }

  /// Runs the merge; the inputs are released when it returns.
  private static func run(
    _ inputs: consuming [SegmentMerger.Input], directory: String, name: String, sync: Bool
  ) -> Result<Output, SeekError> {
    do {
      let (maxDoc, maps) = try SegmentMerger.mergeWithDocMaps(inputs, directory: directory, name: name, sync: sync)
      return .success(Output(maxDoc: maxDoc, docMaps: maps))
    } catch let e as SeekError {
      return .failure(e)
    } catch {
      return .failure(SeekError(.other, "merge into \(name) failed: \(error)"))
    }
  }

  /// Whether the merge has finished (successfully or not).
  var isFinished: Bool {
    state.condition.lock()
    defer { state.condition.unlock() }
    return state.outcome != nil
  }

  /// Waits for the merge to finish.
  /// - Returns: its output, or the error that stopped it.
  func wait() -> Result<Output, SeekError> {
    state.condition.lock()
    defer { state.condition.unlock() }
    while state.outcome == nil { state.condition.wait() }
    return state.outcome!
  }
}
