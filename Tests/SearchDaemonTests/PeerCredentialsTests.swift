import Testing

@testable import SearchDaemon

#if canImport(Glibc)
  import Glibc
#endif

/// `SO_PEERCRED` reads the peer's uid and pid (the daemon refuses peers whose uid differs from its own).
@Suite struct PeerCredentialsTests {
  @Test func socketPairPeerIsThisProcess() throws {
    var fds: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
    defer {
      close(fds[0])
      close(fds[1])
    }
    let peer = try #require(PeerCredentials.of(fds[0]))
    #expect(peer.uid == getuid())
    #expect(peer.pid == getpid())
  }
}
