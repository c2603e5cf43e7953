/// inotify event bits (from `<sys/inotify.h>`; spelled out because Swift imports the macros unevenly).
enum InotifyMask {
  static let closeWrite: UInt32 = 0x8
  static let movedFrom: UInt32 = 0x40
  static let movedTo: UInt32 = 0x80
  static let create: UInt32 = 0x100
  static let delete: UInt32 = 0x200
  static let deleteSelf: UInt32 = 0x400
  static let moveSelf: UInt32 = 0x800
  static let unmount: UInt32 = 0x2000
  static let queueOverflow: UInt32 = 0x4000
  static let ignored: UInt32 = 0x8000
  static let onlyDir: UInt32 = 0x0100_0000
  static let dontFollow: UInt32 = 0x0200_0000
  static let exclUnlink: UInt32 = 0x0400_0000
  static let isDir: UInt32 = 0x4000_0000

  /// What seekd watches on every directory.
  static let watched: UInt32 =
    closeWrite | movedFrom | movedTo | create | delete | deleteSelf | moveSelf | onlyDir | dontFollow | exclUnlink
}
