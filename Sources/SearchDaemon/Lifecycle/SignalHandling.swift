import Foundation
import Indexer

#if canImport(Glibc)
  import Glibc
#endif

/// The write end of the signal pipe, read by the async-signal-safe handler (set once, before any signal can
/// arrive).
nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

/// Turns SIGTERM and SIGINT into a call on a dedicated thread (the handler itself only writes one byte to a pipe),
/// and ignores SIGPIPE so a client hanging up cannot kill the daemon.
enum SignalHandling {
  /// Installs the handlers; call it once, before the socket is created, so no signal is lost.
  /// - Parameter handler: receives the signal number, on the signal thread.
  /// - Throws: ``SeekError`` when the pipe cannot be created.
  static func install(_ handler: @escaping @Sendable (Int32) -> Void) throws {
    signal(SIGPIPE, SIG_IGN)
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { throw SeekError.io("pipe", path: "signal pipe", errno: errno) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
    signalPipeWriteFD = fds[1]
    let readFD = fds[0]
    let thread = Thread {
      var byte: UInt8 = 0
      while true {
        let n = read(readFD, &byte, 1)
        if n == 1 {
          handler(Int32(byte))
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
    thread.name = "seekd-signals"
    thread.start()
    // A parent may have started us with these signals blocked (the mask is inherited): unblock them.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGTERM)
    sigaddset(&unblock, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for sig in [SIGTERM, SIGINT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { sig in
        var byte = UInt8(truncatingIfNeeded: sig)
        let saved = errno
        _ = write(signalPipeWriteFD, &byte, 1)
        errno = saved
      }
      action.sa_flags = SA_RESTART
      sigemptyset(&action.sa_mask)
      sigaction(sig, &action, nil)
    }
  }
}
