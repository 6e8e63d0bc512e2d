import Testing

/// `velo-cli explain 'SQL'`: the operator graph from the server, one node per line; nothing runs.
extension LiveServerTests {
    @Test("explain: one node per line, numbered from the sink to the source; bad SQL exits 1 with a caret", .timeLimit(.minutes(2)))
    func explain() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let topic = "cli-e2e-explain-\(kafka.suffix)"
            let sql = "CREATE STREAM \(kafka.name("wide")) WITH ('topic' = '\(topic)-out') AS SELECT id, amount * 2 AS twice FROM `\(topic)` WHERE amount > 10;"
            let result = try await CLI.run(["explain", sql], against: server)
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.count >= 3, "\(result)")
            for (index, line) in lines.enumerated() {
                #expect(line.hasPrefix("\(index + 1) "), "node \(index + 1) on line \(index + 1): \(result)")
            }
            #expect(lines.first?.hasPrefix("1 sink \(kafka.name("wide")) kafka topic=\(topic)-out") == true, "\(result)")
            #expect(lines.contains { $0.contains("filter amount > 10") }, "\(result)")
            #expect(lines.last?.contains("source") == true, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")

            // Nothing ran: no job of that name exists.
            let describe = try await CLI.run(["describe", kafka.name("wide")], against: server)
            #expect(describe.status == 1, "\(describe)")

            let bad = try await CLI.run(["explain", "SELECT id FORM `\(topic)`"], against: server)
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stdout.isEmpty, "\(bad)")
            #expect(bad.stderr.contains("1 | SELECT id FORM `\(topic)`"), "the line: \(bad)")
            #expect(bad.stderr.contains("  |           ^"), "a caret under FORM (column 11): \(bad)")
            #expect(bad.stderr.hasSuffix("error: the SQL has 1 error\n"), "\(bad)")
        }
    }
}
