import Testing

/// `velo-cli health` and `velo-cli status` (without --refresh).
extension LiveServerTests {
    @Test("health: exit 0, one line per component: server, kafka, state store, jobs", .timeLimit(.minutes(2)))
    func health() async throws {
        let server = try LiveServer.server()
        let result = try await CLI.probingKafka { try await CLI.run(["health"], against: server) }
        #expect(result.status == 0, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.count == 4, "\(result)")
        #expect(lines.map { CLI.cells($0).first ?? "" } == ["server", "kafka", "state store", "jobs"], "\(result)")
        #expect(lines.allSatisfy { CLI.cells($0).dropFirst().first == "ok" }, "every component ok: \(result)")
        #expect(lines.first?.contains("velo-sql 0.5.0, up ") == true, "\(result)")
        #expect(lines.dropFirst().first?.contains("\(try #require(Binaries.brokers)) (1 broker") == true, "\(result)")
        #expect(lines.dropFirst(2).first?.contains(server.stateDirectory.lastPathComponent) == true, "the state store's path: \(result)")
        #expect(lines.last?.contains(" total") == true, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")

        let json = try await CLI.probingKafka { try await CLI.run(["health", "--output", "json"], against: server) }
        #expect(json.status == 0, "\(json)")
        #expect(CLI.json(json)?["status"] as? String == "ok", "\(json)")
    }

    @Test("status: the server's URL and status, the components, then the jobs", .timeLimit(.minutes(2)))
    func status() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("status-in"), output = kafka.topic("status-out")
            try await kafka.produce(input, ids: 0..<20)
            let file = try CLI.writeTemporaryFile("status.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let job = kafka.name("big_orders")
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            try #require(deploy.status == 0, "\(deploy)")
            try await server.waitForJob(job) { $0.state == "running" && $0.recordsIn >= 20 }

            let result = try await CLI.probingKafka { try await CLI.run(["status"], against: server) }
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.first == "\(server.baseURL): ok", "\(result)")
            #expect(lines.count >= 9, "\(result)")
            #expect(lines.dropFirst(2).prefix(4).map { CLI.cells($0).first ?? "" } == ["server", "kafka", "state store", "jobs"], "\(result)")
            #expect(lines.contains { CLI.cells($0).prefix(3) == ["NAME", "STATE", "IN"] }, "the jobs table: \(result)")
            let row = try #require(CLI.row(job, in: result.stdout), "\(result)")
            #expect(row.prefix(2) == [job, "running"], "\(result)")
            #expect((CLI.count(row.dropFirst(2).first) ?? 0) >= 20, "IN: \(result)")
            #expect(CLI.count(row.dropFirst(3).first) == 0, "OUT (no order over 500): \(result)")

            let verbose = try await CLI.run(["status", "--verbose"], against: server)
            #expect(verbose.status == 0, "\(verbose)")
            #expect(verbose.stdout.contains("DETAIL"), "\(verbose)")
            #expect(CLI.row(job, in: verbose.stdout)?.last == "orders over 500", "the description as detail: \(verbose)")

            let json = try await CLI.probingKafka { try await CLI.run(["status", "--output", "json"], against: server) }
            #expect(json.status == 0, "\(json)")
            let document = CLI.json(json)
            #expect((document?["health"] as? [String: Any])?["status"] as? String == "ok", "\(json)")
            #expect((document?["jobs"] as? [[String: Any]])?.contains { $0["name"] as? String == job } == true, "\(json)")

            let drop = try await CLI.run(["drop", job], against: server)
            #expect(drop.status == 0, "\(drop)")
        }
    }
}
