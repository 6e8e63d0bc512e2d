import Foundation
import Testing

/// One `velo-sql server` process for a whole suite: started before its first test, stopped with
/// SIGTERM after its last, when it must exit 0 within 30 s (else the suite records the failure).
/// Tests read it from `LiveServer.current`.
struct LiveServer: SuiteTrait, TestScoping {
    /// VELO_TOKEN for the server, when it should require a bearer token.
    var token: String?

    var isRecursive: Bool { false }

    @TaskLocal static var current: ServerProcess?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard let brokers = Binaries.brokers else { return try await function() }
        let server = try await ServerProcess(brokers: brokers, token: token)
        do {
            try await LiveServer.$current.withValue(server) { try await function() }
        } catch {
            _ = await server.stop()
            throw error
        }
        try await server.stopCleanly()
    }

    /// The suite's server; fails the test when there is none.
    static func server(sourceLocation: SourceLocation = #_sourceLocation) throws -> ServerProcess {
        try #require(current, "no server: the suite needs the .liveServer trait and KAFKA_BOOTSTRAP_SERVERS", sourceLocation: sourceLocation)
    }
}

extension Trait where Self == LiveServer {
    /// A `velo-sql server` for the suite, on the broker of KAFKA_BOOTSTRAP_SERVERS.
    static var liveServer: LiveServer { LiveServer() }

    /// A `velo-sql server` started with VELO_TOKEN=`token`.
    static func liveServer(token: String) -> LiveServer { LiveServer(token: token) }
}
