import Testing

/// `velo-cli describe NAME`: a job, else a stream, else a table.
extension LiveServerTests {
    @Test("describe JOB: state, sources, sink, records, SQL and plan; describe STREAM: topic, format, columns", .timeLimit(.minutes(2)))
    func describe() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("describe-in"), output = kafka.topic("describe-out")
            try await kafka.produce(input, ids: 0..<60)
            let file = try CLI.writeTemporaryFile("orders.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let job = kafka.name("big_orders"), stream = kafka.name("orders")
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            try #require(deploy.status == 0, "\(deploy)")
            try await server.waitForJob(job) { $0.state == "running" && $0.recordsOut >= 9 }

            let result = try await CLI.run(["describe", job], against: server)
            #expect(result.status == 0, "\(result)")
            let text = result.stdout
            #expect(CLI.row("job", in: text) == ["job", job], "\(result)")
            #expect(CLI.row("state", in: text) == ["state", "running"], "\(result)")
            #expect(CLI.row("description", in: text) == ["description", "orders over 500"], "\(result)")
            // The API names a job's sources by the topics they read (docs/api.md, `sources`).
            #expect(CLI.row("sources", in: text) == ["sources", input], "\(result)")
            #expect(CLI.row("sink", in: text) == ["sink", "\(kafka.name("big")) (kafka topic \(output))"], "\(result)")
            // At least once: a rebalance may deliver some records again, never fewer.
            let records = try #require(CLI.row("records", in: text)?.last, "\(result)")
            let counts = records.split(separator: " ").compactMap { Int(String($0).trimmingCharacters(in: .punctuationCharacters)) }
            #expect(counts.count >= 2 && counts[0] >= 60 && counts[1] >= 9, "'N in, M out, R/s': \(result)")
            #expect(records.contains(" in, ") && records.contains(" out, ") && records.hasSuffix("/s"), "\(result)")
            #expect(CLI.row("errors", in: text)?.last?.hasPrefix("0 ") == true, "\(result)")
            let lines = result.stdoutLines
            let sqlHeading = try #require(lines.firstIndex(of: "SQL"), "\(result)")
            #expect(lines.dropFirst(sqlHeading + 1).first?.hasPrefix("  ") == true, "the SQL, indented: \(result)")
            #expect(text.contains("WHERE amount > 500"), "\(result)")
            let planHeading = try #require(lines.firstIndex(of: "plan"), "\(result)")
            let plan = lines.dropFirst(planHeading + 1).prefix { $0.hasPrefix("  ") }
            #expect(plan.first?.hasPrefix("  1 sink \(kafka.name("big")) kafka topic=\(output)") == true, "\(result)")
            #expect(plan.contains { $0.contains("filter") && $0.contains("amount > 500") }, "\(result)")
            #expect(plan.contains { $0.contains("source") && $0.contains(input) }, "\(result)")

            let streamResult = try await CLI.run(["describe", stream], against: server)
            #expect(streamResult.status == 0, "\(streamResult)")
            #expect(CLI.row("stream", in: streamResult.stdout) == ["stream", stream], "\(streamResult)")
            #expect(CLI.row("topic", in: streamResult.stdout) == ["topic", input], "\(streamResult)")
            #expect(CLI.row("COLUMN", in: streamResult.stdout) == ["COLUMN", "TYPE"], "\(streamResult)")
            #expect(CLI.row("id", in: streamResult.stdout) == ["id", "BIGINT"], "\(streamResult)")
            #expect(CLI.row("amount", in: streamResult.stdout) == ["amount", "BIGINT"], "\(streamResult)")
            #expect(streamResult.stdout.contains("CREATE STREAM \(stream)"), "its SQL: \(streamResult)")

            let json = try await CLI.run(["describe", job, "--output", "json"], against: server)
            #expect(CLI.json(json)?["name"] as? String == job, "\(json)")

            let missing = try await CLI.run(["describe", kafka.name("nothing")], against: server)
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr == "error: no job, stream or table is called \(kafka.name("nothing"))\n", "\(missing)")

            let drop = try await CLI.run(["drop", job], against: server)
            #expect(drop.status == 0, "\(drop)")
        }
    }
}
