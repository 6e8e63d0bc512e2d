import Foundation
import Testing

/// SIGTERM while the server is busy (PRODUCT.md §2): a running job and a client in the middle of a
/// push query must not keep it from exiting 0 within 30 s.
@Suite("velo-sql server shutdown with a job and a query open", .enabled(if: Binaries.brokers != nil))
struct ShutdownTests {
    @Test("SIGTERM with a running job and an open push query: exit 0 within 30 s; the query ends with the server's reason", .timeLimit(.minutes(2)))
    func sigtermWhileQuerying() async throws {
        let server = try await ServerProcess(brokers: try #require(Binaries.brokers))
        do {
            try await sigterm(server)
        } catch {
            _ = await server.stop()
            throw error
        }
    }

    private func sigterm(_ server: ServerProcess) async throws {
        try await KafkaData.with { kafka in
            let input = kafka.topic("shutdown-in"), output = kafka.topic("shutdown-out")
            try await kafka.produce(input, ids: 0..<600)
            let file = try CLI.writeTemporaryFile("orders.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            try #require(deploy.status == 0, "\(deploy)")
            try await server.waitForJob(kafka.name("big_orders")) { $0.state == "running" && $0.recordsIn >= 600 }

            // A query that would run for two minutes: only the server's shutdown can end it in time.
            async let query = CLI.run(["query", "SELECT id FROM `\(input)` WHERE id > 100000", "--timeout", "120"], against: server)
            try await Task.sleep(for: .seconds(3))
            let exit = await server.stop(timeout: .seconds(30))
            #expect(exit.status == 0 && !exit.signalled, "exit \(exit.status) (signalled: \(exit.signalled)) after \(exit.elapsed); log:\n\(server.log)")
            #expect(exit.elapsed < .seconds(30), "\(exit.elapsed)")

            let result = try await query
            #expect(!result.timedOut, "\(result)")
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "error: the query failed: the server is shutting down\n", "the reason: \(result)")
            #expect(result.stdoutLines.last == "0 rows", "\(result)")
        }
    }
}
