import Testing

/// `velo-cli deploy FILE.sql`: the jobs created, or the file's SQL errors with a caret.
extension LiveServerTests {
    @Test("deploy: exit 0, the declarations and a table of the jobs created", .timeLimit(.minutes(2)))
    func deploy() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("deploy-in"), output = kafka.topic("deploy-out")
            try await kafka.produce(input, ids: 0..<10)
            let file = try CLI.writeTemporaryFile("orders.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let job = kafka.name("big_orders")

            let result = try await CLI.run(["deploy", file.path], against: server)
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.first == "deployed 1 job from \(file.path)", "\(result)")
            #expect(lines.dropFirst().first == "declared: \(kafka.name("orders"))", "\(result)")
            #expect(lines.contains { CLI.cells($0) == ["NAME", "STATE", "IN", "OUT", "RATE/s", "LAG", "ERRORS", "SOURCES", "SINK TOPIC"] }, "\(result)")
            let row = try #require(CLI.row(job, in: result.stdout), "\(result)")
            #expect(["starting", "running"].contains(row.dropFirst().first ?? ""), "\(result)")
            #expect(row.last == output, "the sink topic: \(result)")
            #expect(result.stderr.isEmpty, "\(result)")

            // The same name again: the server's 409, exit 1.
            let again = try await CLI.run(["deploy", file.path], against: server)
            #expect(again.status == 1, "\(again)")
            #expect(again.stderr.contains("error: a job named '\(job)' exists"), "\(again)")

            // --name renames the single job of a file.
            let renamed = kafka.name("renamed")
            let named = try await CLI.run(["deploy", file.path, "--name", renamed], against: server)
            #expect(named.status == 0, "\(named)")
            #expect(CLI.row(renamed, in: named.stdout) != nil, "\(named)")

            for name in [job, renamed] {
                let drop = try await CLI.run(["drop", name], against: server)
                #expect(drop.status == 0, "\(drop)")
            }
        }
    }

    @Test("deploy of a file with a SQL error: exit 1, the line and a caret on stderr, nothing deployed", .timeLimit(.minutes(2)))
    func deploySQLError() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("bad-in")
            let stream = kafka.name("orders")
            let file = try CLI.writeTemporaryFile("bad.sql", """
                CREATE STREAM \(stream) (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
                CREATE STREAM \(kafka.name("out")) AS SELECT idd FROM \(stream);

                """)
            defer { CLI.removeTemporaryFile(file) }

            let result = try await CLI.run(["deploy", file.path], against: server)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "error: unknown column 'idd'", "\(result)")
            let column = "CREATE STREAM \(kafka.name("out")) AS SELECT ".count + 1
            #expect(lines.contains(" --> \(file.path):2:\(column)"), "\(result)")
            let sourceLine = try #require(lines.firstIndex(of: "2 | CREATE STREAM \(kafka.name("out")) AS SELECT idd FROM \(stream);"), "\(result)")
            #expect(lines.indices.contains(sourceLine + 1) && lines[sourceLine + 1] == "  | " + String(repeating: " ", count: column - 1) + "^", "\(result)")
            #expect(result.stderr.contains("did you mean 'id'?"), "\(result)")
            #expect(lines.last(where: { !$0.isEmpty }) == "error: \(file.path): 1 error; nothing was deployed", "\(result)")

            // Nothing was created, not even the declaration on line 1.
            let describe = try await CLI.run(["describe", stream], against: server)
            #expect(describe.status == 1, "\(describe)")
            #expect(describe.stderr == "error: no job, stream or table is called \(stream)\n", "\(describe)")
        }
    }
}
