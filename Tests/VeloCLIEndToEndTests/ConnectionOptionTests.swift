import Testing

/// How the CLI finds the server: `--server`, `--sql-host/--sql-port` (for compatibility), `VELO_SERVER`;
/// before or after the command name.
extension LiveServerTests {
    @Test("--sql-host 127.0.0.1 --sql-port PORT works like --server", .timeLimit(.minutes(2)))
    func sqlHostAndPort() async throws {
        let server = try LiveServer.server()
        let viaServer = try await CLI.run(["--server", server.baseURL, "jobs"])
        #expect(viaServer.status == 0, "\(viaServer)")
        let options = ["--sql-host", "127.0.0.1", "--sql-port", "\(server.port)"]

        let before = try await CLI.probingKafka { try await CLI.run(options + ["health"]) }
        #expect(before.status == 0, "\(before)")
        #expect(before.stdoutLines.map { CLI.cells($0).first ?? "" } == ["server", "kafka", "state store", "jobs"], "\(before)")
        let after = try await CLI.run(["jobs"] + options)
        #expect(after.status == 0, "options after the command: \(after)")
        #expect(CLI.cells(after.stdoutLines.first ?? "").first.map { ["NAME", "no jobs"].contains($0) } == true, "\(after)")
        let json = try await CLI.run(options + ["--output", "json", "streams"])
        #expect(CLI.json(json)?["streams"] is [Any], "\(json)")

        // --server wins over --sql-host/--sql-port.
        let both = try await CLI.probingKafka { try await CLI.run(["--server", server.baseURL, "--sql-host", "127.0.0.1", "--sql-port", "1", "health"]) }
        #expect(both.status == 0, "\(both)")
    }

    @Test("VELO_SERVER names the server when no option does; the host:port form is accepted", .timeLimit(.minutes(2)))
    func serverFromEnvironment() async throws {
        let server = try LiveServer.server()
        let result = try await CLI.probingKafka { try await CLI.run(["health"], environment: ["VELO_SERVER": server.baseURL]) }
        #expect(result.status == 0, "\(result)")
        let bare = try await CLI.probingKafka { try await CLI.run(["--server", "127.0.0.1:\(server.port)", "health"]) }
        #expect(bare.status == 0, "\(bare)")
    }
}
