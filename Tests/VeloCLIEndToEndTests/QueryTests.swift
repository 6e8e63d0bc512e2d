import Foundation
import Testing

/// `velo-cli query 'SELECT …'`: a transient push query, rows live as an aligned table or as JSON lines.
extension LiveServerTests {
    @Test("query --limit 3: an aligned table of 3 rows, then the summary line; exit 0", .timeLimit(.minutes(2)))
    func queryTable() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("query-in")
            try await kafka.produce(input, ids: 0..<10)

            let result = try await CLI.run(["query", "SELECT id, amount * 2 AS twice FROM `\(input)`", "--limit", "3"], against: server)
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.count == 6, "header, rule, 3 rows, summary: \(result)")
            #expect(CLI.cells(lines.first ?? "") == ["id", "twice"], "\(result)")
            #expect(lines.dropFirst().first?.allSatisfy { $0 == "-" || $0 == " " } == true, "\(result)")
            #expect(lines.dropFirst(2).prefix(3).map(CLI.cells) == [["0", "0"], ["1", "20"], ["2", "40"]], "\(result)")
            // Aligned: numbers to the right, so every line of the table is as wide as the header.
            let width = lines.first?.count ?? 0
            #expect(lines.prefix(5).allSatisfy { $0.count == width }, "\(result)")
            #expect(lines.last == "3 rows (limit)", "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
        }
    }

    @Test("query --output json: one JSON object per row on stdout, the summary on stderr", .timeLimit(.minutes(2)))
    func queryJSON() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("query-json")
            try await kafka.produce(input, ids: 0..<10)

            let result = try await CLI.run(["query", "SELECT id, amount FROM `\(input)` WHERE id >= 5", "--limit", "3", "--output", "json"], against: server)
            #expect(result.status == 0, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.count == 3, "\(result)")
            let rows = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            #expect(rows.count == 3, "every line is a JSON object: \(result)")
            #expect(rows.map { $0["id"] as? Int } == [5, 6, 7], "\(result)")
            #expect(rows.map { $0["amount"] as? Int } == [50, 60, 70], "\(result)")
            #expect(result.stderr == "3 rows (limit)\n", "\(result)")
        }
    }

    @Test("query --timeout with no matching rows: the header, 0 rows (timeout), exit 0; bad SQL: exit 1 with a caret", .timeLimit(.minutes(2)))
    func queryTimeoutAndError() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("query-none")
            try await kafka.produce(input, ids: 0..<3)

            let result = try await CLI.run(["query", "SELECT id FROM `\(input)` WHERE id > 1000", "--timeout", "2"], against: server)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdoutLines.first.map(CLI.cells) == ["id"], "\(result)")
            #expect(result.stdoutLines.last == "0 rows (timeout)", "\(result)")

            let bad = try await CLI.run(["query", "SELECT id FROM `\(input)` WHERE"], against: server)
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stderr.contains("1 | SELECT id FROM `\(input)` WHERE"), "\(bad)")
            #expect(bad.stderr.contains("^"), "\(bad)")
            #expect(bad.stderr.hasSuffix("error: the query has 1 error\n"), "\(bad)")
        }
    }
}
