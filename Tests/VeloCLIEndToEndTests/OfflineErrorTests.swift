import Foundation
import Testing

/// Usage errors exit 2; an unreachable server exits 1 with one line naming the URL (no stack trace).
@Suite("velo-cli usage errors and unreachable servers (offline)")
struct OfflineErrorTests {
    @Test("an unknown option is a usage error: exit 2, the option named, nothing on stdout", .timeLimit(.minutes(2)))
    func unknownOption() async throws {
        let result = try await CLI.run(["jobs", "--bogus"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--bogus"), "\(result)")
        #expect(result.stderr.contains("Usage: velo-cli jobs"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("an unknown command and a bad option value are usage errors too", .timeLimit(.minutes(2)))
    func otherUsageErrors() async throws {
        let unknownCommand = try await CLI.run(["frobnicate"])
        #expect(unknownCommand.status == 2, "\(unknownCommand)")
        let badLimit = try await CLI.run(["query", "SELECT 1", "--limit", "0"])
        #expect(badLimit.status == 2, "\(badLimit)")
        #expect(badLimit.stderr.contains("--limit must be at least 1"), "\(badLimit)")
        let badServer = try await CLI.run(["--server", "ftp://example.com", "jobs"])
        #expect(badServer.status == 2, "\(badServer)")
        #expect(badServer.stderr.contains("--server must be an http:// or https:// URL"), "\(badServer)")
    }

    @Test("connection refused: exit 1, one line naming the URL, no stack trace", .timeLimit(.minutes(2)),
          arguments: [["health"], ["jobs"], ["deploy", "FILE"], ["query", "SELECT 1"], ["status"]])
    func connectionRefused(command: [String]) async throws {
        let file = try CLI.writeTemporaryFile("job.sql", "CREATE STREAM s (id BIGINT) WITH ('topic' = 't');\n")
        defer { CLI.removeTemporaryFile(file) }
        let arguments = command.map { $0 == "FILE" ? file.path : $0 }
        let result = try await CLI.run(["--server", "http://127.0.0.1:1"] + arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("error: cannot reach http://127.0.0.1:1/"), "\(result)")
        #expect(result.stderr.contains("Connection refused"), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result)")
        for trace in ["Fatal error", "Stack dump", "backtrace", "Current stack trace"] {
            #expect(!result.stderr.contains(trace), "\(result)")
        }
    }

    @Test("--sql-host/--sql-port name the server the same way: refused on port 1", .timeLimit(.minutes(2)))
    func sqlHostAndPortRefused() async throws {
        let result = try await CLI.run(["--sql-host", "127.0.0.1", "--sql-port", "1", "jobs"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: cannot reach http://127.0.0.1:1/api/v1/jobs"), "\(result)")
    }
}
