import Testing

/// `velo-cli` against one live `velo-sql server` process on the real broker (the `.liveServer`
/// trait starts it and checks that SIGTERM stops it with exit 0). The tests are in extensions, one
/// concept per file; each uses topics, streams and jobs named with a suffix of its own.
@Suite("velo-cli against a live velo-sql server", .enabled(if: Binaries.brokers != nil), .liveServer)
struct LiveServerTests {}
