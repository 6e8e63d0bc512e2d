import Testing

/// A server started with VELO_TOKEN=secret: /api/v1 wants `--token` or VELO_TOKEN; /health stays open.
@Suite("velo-cli against a server that wants a token", .enabled(if: Binaries.brokers != nil), .liveServer(token: "secret"))
struct TokenTests {
    @Test("no token: exit 1 naming --token and VELO_TOKEN; a wrong one: exit 1; --token secret or VELO_TOKEN=secret: exit 0", .timeLimit(.minutes(2)))
    func token() async throws {
        let server = try LiveServer.server()

        let without = try await CLI.run(["jobs"], against: server, token: false)
        #expect(without.status == 1, "\(without)")
        #expect(without.stdout.isEmpty, "\(without)")
        #expect(without.stderr == "error: the server wants a token: pass --token or set VELO_TOKEN\n", "\(without)")

        let wrong = try await CLI.run(["--server", server.baseURL, "--token", "guess", "jobs"])
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.stderr == "error: the server rejected the token: check --token or VELO_TOKEN\n", "\(wrong)")

        let withOption = try await CLI.run(["--server", server.baseURL, "--token", "secret", "jobs"])
        #expect(withOption.status == 0, "\(withOption)")
        #expect(withOption.stdout == "no jobs\n", "\(withOption)")

        let optionAfter = try await CLI.run(["streams", "--server", server.baseURL, "--token", "secret"])
        #expect(optionAfter.status == 0, "\(optionAfter)")

        let withEnvironment = try await CLI.run(["--server", server.baseURL, "jobs"], environment: ["VELO_TOKEN": "secret"])
        #expect(withEnvironment.status == 0, "\(withEnvironment)")
        #expect(withEnvironment.stdout == "no jobs\n", "\(withEnvironment)")

        // The option beats the environment.
        let optionWins = try await CLI.run(["--server", server.baseURL, "--token", "guess", "jobs"], environment: ["VELO_TOKEN": "secret"])
        #expect(optionWins.status == 1, "\(optionWins)")

        // Health is open (load balancers probe it without credentials): the components, no token asked.
        let health = try await CLI.run(["health"], against: server, token: false)
        #expect(health.stdoutLines.map { CLI.cells($0).first ?? "" } == ["server", "kafka", "state store", "jobs"], "\(health)")
        #expect(!health.stderr.contains("token"), "\(health)")
    }
}
