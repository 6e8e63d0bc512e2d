import Foundation
import Testing

/// `velo-cli jobs [--sql] [--topics] [--output json]`.
extension LiveServerTests {
    @Test("jobs: a table with NAME, STATE, IN, OUT, RATE/s, LAG, ERRORS and the job's row; --sql; --topics; --output json", .timeLimit(.minutes(2)))
    func jobs() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("jobs-in"), output = kafka.topic("jobs-out")
            try await kafka.produce(input, ids: 0..<100)
            let file = try CLI.writeTemporaryFile("orders.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let job = kafka.name("big_orders")
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            try #require(deploy.status == 0, "\(deploy)")
            let state = try await server.waitForJob(job) { $0.state == "running" && $0.recordsOut >= 49 }
            #expect(state.recordsOut >= 49, "\(state)")

            let result = try await CLI.run(["jobs"], against: server)
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(CLI.cells(lines.first ?? "") == ["NAME", "STATE", "IN", "OUT", "RATE/s", "LAG", "ERRORS"], "\(result)")
            #expect(lines.dropFirst().first?.allSatisfy { $0 == "-" || $0 == " " } == true, "a rule under the header: \(result)")
            let row = try #require(CLI.row(job, in: result.stdout), "\(result)")
            #expect(row.count == 7, "\(result)")
            #expect(row.prefix(2) == [job, "running"], "\(result)")
            // At least once: a rebalance may deliver some records again (IN and OUT grow), never fewer.
            #expect((CLI.count(row.dropFirst(2).first) ?? 0) >= 100, "IN: \(result)")
            #expect((CLI.count(row.dropFirst(3).first) ?? 0) >= 49, "OUT: \(result)")
            let rate = row.dropFirst(4).first?.split(separator: ".") ?? []
            #expect(rate.count == 2 && Int(rate[0]) != nil && rate[1].count == 1, "RATE/s with one decimal: \(result)")
            #expect(row.last == "0", "no errors: \(result)")
            // Aligned: the header and the job's row end at the same column (the counts are right-aligned).
            let jobLine = try #require(lines.first { CLI.cells($0).first == job })
            #expect(jobLine.count == lines.first?.count, "\(result)")

            let withSQL = try await CLI.run(["jobs", "--sql"], against: server)
            #expect(withSQL.status == 0, "\(withSQL)")
            #expect(CLI.cells(withSQL.stdoutLines.first ?? "").last == "SQL", "\(withSQL)")
            let sql = try #require(CLI.row(job, in: withSQL.stdout)?.last, "\(withSQL)")
            #expect(sql.hasPrefix("CREATE STREAM \(kafka.name("big"))"), "\(withSQL)")
            #expect(sql.contains("FROM \(kafka.name("orders")) WHERE amount > 500"), "the SQL on one line: \(withSQL)")

            let withTopics = try await CLI.run(["jobs", "--topics"], against: server)
            #expect(withTopics.status == 0, "\(withTopics)")
            let topicRow = try #require(CLI.row(job, in: withTopics.stdout), "\(withTopics)")
            #expect(topicRow.dropLast().last == "\(input) end=100", "the source topic with its end offset: \(withTopics)")
            let sinkCell = try #require(topicRow.last, "\(withTopics)")
            #expect(sinkCell.hasPrefix("\(output) end="), "the sink topic with its end offset: \(withTopics)")
            #expect((Int(sinkCell.dropFirst("\(output) end=".count)) ?? 0) >= 49, "\(withTopics)")

            let json = try await CLI.run(["jobs", "--output", "json"], against: server)
            #expect(json.status == 0, "\(json)")
            let listed = try #require(CLI.json(json)?["jobs"] as? [[String: Any]], "\(json)")
            let entry = try #require(listed.first { $0["name"] as? String == job }, "\(json)")
            #expect(entry.state == "running", "\(json)")
            #expect(entry.recordsOut >= 49, "\(json)")
            // The global form of the option works as well.
            let global = try await CLI.run(["--output", "json", "jobs"], against: server)
            #expect(CLI.json(global)?["jobs"] is [Any], "\(global)")

            let drop = try await CLI.run(["drop", job], against: server)
            #expect(drop.status == 0, "\(drop)")
        }
    }
}
